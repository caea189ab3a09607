"""``sopflow serve``: the officials' web workspace; ``sopflow user``: their accounts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sopflow import messages
from sopflow.cli.runtime import data_option, database_option, emit_json, errors_to_exit, json_option, roster_option

__all__ = ["serve", "user"]

DEPLOYMENT_ROSTER = "the deployment's officials, roles and where each official's key is"


@click.command()
@data_option
@database_option
@roster_option(DEPLOYMENT_ROSTER)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes serving requests (several need PostgreSQL, --database-url, to scale; "
              "with SQLite they share one machine's database file and its writes queue).")
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure and send HSTS (when served over HTTPS).")
@click.option("--demo", is_flag=True, help="Set up (or reuse) a demo: test PKI, roster, one waiting case per seed "
              "SOP, an account per official; prints the logins.")
@click.option("--demo-dir", type=click.Path(file_okay=False, path_type=Path), default="sopflow-web-demo",
              show_default=True, help="Folder of the demo (with --demo).")
@json_option
def serve(data_dir: Path, database_url: str | None, roster_path: Path | None, host: str, port: int, workers: int,
          secure_cookies: bool, demo: bool, demo_dir: Path, as_json: bool) -> None:
    """Serve the web workspace: inbox, task forms, document preview, paraf and signature.

    With --workers N, N processes serve the same database; servers on several
    machines may share one PostgreSQL database (docs/deployment.md). With
    --json the start-up (address, and the demo's logins) is one JSON envelope.
    """
    import os

    import uvicorn

    from sopflow.web import WebConfig, create_app
    from sopflow.web.app import configure_logging

    site = None
    with errors_to_exit(as_json=as_json):
        if demo:
            from sopflow.web.demo import prepare_demo

            try:
                site = prepare_demo(demo_dir)
            except FileExistsError as exc:
                raise click.UsageError(messages.SERVE_DEMO_DIR_TAKEN.format(reason=exc)) from None
            data_dir, roster_path, database_url = site.data_dir, site.roster, None
            if not as_json:
                _print_demo(site, host, port)
        elif roster_path is None:
            raise click.UsageError(messages.SERVE_NEEDS_ROSTER)
        configure_logging()
        config = WebConfig(data_dir=data_dir, roster=roster_path, database_url=database_url,
                           secure_cookies=secure_cookies)
        app = create_app(config)  # checks the set-up and creates the schema once, before any worker starts
    if as_json:
        emit_json({"url": f"http://{host}:{port}/", "data_dir": data_dir, "roster": roster_path, "workers": workers,
                   "demo": None if site is None else {
                       "password": site.password, "passphrase": site.passphrase,
                       "logins": [{"nip": x.nip, "name": x.name, "roles": list(x.roles)} for x in site.logins]}})
    else:
        click.echo(messages.WEB_SERVING.format(host=host, port=port))
    if workers == 1:
        uvicorn.run(app, host=host, port=port, workers=1, log_level="warning", server_header=False)
        return
    app.state.workspace.service.close()
    os.environ.update(config.to_environment())  # the spawned workers read it
    uvicorn.run("sopflow.web.app:worker_app", factory=True, workers=workers, host=host, port=port,
                log_level="warning", server_header=False)


def _print_demo(site: Any, host: str, port: int) -> None:
    folder = site.data_dir.parent
    click.echo(messages.WEB_DEMO_NEW.format(folder=folder, cases=len(site.cases)) if site.cases
               else messages.WEB_DEMO_REUSED.format(folder=folder))
    click.echo(messages.WEB_DEMO_LOGINS.format(host=host, port=port, password=site.password,
                                               passphrase=site.passphrase))
    for login in site.logins:
        click.echo(messages.SERVE_DEMO_LOGIN_LINE.format(nip=login.nip, name=login.name, roles="; ".join(login.roles)))


@click.group()
def user() -> None:
    """Accounts of officials for the web workspace."""


@user.command("set-password")
@click.argument("nip")
@roster_option(DEPLOYMENT_ROSTER)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@data_option
@database_option
@json_option
def set_password(nip: str, roster_path: Path | None, password_stdin: bool, data_dir: Path, database_url: str | None,
                 as_json: bool) -> None:
    """Set the web login password of the rostered official or staff member with this NIP (prompted twice)."""
    from sopflow.errors import RosterError
    from sopflow.runner.roster import Roster
    from sopflow.runner.store import Store
    from sopflow.web.accounts import Accounts

    with errors_to_exit(as_json=as_json):
        if roster_path is None:
            raise click.UsageError(messages.USER_NEEDS_ROSTER)
        roster = Roster.load(roster_path)
        if roster.person(nip) is None:
            raise RosterError(messages.WEB_NIP_NOT_ROSTERED.format(nip=nip), where=str(roster_path),
                              hint=messages.WEB_HINT_ROSTER_FIRST)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(messages.USER_PASSWORD_PROMPT, hide_input=True,
                                    confirmation_prompt=messages.USER_PASSWORD_REPEAT)
        store = Store(data_dir, database_url=database_url)
        try:
            Accounts(store.engine).set_password(nip, password)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        finally:
            store.close()
    if as_json:
        emit_json({"nip": nip})
    else:
        click.echo(messages.WEB_PASSWORD_SET.format(nip=nip))
