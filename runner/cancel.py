"""Cancelling a running case: journaled, ended, and closed by a sealed Lembar Riwayat.

A cancellation is the journal's last entry (``action`` ``cancel``, with the
reason); it signs no document. In the same step the case's Lembar Riwayat
is sealed with the outcome ``cancelled``, so an exported archive verifies as
a cancelled case and can never pass as a completed one.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import update

from sopflow.errors import CaseError
from sopflow.runner.binding import CANCEL_ACTION
from sopflow.runner.cases import CaseService
from sopflow.runner.journal import canonical_json, seal
from sopflow.runner.sealing import open_unit_seal, seal_case_history
from sopflow.runner.store import CaseRow, CaseSealRow, JournalRow
from sopflow.signing import LoadedSigner

__all__ = ["MAX_REASON", "Cancellation", "cancel_case"]

MAX_REASON = 2000
"""Longest cancellation reason accepted (characters)."""


@dataclass(frozen=True)
class Cancellation:
    """What cancelling a case recorded."""

    case_id: str
    """The case."""
    journal_seq: int
    """Sequence number of the cancellation's journal entry."""
    reason: str
    """Why the case was cancelled."""
    history_sha256: str
    """SHA-256 of the sealed Lembar Riwayat."""


def cancel_case(
    service: CaseService, case_id: str, reason: str, *, unit_seal: LoadedSigner | None = None
) -> Cancellation:
    """Cancel a running case for ``reason``; nothing changes when any step fails.

    :param unit_seal: the unit's seal, loaded; default: the one the case's roster configures.
    :raises CaseError: unknown case, a case that is not running, an empty or overlong reason,
        or another step recorded first (retry).
    :raises SigningError: the seal cannot be made.
    """
    reason = " ".join(str(reason).split())
    if not reason:
        raise CaseError("a cancellation needs a reason", where=case_id, hint="give --reason TEXT")
    if len(reason) > MAX_REASON:
        raise CaseError(f"the reason is longer than {MAX_REASON} characters", where=case_id)
    with service.store.session() as session:
        row = service.case_row(session, case_id)
        version, head, length, status, started = (row.version, row.journal_head, row.journal_length,
                                                  row.status, row.created_at)
    if status != "running":
        raise CaseError(f"case {case_id} is {status}; only a running case can be cancelled", where=case_id)
    now = service.clock()
    entry = seal({"seq": length + 1, "case": case_id, "time": now.isoformat(), "action": CANCEL_ACTION,
                  "reason": reason}, prev=head)
    roster = service.roster_of(case_id)
    model = service.model_of(case_id)
    with nullcontext(unit_seal) if unit_seal else open_unit_seal(roster) as opened:
        sheet = seal_case_history(
            case_id=case_id, model=model, roster=roster,
            files_digest=service.files_digest(case_id), journal=[*service.journal(case_id), entry],
            outcome="cancelled", reason=reason, started=started, now=now, seal=opened,
        )
    digest = service.store.blobs.put(sheet)
    with service.store.session() as session, session.begin():
        moved = session.execute(
            update(CaseRow).where(CaseRow.id == case_id, CaseRow.version == version).values(
                version=version + 1, status="cancelled", completed_at=now, journal_head=entry["hash"],
                journal_length=length + 1)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            raise CaseError(f"case {case_id} changed while it was being cancelled", where=case_id,
                            hint="look at the case with `sopflow case show` and cancel again if it still runs")
        session.add(JournalRow(case_id=case_id, seq=length + 1, hash=entry["hash"], body=canonical_json(entry)))
        session.add(CaseSealRow(case_id=case_id, outcome="cancelled", sha256=digest, journal_head=entry["hash"],
                                sealed_at=now))
        service.record_ready(session, case_id, model, [], now)  # its waiting tasks are withdrawn
    return Cancellation(case_id=case_id, journal_seq=length + 1, reason=reason, history_sha256=digest)
