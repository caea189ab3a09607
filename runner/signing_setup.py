"""The signing set-up of a case: trust roots, PAdES level, time-stamping authority."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from pyhanko.sign.timestamps import HTTPTimeStamper

from sopflow.signing import SigningContext, SigningLevel, TestPki, context_for_test_pki, load_certificate

__all__ = ["case_signing_context"]


def case_signing_context(roster: Mapping[str, Any]) -> SigningContext:
    """Build the context from the roster a case recorded at start (``Roster.public_dict``)."""
    signing = roster["signing"]
    level = SigningLevel(signing["level"])
    roots = tuple(load_certificate(Path(p)) for p in signing["trust"])
    if signing.get("test_pki"):
        base = context_for_test_pki(TestPki.load(Path(signing["test_pki"])), level)
        return SigningContext(trust_roots=roots, level=level, timestamper=base.timestamper,
                              validation=base.validation)
    timestamper = HTTPTimeStamper(signing["tsa_url"]) if signing.get("tsa_url") else None
    return SigningContext(trust_roots=roots, level=level, timestamper=timestamper)
