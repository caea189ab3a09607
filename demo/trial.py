"""A trial set-up for a roster: a test PKI with a key for every official, and the roster pointing at it.

``sopflow pki init`` calls :func:`init_trial_pki` so that trying a new SOP
needs no Python. The keys are test keys (the CA keys lie unencrypted beside
them); a deployment uses certificates from a PSrE (docs/roster.md).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from sopflow import messages
from sopflow.errors import RosterError
from sopflow.officials import Official
from sopflow.runner.roster import Roster, read_roster_toml
from sopflow.signing import create_test_pki, issue_seal_certificate

__all__ = ["TrialPki", "init_trial_pki"]

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

