"""Trying a SOP with test keys: a test PKI for a roster's officials, and trial cases of library models.

``sopflow pki init`` calls :func:`init_trial_pki` so that trying a new SOP
needs no Python. :class:`TrialArea` runs the model pages' trial cases (uji
coba): their own data directory and test-PKI rosters, never mixed with real
cases. The keys are test keys (the CA keys lie unencrypted beside them); a
deployment uses certificates from a PSrE (docs/roster.md).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from sopflow import messages
from sopflow.errors import RosterError
from sopflow.officials import Official
from sopflow.runner.roster import Roster, read_roster_toml
from sopflow.signing import create_test_pki, issue_seal_certificate

if TYPE_CHECKING:
    from sopflow.model.profile import SopModel
    from sopflow.runner.cases import CaseService, CaseSummary
    from sopflow.runner.completion import Completion
    from sopflow.runner.library import ModelLibrary

__all__ = ["TRIAL_MARK", "TrialPki", "TrialArea", "init_trial_pki"]

TRIAL_MARK = "UJI COBA"
"""What every trial official's name and the trial seal carry, so no trial document passes for a real one."""

PASSPHRASE_FILE = "passphrase.txt"
DEFAULT_SEAL_UNIT = "Unit Kerja Uji Coba"
"""Unit named by the test seal when the roster has no ``[seal]`` name."""
"""File in the output folder holding the passphrase of every test key."""

_OFFICIAL_KEYS = ("role", "name", "nip", "jabatan")


@dataclass(frozen=True)
class TrialPki:
    """What :func:`init_trial_pki` wrote."""

    pki: Path
    """The test PKI folder."""
    root: Path
    """Its root certificate: the trust root to verify archives with."""
    roster: Path
    """The roster copy whose officials sign with the new keys."""
    passphrase_file: Path
    """The passphrase of every new key."""
    signers: dict[str, Path]
    """PKCS#12 file of each role's official."""


def init_trial_pki(roster_path: Path, out_dir: Path, *, level: str | None = None) -> TrialPki:
    """Create ``out_dir`` with ``pki/``, ``roster.toml`` and ``passphrase.txt`` for the officials of a roster.

    The roster need not name signers or trust roots yet: only each
    ``[[official]]``'s role, name, NIP and jabatan are read. The copy keeps
    everything else (pangkat, acting, level, TSA) and points ``trust``,
    ``test_pki`` and every ``signer`` at the new files.

    :raises RosterError: unreadable roster, an official without role/name/NIP/jabatan,
        a non-empty ``out_dir``, or a copy that does not load.
    """
    raw = read_roster_toml(roster_path)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise RosterError(messages.PKI_OUT_NOT_EMPTY, where=str(out_dir), hint=messages.HINT_PKI_OUT)
    entries = raw.get("official")
    if not isinstance(entries, list) or not entries:
        raise RosterError(messages.PKI_ROSTER_NO_OFFICIALS, where=str(roster_path))
    officials: list[Official] = []
    for index, entry in enumerate(entries, start=1):
        for key in _OFFICIAL_KEYS:
            if not isinstance(entry, dict) or not str(entry.get(key, "")).strip():
                raise RosterError(messages.PKI_ROSTER_FIELD.format(index=index, key=key), where=str(roster_path))
        officials.append(Official(name=str(entry["name"]).strip(), nip=str(entry["nip"]).strip(),
                                  jabatan=str(entry["jabatan"]).strip()))
    passphrase = secrets.token_urlsafe(12)
    out_dir.mkdir(parents=True, exist_ok=True)
    pki = create_test_pki(out_dir / "pki", officials, passphrase=passphrase)
    secret = out_dir / PASSPHRASE_FILE
    secret.write_text(passphrase + "\n", encoding="utf-8")
    os.chmod(secret, 0o600)
    signing = {key: value for key, value in dict(raw.get("signing", {})).items() if key not in ("trust", "test_pki")}
    signing.update({"trust": ["pki/root.pem"], "test_pki": "pki"})
    if level:
        signing["level"] = level
    copied = []
    for entry, official in zip(entries, officials):
        item: dict[str, Any] = {k: v for k, v in entry.items() if k not in ("signer", "cert_sha256")}
        item["signer"] = {"pkcs12": str(pki.p12_by_nip[official.nip].relative_to(out_dir))}
        copied.append(item)
    unit = str((raw.get("seal") or {}).get("name") or DEFAULT_SEAL_UNIT)
    seal_p12 = issue_seal_certificate(pki, unit)
    # the unit seal is a server-side key: its (test) passphrase stays in the roster copy
    seal = {"name": unit, "signer": {"pkcs12": str(seal_p12.relative_to(out_dir)), "passphrase": passphrase}}
    target = out_dir / "roster.toml"
    target.write_text(tomli_w.dumps({"signing": signing, "official": copied, "seal": seal}), encoding="utf-8")
    roster = Roster.load(target)
    return TrialPki(pki=pki.directory, root=pki.root_pem, roster=target, passphrase_file=secret,
                    signers={role: entry.signer.pkcs12 for role, entry in roster.entries.items()
                             if entry.signer.pkcs12 is not None})



class TrialArea:
    """Trial cases (uji coba) of library models, in their own data directory under ``folder``.

    Each set of lanes gets a roster of fictional officials whose names carry
    :data:`TRIAL_MARK`, with test keys and a test unit seal (``rosters/``);
    the cases live in ``data/``, a database of their own. The roster's
    passphrase stays in it: trial keys sign on the server, for whoever
    steps through the trial.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._service: CaseService | None = None
        self._lock = threading.Lock()

    @property
    def service(self) -> CaseService:
        """The trial cases' service (its database is created on first use)."""
        from sopflow.runner.cases import CaseService

        with self._lock:
            if self._service is None:
                self._service = CaseService(self.folder / "data")
            return self._service

    def close(self) -> None:
        """Release the trial database."""
        with self._lock:
            if self._service is not None:
                self._service.close()
                self._service = None

    def start(self, library: ModelLibrary, name: str, version: int | None = None) -> str:
        """Start a trial case of a library model version (the latest by default).

        :raises ModelError: no such model or version.
        """
        from sopflow.model.profile import parse_model

        chosen = library.version(name, version)
        xml = library.files(chosen)[f"model/{chosen.model_file}"]
        roster = self.roster_for(parse_model(xml, source=chosen.model_file))
        return library.start_case(self.service, name, roster, version=chosen.version)

    def cases_of(self, model_sha256: str) -> list[CaseSummary]:
        """The trial cases of a model file (by its digest), newest first; none before the first trial."""
        from sqlalchemy import select

        from sopflow.runner.store import CaseRow

        if self._service is None and not (self.folder / "data" / "sopflow.db").is_file():
            return []
        service = self.service
        with service.store.session() as session:
            ids = list(session.scalars(select(CaseRow.id).where(CaseRow.model_sha256 == model_sha256)
                                       .order_by(CaseRow.created_at.desc())))
        return [service.summary(case_id) for case_id in ids]

    def roster_for(self, model: SopModel) -> Roster:
        """The trial roster of a model's lanes, made on first use (its test PKI takes a few seconds)."""
        from sopflow.demo.run import demo_officials

        roles = [lane.name for lane in model.lanes]
        key = hashlib.sha256("\n".join(roles).encode("utf-8")).hexdigest()[:20]
        target = self.folder / "rosters" / key
        if not (target / "roster.toml").is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=".roster-", dir=target.parent))
            officials = {role: Official(name=f"{o.name} ({TRIAL_MARK})", nip=o.nip, jabatan=o.jabatan)
                         for role, o in demo_officials(roles).items()}
            _write_trial_roster(scratch, officials)
            try:
                scratch.rename(target)
            except OSError:  # another request made it meanwhile: use theirs
                shutil.rmtree(scratch, ignore_errors=True)
        return Roster.load(target / "roster.toml")

    def complete_next(self, case_id: str) -> Completion:
        """Complete the trial case's first ready task with its form's default values, signed by the
        trial official of its role.

        :raises CaseError: the case has no ready task.
        :raises FormDataError: the form has a required field without a default.
        """
        from sopflow.errors import CaseError
        from sopflow.runner.completion import complete_task
        from sopflow.signing import open_signer

        service = self.service
        ready = service.ready_tasks(case_id)
        if not ready:
            raise CaseError(messages.TRIAL_NOTHING_READY.format(case=case_id))
        task = ready[0]
        data = service.form_of(case_id, task.form_key).defaults() if task.form_key else {}
        roster = self.roster_for(service.model_of(case_id))
        with open_signer(roster.for_role(task.role or "").signer) as signer:
            return complete_task(service, case_id, task.id, data, signer)


def _write_trial_roster(folder: Path, officials: dict[str, Official]) -> None:
    passphrase = secrets.token_urlsafe(12)
    pki = create_test_pki(folder / "pki", list(officials.values()), passphrase=passphrase)
    seal_unit = f"{DEFAULT_SEAL_UNIT} ({TRIAL_MARK})"
    roster = {
        "signing": {"trust": ["pki/root.pem"], "test_pki": "pki"},
        "official": [{"role": role, "name": o.name, "nip": o.nip, "jabatan": o.jabatan,
                      "signer": {"pkcs12": str(pki.p12_by_nip[o.nip].relative_to(folder)),
                                 "passphrase": passphrase}}
                     for role, o in officials.items()],
        "seal": {"name": seal_unit, "signer": {
            "pkcs12": str(issue_seal_certificate(pki, seal_unit).relative_to(folder)), "passphrase": passphrase}},
    }
    (folder / "roster.toml").write_text(tomli_w.dumps(roster), encoding="utf-8")
