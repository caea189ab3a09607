"""``sopflow task ...``: see, preview and complete the tasks waiting for officials.

Task ids may be shortened to any unambiguous prefix, as git commit ids.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sopflow import messages
from sopflow.cli.runtime import (
    ask_secret,
    data_option,
    database_option,
    emit_json,
    errors_to_exit,
    json_option,
    open_service,
    out_file_option,
    read_input_file,
    read_json_file,
    roster_option,
    write_output,
)

if TYPE_CHECKING:
    from sopflow.model.forms import FormField, FormSpec
    from sopflow.runner.cases import CaseService, TaskView
    from sopflow.signing import SignerSpec

__all__ = ["task"]


@click.group()
def task() -> None:
    """List, show, preview and complete ready tasks."""


@task.command("list")
@click.option("--case", "case_id", help="Only this case (id or unambiguous prefix).")
@click.option("--role", help="Only tasks of this role (lane name, substring match).")
@click.option("--overdue", is_flag=True, help="Only tasks past their due date (working days; today is "
              "SOPFLOW_TODAY when set).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most this many tasks, those waiting longest first (0: all).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the task ids, one per line (for shell scripts).")
@data_option
@database_option
@json_option
def list_(case_id: str | None, role: str | None, overdue: bool, limit: int, quiet: bool, data_dir: Path,
          database_url: str | None, as_json: bool) -> None:
    """List ready tasks with their role and due date, those waiting longest first."""
    from sopflow.runner.clock import clock_from_env
    from sopflow.runner.inbox import InboxQuery, read_inbox

    with errors_to_exit(as_json=as_json):
        query = InboxQuery(today=clock_from_env()().date(), role_contains=role, overdue=overdue, limit=limit or None)
        inbox = read_inbox(data_dir, query) if database_url is None and not case_id else None
        if inbox is None:  # a case prefix to resolve, another database, or one to create or upgrade first
            from sopflow.runner.lookup import resolve_case_id

            service = open_service(data_dir, database_url)
            if case_id:
                query = replace(query, case_id=resolve_case_id(service, case_id))
            inbox = service.query_inbox(query)
    tasks = inbox.tasks
    if inbox.more:
        click.echo(messages.TASK_LIST_MORE.format(shown=len(tasks)), err=True)
    if as_json:
        emit_json(tasks)
        return
    if quiet:
        for t in tasks:
            click.echo(t.id)
        return
    for t in tasks:
        click.echo(messages.TASK_LIST_LINE.format(
            id=t.id, case=t.case_id, due=t.due_date.isoformat() if t.due_date else "-",
            late=messages.TASK_OVERDUE if t.overdue else "", role=t.role, name=t.name, action=t.action,
            document=f" {t.document}" if t.document else ""))
    if not tasks:
        click.echo(messages.NO_TASKS)


@task.command("show")
@click.argument("task_id")
@click.option("--template", "template", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a fill-in JSON of the form (defaults filled, other fields empty) to this file.")
@data_option
@database_option
@json_option
def show(task_id: str, template: Path | None, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Show a ready task and every field of its form: type, label, required, limits, default, choices."""
    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        view, form = _ready(service, task_id)
        fields = [_describe(f) for f in form.fields] if form else []
        if template:
            write_output(template, (json.dumps(fill_in(form), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    if as_json:
        emit_json({"task": view, "fields": fields, "template": template})
        return
    click.echo(messages.TASK_HEADER.format(role=view.role, name=view.name, case=view.case_id, action=view.action,
                                           document=view.document or ""))
    if not fields:
        click.echo(messages.TASK_NO_FIELDS)
    for f in fields:
        click.echo(messages.TASK_FIELD.format(key=f["key"], type=f["type"], label=f["label"],
                                              required=messages.TASK_FIELD_REQUIRED if f["required"] else ""))
        if f["limits"]:
            click.echo(messages.TASK_FIELD_LIMITS.format(
                limits=", ".join(f"{k} {v}" for k, v in f["limits"].items())))
        if f["default"] is not None:
            click.echo(messages.TASK_FIELD_DEFAULT.format(default=json.dumps(f["default"], ensure_ascii=False)))
        if f["choices"]:
            click.echo(messages.TASK_FIELD_CHOICES.format(
                choices="; ".join(f"{json.dumps(c['value'], ensure_ascii=False)} = {c['label']}"
                                  for c in f["choices"])))
    if template:
        click.echo(messages.TASK_TEMPLATE_WRITTEN.format(path=template, task=view.id[:8]))


@task.command("preview")
@click.argument("task_id")
@out_file_option("PDF to write.", required=True)
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON file with the form data (default: the form's default values).")
@data_option
@database_option
@json_option
def preview(task_id: str, out: Path, data_file: Path | None, data_dir: Path, database_url: str | None,
            as_json: bool) -> None:
    """Write the document the task's official will sign, exactly as it will be signed (nothing is recorded).

    Tasks that draft a document (create, record) render it from --data; the others
    show the document's current revision with the signatures it already has.
    """
    from sopflow.runner.preview import preview_task

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        view, form = _ready(service, task_id)
        data = _form_data(data_file) if data_file else (form.defaults() if form else {})
        shown = preview_task(service, view.case_id, view.id, data)
        write_output(out, shown.pdf)
    pages = _page_count(shown.pdf)
    if as_json:
        emit_json({"pdf": out, "case": shown.case_id, "task": shown.task_id, "document": shown.document,
                   "revision": shown.revision, "nomor": shown.nomor, "pages": pages, "data": shown.data})
    else:
        click.echo(messages.TASK_PREVIEW_WRITTEN.format(path=out, document=shown.document, revision=shown.revision,
                                                        pages=pages))


@task.command("complete")
@click.argument("task_id")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON file with the form data (default: the form's default values).")
@roster_option("the signer of the task's official, used when --signer and --pkcs11-module are not given")
@click.option("--signer", "p12", type=click.Path(dir_okay=False, path_type=Path),
              help="PKCS#12 file of the signing official (default: the roster's signer for the task's role).")
@click.option("--passphrase-file", type=click.Path(dir_okay=False, path_type=Path),
              help="File whose first line is the PKCS#12 passphrase (or the token PIN).")
@click.option("--passphrase", envvar="SOPFLOW_PASSPHRASE", help="PKCS#12 passphrase (env SOPFLOW_PASSPHRASE; "
              "prefer --passphrase-file or the environment: options are visible to other users). "
              "Asked for, hidden, when no source gives it.")
@click.option("--pkcs11-module", help="PKCS#11 module (.so) of the official's token.")
@click.option("--token-label", help="PKCS#11 token label.")
@click.option("--key-label", help="PKCS#11 key label.")
@click.option("--pin", envvar="SOPFLOW_PIN", help="PKCS#11 user PIN (env SOPFLOW_PIN).")
@data_option
@database_option
@json_option
def complete(task_id: str, data_file: Path | None, roster_path: Path | None, p12: Path | None,
             passphrase_file: Path | None, passphrase: str | None, pkcs11_module: str | None,
             token_label: str | None, key_label: str | None, pin: str | None, data_dir: Path,
             database_url: str | None, as_json: bool) -> None:
    """Sign the task's document as its official and complete the task.

    The signer is --signer FILE.p12, a PKCS#11 token (--pkcs11-module with labels), or
    else the one the roster (--roster / SOPFLOW_ROSTER) names for the task's role. The
    passphrase comes from --passphrase-file, SOPFLOW_PASSPHRASE, the roster, or a hidden prompt.
    """
    from sopflow.runner.completion import complete_task
    from sopflow.signing import open_signer

    with errors_to_exit(as_json=as_json):
        if p12 and pkcs11_module:
            raise click.UsageError(messages.SIGNER_TWO_KINDS)
        secret = _read_secret(passphrase_file) if passphrase_file else None
        service = open_service(data_dir, database_url)
        view, form = _ready(service, task_id)
        data = _form_data(data_file) if data_file else (form.defaults() if form else {})
        spec = _signer_spec(view, roster_path, p12, secret or passphrase,
                            (pkcs11_module, token_label, key_label, secret or pin), quiet=as_json)
        with open_signer(spec) as signer:
            done = complete_task(service, view.case_id, view.id, data, signer)
    if as_json:
        emit_json(done)
        return
    click.echo(messages.TASK_DONE.format(role=view.role, name=view.name))
    click.echo(messages.TASK_DONE_DOCUMENT.format(
        document=done.document, revision=done.revision, sha256=done.sha256[:16],
        nomor=messages.TASK_DONE_NOMOR.format(nomor=done.nomor) if done.nomor else ""))
    if done.case_completed:
        click.echo(messages.TASK_CASE_DONE.format(case=done.case_id))


def _ready(service: CaseService, task_id: str) -> tuple[TaskView, FormSpec | None]:
    """The ready task a (possibly shortened) id names, and its form."""
    from sopflow.runner.lookup import resolve_task_id

    view = service.ready_task(resolve_task_id(service, task_id))
    return view, service.form_of(view.case_id, view.form_key) if view.form_key else None


def _describe(field: FormField) -> dict[str, Any]:
    """A form field for officials and scripts: everything the form says about it."""
    c = field.constraints
    limits = {name: value for name, value in (
        ("minLength", c.min_length), ("maxLength", c.max_length), ("min", c.minimum), ("max", c.maximum),
        ("pattern", c.pattern), ("validationType", c.validation_type), ("subtype", field.subtype),
    ) if value is not None}
    return {"key": field.key, "label": field.label, "type": field.type, "required": field.required,
            "limits": limits, "default": field.default,
            "choices": [{"value": ch.value, "label": ch.label} for ch in field.choices]}


_EMPTY = {"checkbox": False, "checklist": [], "taglist": [], "number": None}
"""The empty value of a field without a default, by type (text types: an empty string)."""


def fill_in(form: FormSpec | None) -> dict[str, Any]:
    """A fill-in JSON for a form: each field's default, else an empty value of its type."""
    if form is None:
        return {}
    return {f.key: f.default if f.default is not None else _EMPTY.get(f.type, "") for f in form.fields}


def _form_data(path: Path) -> dict[str, Any]:
    from sopflow.errors import InputError

    data = read_json_file(path, what="data formulir")
    if not isinstance(data, dict):
        raise InputError(messages.JSON_NOT_OBJECT, where=str(path), hint=messages.HINT_FORM_TEMPLATE)
    return data


def _read_secret(path: Path) -> str:
    """The first line of a passphrase file."""
    from sopflow.errors import InputError

    raw = read_input_file(path, what="frasa sandi", limit=64 * 1024)
    try:
        text = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(messages.FILE_NOT_UTF8.format(what="frasa sandi", offset=exc.start), where=str(path),
                         hint=messages.HINT_SAVE_UTF8) from None
    if not text or not text[0]:
        raise InputError(messages.PASSPHRASE_FILE_EMPTY, where=str(path))
    return text[0]


def _signer_spec(view: TaskView, roster_path: Path | None, p12: Path | None, passphrase: str | None,
                 p11: tuple[str | None, str | None, str | None, str | None], *, quiet: bool) -> SignerSpec:
    """The signer: --signer, the PKCS#11 options, or the roster's entry for the task's role."""
    from sopflow.runner.roster import Roster
    from sopflow.signing import SignerSpec

    module, token_label, key_label, pin = p11
    if p12:
        return SignerSpec.from_config({"pkcs12": str(p12), "passphrase": passphrase or _ask_passphrase(p12)},
                                      where="--signer")
    if module:
        return SignerSpec.from_config(
            {"pkcs11": {"module": module, "token_label": token_label, "key_label": key_label,
                        "pin": pin or ask_secret(messages.PIN_PROMPT.format(token=token_label), "PIN")}},
            where="--pkcs11-module")
    if roster_path is None:
        raise click.UsageError(f"{messages.SIGNER_UNKNOWN}; {messages.HINT_SIGNER_UNKNOWN}")
    entry = Roster.load(roster_path).for_role(view.role or "")
    spec = entry.signer
    if not quiet:
        click.echo(messages.SIGNER_FROM_ROSTER.format(role=view.role, official=entry.official.name,
                                                      signer=spec.describe()), err=True)
    if spec.pkcs12 is not None:
        chosen = passphrase or spec.passphrase or _ask_passphrase(spec.pkcs12)
        return SignerSpec(pkcs12=spec.pkcs12, passphrase=chosen)
    if spec.pkcs11 is not None and spec.pkcs11.pin is None:
        key = spec.pkcs11
        return replace(spec, pkcs11=replace(key, pin=pin or ask_secret(
            messages.PIN_PROMPT.format(token=key.token_label), "PIN")))
    return spec


def _ask_passphrase(p12: Path) -> str:
    return ask_secret(messages.PASSPHRASE_PROMPT.format(signer=p12.name), "frasa sandi")


def _page_count(pdf: bytes) -> int:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(BytesIO(pdf), strict=False).root["/Pages"]["/Count"])
