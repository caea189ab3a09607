"""The signing set-up of a case: trust roots, PAdES level, time-stamping authority."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyhanko.sign.timestamps import HTTPTimeStamper

from sopflow.signing import SigningContext, SigningLevel, TestPki, context_for_test_pki, load_certificate

__all__ = ["case_signing_context", "seal_signing_context"]


def seal_signing_context(roster: Mapping[str, Any]) -> SigningContext:
    """The context of the unit seal on a Lembar Riwayat: the case's set-up, timestamped (B-T) whenever a
    time-stamping authority is configured, whatever level the officials sign at."""
    signing = roster["signing"]
    timestamped = bool(signing.get("test_pki") or signing.get("tsa_url"))
    return case_signing_context(roster, level="B-T" if timestamped else "B-B")


def case_signing_context(roster: Mapping[str, Any], *, level: str | None = None) -> SigningContext:
    """Build the context from the roster a case recorded at start (``Roster.public_dict``).

    Contexts are cached per set-up (loading keys and building revocation data
    costs tens of milliseconds); a change to any file involved builds anew.

    :param level: PAdES level to sign at instead of the roster's.
    """
    signing = roster["signing"]
    trust = tuple(str(p) for p in signing["trust"])
    test_pki = signing.get("test_pki")
    watched = [Path(p) for p in trust]
    if test_pki:
        watched += sorted(p for p in Path(test_pki).rglob("*") if p.is_file())
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in watched if p.exists())
    return _context(level or signing["level"], trust, test_pki, signing.get("tsa_url"), stamp)


@lru_cache(maxsize=16)
def _context(
    level_name: str, trust: tuple[str, ...], test_pki: str | None, tsa_url: str | None, _stamp: tuple
) -> SigningContext:
    level = SigningLevel(level_name)
    roots = tuple(load_certificate(Path(p)) for p in trust)
    if test_pki:
        base = context_for_test_pki(TestPki.load(Path(test_pki)), level)
        return SigningContext(trust_roots=roots, level=level, timestamper=base.timestamper,
                              validation=base.validation)
    timestamper = HTTPTimeStamper(tsa_url) if tsa_url else None
    return SigningContext(trust_roots=roots, level=level, timestamper=timestamper)
