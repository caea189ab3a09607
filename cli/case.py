"""``sopflow case ...``: start, list, show and export cases; their documents; sweep unreferenced blobs.

Every command reads the clock from ``SOPFLOW_TODAY`` when it is set (see
:mod:`sopflow.runner.clock`), so due dates and overdue lists can be checked
as of any day. Case ids may be shortened to any unambiguous prefix.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sopflow import messages
from sopflow.cli.runtime import (
    data_option,
    database_option,
    emit_json,
    errors_to_exit,
    forms_dir_option,
    json_option,
    open_service,
    out_dir_option,
    out_file_option,
    resolve_sop,
    roster_option,
    write_output,
)
from sopflow.localtime import format_time

if TYPE_CHECKING:
    from sopflow.runner.cases import CaseService

__all__ = ["case", "service_for"]

def service_for(data_dir: Path, database_url: str | None) -> CaseService:
    """The case service of an existing data directory (see :func:`open_service`)."""
    return open_service(data_dir, database_url)


@click.group()
def case() -> None:
    """Start and inspect cases (one run of a SOP)."""


@case.command("start")
@click.argument("sop")
@roster_option("the official, NIP and signer for every role, and the trust root", required=True)
@forms_dir_option("Folder of .form files, when they are not beside the model.")
@data_option
@database_option
@json_option
def start(sop: str, roster_path: Path, forms_dir: Path | None, data_dir: Path, database_url: str | None,
          as_json: bool) -> None:
    """Start a case of SOP (a .bpmn file or a seed SOP number such as LIP20-0013).

    Refuses, with check's findings, any model `sopflow check` rejects; nothing
    is written then. Creates the data directory when it does not exist yet.
    """
    from sopflow.runner.admission import admit_model
    from sopflow.runner.roster import Roster

    with errors_to_exit(as_json=as_json):
        model_path = resolve_sop(sop)
        roster = Roster.load(roster_path)
        admitted = admit_model(model_path, forms_dir=forms_dir)  # before the data directory is touched
        service = open_service(data_dir, database_url, create=True)
        case_id = service.start_admitted(admitted, roster)
        summary = service.summary(case_id)
        tasks = service.ready_tasks(case_id)
    if as_json:
        emit_json({"case": summary, "ready": tasks})
        return
    click.echo(messages.CASE_STARTED.format(case=case_id, number=summary.sop_number, title=summary.sop_title))
    if summary.due_date:
        click.echo(messages.CASE_DUE.format(due=summary.due_date.isoformat()))
    for t in tasks:
        click.echo(messages.CASE_READY_TASK.format(id=t.id, role=t.role, name=t.name))


@case.command("list")
@data_option
@database_option
@json_option
def list_(data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """List cases, newest first."""
    with errors_to_exit(as_json=as_json):
        cases = open_service(data_dir, database_url).list_cases()
    if as_json:
        emit_json(cases)
        return
    for c in cases:
        click.echo(messages.CASE_LIST_LINE.format(id=c.id, status=c.status, done=c.journal_length,
                                                  due=c.due_date.isoformat() if c.due_date else "-",
                                                  title=c.sop_title))
    if not cases:
        click.echo(messages.NO_CASES)


@case.command("show")
@click.argument("case_id")
@data_option
@database_option
@json_option
def show(case_id: str, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Show a case: status, journal, documents and ready tasks."""
    from sopflow.runner.lookup import resolve_case_id

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        case_id = resolve_case_id(service, case_id)
        summary = service.summary(case_id)
        journal = service.journal(case_id)
        documents = service.documents(case_id)
        ready = service.ready_tasks(case_id)
        zone = service.model_of(case_id).time_zone
    if as_json:
        emit_json({
            "case": summary, "journal": journal, "ready": ready,
            "documents": [{"document": d.document_id, "type": d.doc_type, "nomor": d.nomor,
                           "revision": d.revision} for d in documents],
        })
        return
    click.echo(messages.CASE_HEADER.format(id=summary.id, number=summary.sop_number, title=summary.sop_title,
                                           status=summary.status))
    from sopflow.runner.binding import CANCEL_ACTION

    click.echo(messages.CASE_JOURNAL)
    for e in journal:
        when = format_time(datetime.fromisoformat(e["time"]), zone)
        if e.get("action") == CANCEL_ACTION:
            click.echo(messages.CASE_JOURNAL_CANCEL_LINE.format(seq=e["seq"], time=when, reason=e["reason"]))
            continue
        click.echo(messages.CASE_JOURNAL_LINE.format(seq=e["seq"], time=when, role=e["role"],
                                                     task=e["task"]["name"], action=e["action"],
                                                     document=e["document"], revision=e["revision"]))
    click.echo(messages.CASE_DOCUMENTS)
    for d in documents:
        click.echo(messages.CASE_DOCUMENT_LINE.format(document=d.document_id, type=d.doc_type, nomor=d.nomor or "-",
                                                      revision=d.revision))
    if ready:
        click.echo(messages.CASE_READY)
        for t in ready:
            click.echo(messages.CASE_READY_LINE.format(id=t.id, role=t.role, name=t.name))


@case.command("document")
@click.argument("case_id")
@click.argument("name")
@click.option("--revision", type=click.IntRange(min=1), default=None,
              help="Revision number (default: the newest).")
@out_file_option("PDF to write.", required=True)
@data_option
@database_option
@json_option
def document(case_id: str, name: str, revision: int | None, out: Path, data_dir: Path, database_url: str | None,
             as_json: bool) -> None:
    """Write revision N of document NAME of a case, as signed (`case show` lists the documents)."""
    from sopflow.runner.lookup import resolve_case_id
    from sopflow.runner.revisions import read_revision

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        stored = read_revision(service, resolve_case_id(service, case_id), name, revision)
        write_output(out, stored.pdf)
    if as_json:
        emit_json({"pdf": out, "case": stored.case_id, "document": stored.document, "revision": stored.revision,
                   "latest": stored.latest, "task": stored.task_id, "sha256": stored.sha256,
                   "size": len(stored.pdf)})
    else:
        click.echo(messages.DOCUMENT_WRITTEN.format(path=out, document=stored.document, revision=stored.revision,
                                                    size=len(stored.pdf), sha256=stored.sha256[:16]))


@case.command("export")
@click.argument("case_id")
@out_dir_option("New directory for the BagIt archive.", required=True)
@data_option
@database_option
@json_option
def export(case_id: str, out_dir: Path, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Export a case as a self-contained BagIt archive for offline verification."""
    from sopflow.archive.export import export_case
    from sopflow.runner.lookup import resolve_case_id

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        case_id = resolve_case_id(service, case_id)
        path = export_case(service, case_id, out_dir)
    if as_json:
        emit_json({"case": case_id, "archive": path})
    else:
        click.echo(messages.CASE_EXPORTED.format(case=case_id, path=path))


@case.command("cancel")
@click.argument("case_id")
@click.option("--reason", required=True, help="Why the case is cancelled (printed on its Lembar Riwayat).")
@data_option
@database_option
@json_option
def cancel(case_id: str, reason: str, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Cancel a running case: journal the reason, end the case, seal its Lembar Riwayat as cancelled.

    The unit seal is the one the case's roster configures; its passphrase or
    PIN comes from that roster, else SOPFLOW_SEAL_PASSPHRASE / SOPFLOW_SEAL_PIN.
    """
    from sopflow.runner.cancel import cancel_case
    from sopflow.runner.lookup import resolve_case_id

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        case_id = resolve_case_id(service, case_id)
        done = cancel_case(service, case_id, reason)
    if as_json:
        emit_json(done)
    else:
        click.echo(messages.CASE_CANCELLED.format(case=done.case_id, seq=done.journal_seq, reason=done.reason,
                                                  sha256=done.history_sha256[:16]))


@case.command("sweep-blobs")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=None,
              help="Keep unreferenced blobs younger than this, in hours (completions in flight; default 1).")
@data_option
@database_option
@json_option
def sweep(grace_hours: float | None, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Delete stored documents no revision refers to (left by interrupted completions)."""
    from datetime import timedelta

    from sopflow.runner.maintenance import DEFAULT_GRACE, sweep_blobs

    grace = DEFAULT_GRACE if grace_hours is None else timedelta(hours=grace_hours)
    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        result = sweep_blobs(service.store, grace=grace)
    if as_json:
        emit_json(result)
        return
    click.echo(messages.BLOBS_SWEPT.format(removed=len(result.removed) + len(result.removed_temp),
                                           kept=len(result.kept_recent), hours=grace.total_seconds() / 3600,
                                           referenced=result.referenced))
