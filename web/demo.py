"""The web demo: a test PKI and roster, the seed SOPs in the model library with a waiting case each, one
finished case for the archivist, an account per official and staff member."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sopflow.bpmn import seed_models
from sopflow.demo.run import PASSPHRASE, finish_case, write_demo_setup
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService
from sopflow.runner.library import ModelLibrary
from sopflow.runner.roster import Roster
from sopflow.web.accounts import Accounts

__all__ = ["DEMO_PASSWORD", "DemoLogin", "DemoSite", "prepare_demo"]

DEMO_PASSWORD = "sopflow-demo"
"""Login password of every demo account (a demo, not a secret)."""

MARKER = ".sopflow-web-demo"
"""File marking a folder as a web demo, reused by the next ``serve --demo``."""


@dataclass(frozen=True)
class DemoLogin:
    """One demo account."""

    nip: str
    """Login NIP."""
    name: str
    """The official."""
    roles: tuple[str, ...]
    """Roles they hold (for staff: the web access they have, e.g. "akses arsip")."""


@dataclass(frozen=True)
class DemoSite:
    """What ``serve --demo`` serves."""

    roster: Path
    """The demo roster."""
    data_dir: Path
    """Its data directory."""
    logins: tuple[DemoLogin, ...]
    """The accounts."""
    cases: tuple[str, ...]
    """Cases started (empty when an earlier demo folder was reused)."""
    password: str = DEMO_PASSWORD
    """Login password of every account."""
    passphrase: str = PASSPHRASE
    """Key passphrase of every official."""


def prepare_demo(folder: Path) -> DemoSite:
    """Set up the demo in ``folder``, or reuse the one an earlier run left there.

    The seed models go into the model library (an earlier demo folder gains them too), and each
    waiting case starts from its model's library version.

    :raises FileExistsError: ``folder`` is neither empty nor an earlier web demo.
    """
    roster_path, data_dir = folder / "setup" / "roster.toml", folder / "data"
    cases: list[str] = []
    if not (folder / MARKER).is_file():
        if folder.exists() and any(folder.iterdir()):
            raise FileExistsError(f"{folder} is not empty and holds no earlier web demo")
        folder.mkdir(parents=True, exist_ok=True)
        models = seed_models()
        roster_path = write_demo_setup(folder / "setup", [load_model(p) for p in models])
        roster = Roster.load(roster_path)
        service = CaseService(data_dir)
        try:
            library = ModelLibrary(service.store, clock=service.clock)
            names = [library.save_file(path)[0].name for path in models]
            cases = [library.start_case(service, name, roster) for name in names]
            shortest = min(zip(models, names), key=lambda pair: len(load_model(pair[0]).tasks))[1]
            finished = library.start_case(service, shortest, roster)
            finish_case(service, finished, roster)  # something for the archivist to verify and export
            cases.append(finished)
            accounts = Accounts(service.store.engine)
            for nip in [*dict.fromkeys(e.official.nip for e in roster.entries.values()), *roster.staff]:
                accounts.set_password(nip, DEMO_PASSWORD)
        finally:
            service.close()
        (folder / MARKER).write_text("Output of `sopflow serve --demo`; the next run serves it again.\n")
    else:
        seed_library(data_dir)
    roster = Roster.load(roster_path)
    by_nip: dict[str, DemoLogin] = {}
    for entry in roster.entries.values():
        known = by_nip.get(entry.official.nip)
        roles = (known.roles if known else ()) + (entry.role,)
        by_nip[entry.official.nip] = DemoLogin(nip=entry.official.nip, name=entry.official.name, roles=roles)
    for nip, staff in roster.staff.items():
        by_nip[nip] = DemoLogin(nip=nip, name=staff.person.name,
                                roles=tuple(f"{staff.person.jabatan} (akses {a})" for a in sorted(staff.access)))
    return DemoSite(roster=roster_path, data_dir=data_dir, logins=tuple(by_nip.values()), cases=tuple(cases))


def seed_library(data_dir: Path) -> None:
    """Put the seed models into an earlier demo's empty model library."""
    service = CaseService(data_dir)
    try:
        library = ModelLibrary(service.store, clock=service.clock)
        if not library.list_models():
            for path in seed_models():
                library.save_file(path)
    finally:
        service.close()
