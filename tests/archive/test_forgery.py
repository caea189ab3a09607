"""The attack suite of docs/threat-model.md: one row per attack class, each at the full-rewrite level.

The forger rewrites any file of an exported archive and then covers their
tracks as well as anyone without a private key can: the journal is re-chained
with the product's own hashing code, case.json's head, length and status are
made to agree, and the bag manifests are re-made. Each row asserts the exact
finding kind that must catch it; the untouched archive raises none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.signing import create_test_pki

from .conftest import DemoCases, read_journal, rebag, write_journal


def _case_json(bag: Path) -> dict:
    return json.loads((bag / "data" / "case.json").read_text("utf-8"))


def _write_case_json(bag: Path, case: dict) -> None:
    (bag / "data" / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2), "utf-8")


def untouched(_bag: Path, _cases: DemoCases) -> None:
    pass


def roster_official_replaced(bag: Path, _cases: DemoCases) -> None:
    """case.json names another official (name and NIP) for a role, consistently with the journal."""
    case = _case_json(bag)
    role, person = next(iter(case["roster"]["officials"].items()))
    person.update(name="Orang Lain, S.E.", nip="199001012015011999")
    _write_case_json(bag, case)
    entries = read_journal(bag)
    for entry in entries:
        if entry["role"] == role:
            entry["official"].update(name=person["name"], nip=person["nip"])
    write_journal(bag, entries)
    rebag(bag)


def roster_level_lowered(bag: Path, _cases: DemoCases) -> None:
    case = _case_json(bag)
    case["roster"]["level"] = "B-LTA" if case["roster"]["level"] != "B-LTA" else "B-B"
    _write_case_json(bag, case)
    rebag(bag)


def trust_root_replaced(bag: Path, cases: DemoCases) -> None:
    """The archive's trust root and case.json's trust digest replaced by the forger's own CA."""
    from sopflow.runner.binding import certificate_digests

    foreign = create_test_pki(bag.parent / "forger-pki", []).root_pem
    for old in (bag / "data" / "certs").glob("*.pem"):
        old.unlink()
    (bag / "data" / "certs" / "trust-1.pem").write_bytes(foreign.read_bytes())
    case = _case_json(bag)
    case["roster"]["trust_sha256"] = certificate_digests([foreign.read_bytes()])
    _write_case_json(bag, case)
    rebag(bag)


def model_edited(bag: Path, _cases: DemoCases) -> None:
    """The archived BPMN gets an extra (harmless-looking) comment."""
    model = next((bag / "data" / "model").glob("*.bpmn"))
    model.write_bytes(model.read_bytes() + b"\n<!-- revised -->\n")
    rebag(bag)


def form_edited(bag: Path, _cases: DemoCases) -> None:
    form = next((bag / "data" / "forms").glob("*.form"))
    data = json.loads(form.read_text("utf-8"))
    data["id"] = data.get("id", "form") + "_revised"
    form.write_text(json.dumps(data), "utf-8")
    rebag(bag)


def journal_data_rewritten(bag: Path, _cases: DemoCases) -> None:
    """An early entry's form data edited, the chain re-sealed with the product's own code."""
    entries = read_journal(bag)
    entries[0]["data"] = {**entries[0].get("data", {}), "catatan_forger": "ditambahkan"}
    write_journal(bag, entries)
    rebag(bag)


@dataclass(frozen=True)
class Attack:
    """One attack class and the finding kind that must catch it."""

    make: Callable[[Path, DemoCases], None]
    """Rewrites the archive."""
    kind: Kind | None
    """The finding kind that must be reported (``None``: the archive must pass)."""
    names: str | None = None
    """A fragment a finding of that kind must contain (the file or entry named)."""


ATTACKS: dict[str, Attack] = {
    "untouched archive": Attack(untouched, None),
    "roster: an official replaced in case.json": Attack(roster_official_replaced, Kind.ROSTER_DIGEST),
    "roster: PAdES level changed in case.json": Attack(roster_level_lowered, Kind.ROSTER_DIGEST),
    "roster: trust root replaced with the forger's CA": Attack(trust_root_replaced, Kind.ROSTER_DIGEST, "documents/"),
    "model: archived BPMN edited": Attack(model_edited, Kind.MODEL_DIGEST, "documents/"),
    "model: archived form edited": Attack(form_edited, Kind.MODEL_DIGEST, "documents/"),
    "journal: entry data rewritten and re-chained": Attack(journal_data_rewritten, Kind.JOURNAL_LINK,
                                                           "previous journal hash"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_forgery_fails_with_its_finding(name: str, bag: Path, lip10_cases: DemoCases) -> None:
    attack = ATTACKS[name]
    attack.make(bag, lip10_cases)
    report = verify_case(bag, [lip10_cases.trust_root], workers=1)
    if attack.kind is None:
        assert report.ok and not report.findings, report.findings
        return
    assert not report.ok
    assert attack.kind in report.kinds, f"{name}: expected {attack.kind.value}, got {report.findings}"
    if attack.names:
        assert any(attack.names in f.message for f in report.findings if f.kind is attack.kind), report.findings
    assert Kind.BAG_FIXITY not in report.kinds, "the forger re-made the manifests; fixity must hold"
