"""``sopflow serve``: the officials' web workspace; ``sopflow user``: their accounts."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click

from sopflow import messages
from sopflow.cli.runtime import data_option, database_option, emit_json, errors_to_exit, json_option, roster_option

if TYPE_CHECKING:
    from sopflow.officials import Official

__all__ = ["serve", "user"]

DEPLOYMENT_ROSTER = "the deployment's officials, roles and where each official's key is"


def _proxy_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """``--forwarded-allow-ips``: each entry an IP address, a network or ``*``."""
    entries = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    for entry in entries:
        if entry != "*":
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise click.BadParameter(messages.SERVE_PROXY_INVALID.format(entry=entry)) from None
    return entries


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
@click.option("--forwarded-allow-ips", "proxies", callback=_proxy_list, envvar="SOPFLOW_FORWARDED_ALLOW_IPS",
              metavar="ADDRESSES", help="Comma-separated addresses or networks of trusted reverse proxies: "
              "from them, X-Forwarded-For names the client (for the failure limits and logs) and "
              "X-Forwarded-Proto the scheme; '*' trusts every peer (env SOPFLOW_FORWARDED_ALLOW_IPS; "
              "default: none).")
@click.option("--demo", is_flag=True, help="Set up (or reuse) a demo: test PKI, roster, one waiting case per seed "
              "SOP, an account per official; prints the logins.")
@click.option("--demo-dir", type=click.Path(file_okay=False, path_type=Path), default="sopflow-web-demo",
              show_default=True, help="Folder of the demo (with --demo).")
@json_option
def serve(data_dir: Path, database_url: str | None, roster_path: Path | None, host: str, port: int, workers: int,
          secure_cookies: bool, proxies: tuple[str, ...], demo: bool, demo_dir: Path, as_json: bool) -> None:
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
                           secure_cookies=secure_cookies, forwarded_allow_ips=proxies)
        app = create_app(config)  # checks the set-up and creates the schema once, before any worker starts
    if as_json:
        emit_json({"url": f"http://{host}:{port}/", "data_dir": data_dir, "roster": roster_path, "workers": workers,
                   "demo": None if site is None else {
                       "password": site.password, "passphrase": site.passphrase,
                       "logins": [{"nip": x.nip, "name": x.name, "roles": list(x.roles)} for x in site.logins]}})
    else:
        click.echo(messages.WEB_SERVING.format(host=host, port=port))
    # proxy headers are the app's to read (WebConfig.forwarded_allow_ips), never uvicorn's own default
    if workers == 1:
        uvicorn.run(app, host=host, port=port, workers=1, log_level="warning", server_header=False,
                    proxy_headers=False)
        return
    app.state.workspace.service.close()
    os.environ.update(config.to_environment())  # the spawned workers read it
    uvicorn.run("sopflow.web.app:worker_app", factory=True, workers=workers, host=host, port=port,
                log_level="warning", server_header=False, proxy_headers=False)


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
    from sopflow.runner.store import Store
    from sopflow.web.accounts import Accounts

    with errors_to_exit(as_json=as_json):
        _rostered(nip, roster_path)
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


@user.command("login-link")
@click.argument("nip")
@roster_option(DEPLOYMENT_ROSTER)
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, envvar="SOPFLOW_BASE_URL",
              help="Address officials open sopflow at (env SOPFLOW_BASE_URL).")
@click.option("--valid-hours", type=click.IntRange(1, 24 * 14), default=24, show_default=True,
              help="How long the link works.")
@data_option
@database_option
@json_option
def login_link(nip: str, roster_path: Path | None, base_url: str, valid_hours: int, data_dir: Path,
               database_url: str | None, as_json: bool) -> None:
    """Print a one-time link that lets the official with this NIP set a password and log in.

    The link works once, for --valid-hours; a newer link for the same NIP replaces it. Only its
    digest is stored. Send it to the official alone: whoever opens it first takes the account.
    """
    from datetime import UTC, datetime, timedelta

    from sopflow.runner.store import Store
    from sopflow.web.accounts import Accounts

    with errors_to_exit(as_json=as_json):
        person = _rostered(nip, roster_path)
        parsed = urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
            raise click.BadParameter(messages.USER_BASE_URL_INVALID.format(url=base_url), param_hint="--base-url")
        lifetime = timedelta(hours=valid_hours)
        store = Store(data_dir, database_url=database_url)
        try:
            token = Accounts(store.engine).create_login_link(nip, lifetime=lifetime)
        finally:
            store.close()
    url = f"{base_url.rstrip('/')}/masuk/tautan/{token}"
    until = datetime.now(UTC) + lifetime
    if as_json:
        emit_json({"nip": nip, "name": person.name, "url": url, "expires_at": until})
    else:
        click.echo(messages.WEB_LINK_MADE.format(nip=nip, name=person.name, url=url,
                                                 until=until.strftime("%Y-%m-%d %H.%M UTC")))


def _rostered(nip: str, roster_path: Path | None) -> Official:
    """The rostered official or staff member with this NIP.

    :raises click.UsageError: no roster given.
    :raises RosterError: the roster does not name the NIP.
    """
    from sopflow.errors import RosterError
    from sopflow.runner.roster import Roster

    if roster_path is None:
        raise click.UsageError(messages.USER_NEEDS_ROSTER)
    person = Roster.load(roster_path).person(nip)
    if person is None:
        raise RosterError(messages.WEB_NIP_NOT_ROSTERED.format(nip=nip), where=str(roster_path),
                          hint=messages.WEB_HINT_ROSTER_FIRST)
    return person
