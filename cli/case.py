"""``sopflow case ...``: start, list, show and export cases; sweep unreferenced blobs.

Every command reads the clock from ``SOPFLOW_TODAY`` when it is set (see
:mod:`sopflow.runner.clock`), so due dates and overdue lists can be checked
as of any day.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from sopflow.bpmn import resolve_model
from sopflow.cli.runtime import data_option, database_option, emit_json, errors_to_exit, json_option
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import clock_from_env
from sopflow.runner.maintenance import DEFAULT_GRACE, sweep_blobs

__all__ = ["case", "service_for"]


def service_for(data_dir: Path, database_url: str | None) -> CaseService:
    """The case service of a data directory, on the clock ``SOPFLOW_TODAY`` may fix."""
    return CaseService(data_dir, database_url=database_url, clock=clock_from_env())


@click.group()
def case() -> None:
    """Start and inspect cases (one run of a SOP)."""


@case.command("start")
@click.argument("sop")
@click.option("--roster", "roster_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Roster TOML: the official, NIP and signer for every role, and the trust root.")
@click.option("--forms", "forms_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of .form files, when they are not beside the model.")
@data_option
@database_option
@json_option
def start(sop: str, roster_path: Path, forms_dir: Path | None, data_dir: Path, database_url: str | None,
          as_json: bool) -> None:
    """Start a case of SOP (a .bpmn file or a seed SOP number such as LIP20-0013)."""
    from sopflow.runner.roster import Roster

    with errors_to_exit(as_json=as_json):
        model_path = resolve_model(sop)
        if model_path is None:
            raise click.BadParameter(f"{sop!r} is neither a model file nor a seed SOP number", param_hint="SOP")
        service = service_for(data_dir, database_url)
        case_id = service.start_case(model_path, Roster.load(roster_path), forms_dir=forms_dir)
        summary = service.summary(case_id)
        tasks = service.ready_tasks(case_id)
    if as_json:
        emit_json({"case": summary, "ready": tasks})
        return
    click.echo(f"Kasus {case_id} dimulai: {summary.sop_number} {summary.sop_title}")
    if summary.due_date:
        click.echo(f"  batas waktu: {summary.due_date.isoformat()}")
    for task in tasks:
        click.echo(f"  siap: {task.id}  {task.role}: {task.name}")


@case.command("list")
@data_option
@database_option
@json_option
def list_(data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """List cases, newest first."""
    with errors_to_exit(as_json=as_json):
        cases = service_for(data_dir, database_url).list_cases()
    if as_json:
        emit_json(cases)
        return
    for c in cases:
        due = c.due_date.isoformat() if c.due_date else "-"
        click.echo(f"{c.id:24} {c.status:10} tugas selesai {c.journal_length:3d}  batas {due}  {c.sop_title}")
    if not cases:
        click.echo("Belum ada kasus. Mulai dengan: sopflow case start SOP --roster roster.toml")


@case.command("show")
@click.argument("case_id")
@data_option
@database_option
@json_option
def show(case_id: str, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Show a case: status, journal, documents and ready tasks."""
    with errors_to_exit(as_json=as_json):
        service = service_for(data_dir, database_url)
        summary = service.summary(case_id)
        journal = service.journal(case_id)
        documents = service.documents(case_id)
        ready = service.ready_tasks(case_id)
    if as_json:
        emit_json({
            "case": summary, "journal": journal, "ready": ready,
            "documents": [{"document": d.document_id, "type": d.doc_type, "nomor": d.nomor,
                           "revision": d.revision} for d in documents],
        })
        return
    click.echo(f"Kasus {summary.id}: {summary.sop_number} {summary.sop_title} [{summary.status}]")
    click.echo("Jurnal:")
    for e in journal:
        click.echo(f"  {e['seq']:3d}. {e['time'][:19]}  {e['role']}: {e['task']['name']}  "
                   f"({e['action']} {e['document']} r{e['revision']})")
    click.echo("Dokumen:")
    for d in documents:
        click.echo(f"  {d.document_id:28} {d.doc_type:18} {d.nomor or '-':24} revisi {d.revision}")
    if ready:
        click.echo("Tugas siap:")
        for t in ready:
            click.echo(f"  {t.id}  {t.role}: {t.name}")


@case.command("export")
@click.argument("case_id")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="New directory for the BagIt archive.")
@data_option
@database_option
@json_option
def export(case_id: str, out_dir: Path, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Export a case as a self-contained BagIt archive for offline verification."""
    from sopflow.archive.export import export_case

    with errors_to_exit(as_json=as_json):
        path = export_case(service_for(data_dir, database_url), case_id, out_dir)
    if as_json:
        emit_json({"case": case_id, "archive": path})
    else:
        click.echo(f"Arsip kasus {case_id}: {path}")


@case.command("sweep-blobs")
@click.option("--grace-hours", type=click.FloatRange(min=0), default=DEFAULT_GRACE.total_seconds() / 3600,
              show_default=True, help="Keep unreferenced blobs younger than this (completions in flight).")
@data_option
@database_option
@json_option
def sweep(grace_hours: float, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Delete stored documents no revision refers to (left by interrupted completions)."""
    with errors_to_exit(as_json=as_json):
        service = service_for(data_dir, database_url)
        result = sweep_blobs(service.store, grace=timedelta(hours=grace_hours))
    if as_json:
        emit_json(result)
        return
    click.echo(f"{len(result.removed)} berkas tanpa rujukan dihapus, {len(result.kept_recent)} disimpan "
               f"(lebih baru dari {grace_hours:g} jam), {result.referenced} berkas dirujuk.")
