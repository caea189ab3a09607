"""Ending a case: the Lembar Riwayat sealed with the unit's electronic seal.

Every case ends, completed or cancelled, with a Lembar Riwayat listing its
journal, signed with the unit's seal (segel elektronik, configured in the
roster's ``[seal]``) and, when a time-stamping authority is configured,
timestamped (a signature timestamp, validation data and a document
timestamp). The seal's binding (:func:`sopflow.runner.binding.seal_binding`)
commits to the outcome and the exact journal head, so an archive whose
journal was cut short or extended no longer matches its seal.

The seal key's passphrase or PIN is never stored with a case: it is read
again from the roster file the case started with, else from
``SOPFLOW_SEAL_PASSPHRASE`` / ``SOPFLOW_SEAL_PIN``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sopflow.errors import CaseError, RosterError, SigningError
from sopflow.model.profile import SopModel
from sopflow.runner.binding import roster_digest, seal_binding
from sopflow.runner.signing_setup import seal_signing_context
from sopflow.signing import (
    Appearance,
    LoadedSigner,
    SignerSpec,
    add_archive_timestamp,
    open_signer,
    sign_pdf,
    signer_identity,
    verify_pdf,
)
from sopflow.templates.history import OUTCOMES, SEAL_FIELD, CaseHistory, HistoryStep, render_history

__all__ = ["open_unit_seal", "seal_case_history", "check_seal_signer"]


@contextmanager
def open_unit_seal(roster: Mapping[str, Any]) -> Iterator[LoadedSigner]:
    """The unit seal of a case's roster, loaded for the ``with`` block.

    :raises CaseError: the roster the case started with configures no seal.
    :raises SigningError: the key cannot be opened (wrong or missing passphrase/PIN).
    """
    stored = roster.get("seal_signer")
    if not stored:
        raise CaseError("the case's roster configures no unit seal, so the case cannot be closed",
                        where="roster [seal]",
                        hint="start cases with a roster that has a [seal] table (docs/roster.md)")
    config = {k: v for k, v in stored.items() if k != "roster"}
    secret = _seal_secret(stored.get("roster"))
    if "pkcs12" in config:
        config["passphrase"] = secret or os.environ.get("SOPFLOW_SEAL_PASSPHRASE")
        if config["passphrase"] is None:
            del config["passphrase"]
    else:
        pin = secret or os.environ.get("SOPFLOW_SEAL_PIN")
        config["pkcs11"] = {**config["pkcs11"], **({"pin": pin} if pin else {})}
    spec = SignerSpec.from_config(config, where="roster [seal] signer")
    with open_signer(spec) as signer:
        check_seal_signer(signer, roster)
        yield signer


def _seal_secret(roster_file: str | None) -> str | None:
    """The seal's passphrase or PIN from the roster file, when it is still there and holds one."""
    if not roster_file or not Path(roster_file).is_file():
        return None
    from sopflow.runner.roster import read_roster_toml

    try:
        signer = (read_roster_toml(Path(roster_file)).get("seal") or {}).get("signer") or {}
    except RosterError:
        return None
    secret = signer.get("passphrase") or (signer.get("pkcs11") or {}).get("pin")
    return str(secret) if secret else None


def check_seal_signer(signer: LoadedSigner, roster: Mapping[str, Any]) -> None:
    """The key must be the unit's seal: its certificate names the unit and no person (no NIP).

    :raises SigningError: another certificate (an official's, another unit's, a pin mismatch).
    """
    import hashlib

    seal = roster.get("seal") or {}
    name, nip = signer_identity(signer.certificate)
    digest = hashlib.sha256(signer.certificate.dump()).hexdigest()
    if nip or name != seal.get("name") or (seal.get("cert_sha256") and seal["cert_sha256"] != digest):
        raise SigningError(f"the key is not the seal of {seal.get('name')!r} (certificate of {name!r}"
                           f"{', NIP ' + nip if nip else ''})", where="roster [seal] signer",
                           hint="configure the unit's seal certificate, whose subject CN is the [seal] name")


def seal_case_history(
    *,
    case_id: str,
    model: SopModel,
    roster: Mapping[str, Any],
    files_digest: str,
    journal: Sequence[Mapping[str, Any]],
    outcome: str,
    reason: str | None,
    started: datetime,
    now: datetime,
    seal: LoadedSigner,
) -> bytes:
    """Render the case's Lembar Riwayat over ``journal`` (every entry, the newest last) and seal it.

    :raises SigningError: the seal or its timestamp cannot be made, or the result does not verify.
    """
    if outcome not in OUTCOMES:
        raise CaseError(f"unknown case outcome {outcome!r}", where=case_id)
    head = str(journal[-1]["hash"]) if journal else ""
    digest = roster_digest(roster)
    seal_name = str((roster.get("seal") or {}).get("name"))
    rendered = render_history(CaseHistory(
        case_id=case_id, sop_number=model.number, sop_title=model.title, unit_lines=model.unit_lines,
        place=model.place, outcome=outcome, reason=reason, started=started, ended=now,
        steps=tuple(_step(entry) for entry in journal), model_digest=files_digest, roster_digest=digest,
        journal_head=head, seal_name=seal_name, zone=model.time_zone,
    ))
    context = seal_signing_context(roster)
    signed = sign_pdf(
        rendered.pdf, seal, field=rendered.fields[SEAL_FIELD],
        appearance=Appearance(action="seal", jabatan=seal_name, name=seal_name, nip="", signed_at=now),
        reason=f"Segel elektronik: Lembar Riwayat kasus {case_id} ({OUTCOMES[outcome]})",
        context=context, location=model.place, signed_at=now,
        binding=seal_binding(case_id=case_id, outcome=outcome, head=head, length=len(journal),
                             files=files_digest, roster=digest),
    )
    if context.timestamper is not None:
        signed = add_archive_timestamp(signed, context)
    report = verify_pdf(signed, trust_roots=context.trust_roots, validation=context.validation)
    if not report.ok:
        raise SigningError(f"the sealed Lembar Riwayat does not verify: {'; '.join(report.all_problems())}",
                           where=f"{case_id}/lembar-riwayat")
    return signed


def _step(entry: Mapping[str, Any]) -> HistoryStep:
    official = entry.get("official") or {}
    task = entry.get("task") or {}
    cancelled = entry.get("action") == "cancel"
    return HistoryStep(
        seq=int(entry["seq"]), task="Pembatalan kasus" if cancelled else str(task.get("name")),
        role=str(entry.get("role") or "-"), official=str(official.get("name") or "-"),
        nip=str(official.get("nip") or "-"), time=datetime.fromisoformat(str(entry["time"])),
        document="pembatalan" if cancelled else f"{entry.get('document')} r{entry.get('revision')}",
        sha256=str(entry.get("doc_sha256") or ""),
    )
