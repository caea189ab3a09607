"""``sopflow task ...``: see and complete the tasks waiting for officials."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sopflow.cli.runtime import data_option, database_option, emit_json, errors_to_exit, json_option
from sopflow.errors import FormDataError
from sopflow.runner.clock import clock_from_env
from sopflow.runner.inbox import InboxQuery, read_inbox

__all__ = ["task"]


@click.group()
def task() -> None:
    """List, show and complete ready tasks."""


@task.command("list")
@click.option("--case", "case_id", help="Only this case.")
@click.option("--role", help="Only tasks of this role (lane name, substring match).")
@click.option("--overdue", is_flag=True, help="Only tasks past their due date (working days; today is "
              "SOPFLOW_TODAY when set).")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most this many tasks, oldest first (0: all).")
@data_option
@database_option
@json_option
def list_(case_id: str | None, role: str | None, overdue: bool, limit: int, data_dir: Path,
          database_url: str | None, as_json: bool) -> None:
    """List ready tasks with their role and due date, oldest first."""
    with errors_to_exit(as_json=as_json):
        query = InboxQuery(today=clock_from_env()().date(), role_contains=role, case_id=case_id, overdue=overdue,
                           limit=limit or None)
        inbox = read_inbox(data_dir, query) if database_url is None else None
        if inbox is None:  # another database, or one to create or upgrade first
            from sopflow.cli.case import service_for

            inbox = service_for(data_dir, database_url).query_inbox(query)
    tasks = inbox.tasks
    if inbox.more:
        click.echo(f"Ditampilkan {len(tasks)} tugas tertua; masih ada tugas lain (--limit 0 untuk semua).",
                   err=True)
    if as_json:
        emit_json(tasks)
        return
    for t in tasks:
        due = t.due_date.isoformat() if t.due_date else "-"
        late = "  TERLAMBAT" if t.overdue else ""
        click.echo(f"{t.id}  {t.case_id:20} batas {due}{late}\n    {t.role}: {t.name} [{t.action}"
                   f"{' ' + t.document if t.document else ''}]")
    if not tasks:
        click.echo("Tidak ada tugas.")


@task.command("show")
@click.argument("task_id")
@data_option
@database_option
@json_option
def show(task_id: str, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Show a ready task and the form fields it needs."""
    from sopflow.cli.case import service_for

    with errors_to_exit(as_json=as_json):
        service = service_for(data_dir, database_url)
        view = service.ready_task(task_id)
        form = service.form_of(view.case_id, view.form_key) if view.form_key else None
    fields = [{"key": f.key, "label": f.label, "type": f.type, "required": f.required} for f in form.fields] \
        if form else []
    if as_json:
        emit_json({"task": view, "fields": fields, "defaults": form.defaults() if form else {}})
        return
    click.echo(f"{view.role}: {view.name}  (kasus {view.case_id}, {view.action} {view.document or ''})")
    for f in fields:
        click.echo(f"  {f['key']:20} {f['label']}{' *' if f['required'] else ''}")


@task.command("complete")
@click.argument("task_id")
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON file with the form data (default: the form's default values).")
@click.option("--signer", "p12", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PKCS#12 file of the signing official.")
@click.option("--passphrase", envvar="SOPFLOW_PASSPHRASE", help="PKCS#12 passphrase (env SOPFLOW_PASSPHRASE; "
              "prompted when absent).")
@click.option("--pkcs11-module", help="PKCS#11 module (.so) of the official's token.")
@click.option("--token-label", help="PKCS#11 token label.")
@click.option("--key-label", help="PKCS#11 key label.")
@click.option("--pin", envvar="SOPFLOW_PIN", help="PKCS#11 user PIN (env SOPFLOW_PIN).")
@data_option
@database_option
@json_option
def complete(task_id: str, data_file: Path | None, p12: Path | None, passphrase: str | None,
             pkcs11_module: str | None, token_label: str | None, key_label: str | None, pin: str | None,
             data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """Sign the task's document as its official and complete the task."""
    from sopflow.cli.case import service_for
    from sopflow.runner.completion import complete_task
    from sopflow.signing import SignerSpec, open_signer

    with errors_to_exit(as_json=as_json):
        if bool(p12) == bool(pkcs11_module):
            raise click.UsageError("give exactly one signer: --signer FILE.p12 or --pkcs11-module with labels")
        if p12:
            if passphrase is None:
                passphrase = click.prompt("Passphrase", hide_input=True)
            spec = SignerSpec.from_config({"pkcs12": str(p12), "passphrase": passphrase}, where="--signer")
        else:
            spec = SignerSpec.from_config(
                {"pkcs11": {"module": pkcs11_module, "token_label": token_label, "key_label": key_label,
                            "pin": pin or click.prompt("PIN", hide_input=True)}}, where="--pkcs11-module")
        service = service_for(data_dir, database_url)
        view = service.ready_task(task_id)
        if data_file:
            try:
                data = json.loads(data_file.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise FormDataError(f"not valid JSON: {exc.msg}", where=f"{data_file}:{exc.lineno}") from None
        else:
            data = service.form_of(view.case_id, view.form_key).defaults() if view.form_key else {}
        with open_signer(spec) as signer:
            done = complete_task(service, view.case_id, task_id, data, signer)
    if as_json:
        emit_json({"ok": True, "completion": done})
        return
    click.echo(f"Tugas selesai: {view.role}: {view.name}")
    click.echo(f"  dokumen {done.document} revisi {done.revision}{' nomor ' + done.nomor if done.nomor else ''}"
               f" sha256 {done.sha256[:16]}...")
    if done.case_completed:
        click.echo(f"  kasus {done.case_id} selesai")
