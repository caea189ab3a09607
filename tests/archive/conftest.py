"""Archive fixtures: two finished cases of seed LIP10-0072 (9 tasks), real PKI and signatures."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit
import pytest

from sopflow.bpmn import resolve_model
from sopflow.runner.journal import canonical_json, read_jsonl, seal


@dataclass(frozen=True)
class DemoCases:
    """Two cases of the same SOP with the same roster, exported as bags."""

    out: Path
    """The demo's output folder."""
    first: Path
    """Bag of the first case."""
    second: Path
    """Bag of the second case."""
    trust_root: Path
    """Root certificate of the PKI that signed both."""


@pytest.fixture(scope="session")
def lip10_cases(tmp_path_factory: pytest.TempPathFactory) -> DemoCases:
    from sopflow.demo.run import run_demo

    out = tmp_path_factory.mktemp("lip10")
    model = resolve_model("lip10-0072")
    assert model is not None
    first, second = run_demo(out, [model, model])
    assert first.report.ok and second.report.ok, (first.report.findings, second.report.findings)
    return DemoCases(out=out, first=first.archive, second=second.archive,
                     trust_root=out / "setup" / "pki" / "root.pem")


@pytest.fixture
def bag(lip10_cases: DemoCases, tmp_path: Path) -> Path:
    """A private copy of the first case's bag, free to tamper with."""
    target = tmp_path / "bag"
    shutil.copytree(lip10_cases.first, target)
    return target


def read_journal(bag: Path) -> list[dict[str, Any]]:
    return read_jsonl((bag / "data" / "journal.jsonl").read_text("utf-8"), source="journal")


def write_journal(bag: Path, entries: list[dict[str, Any]]) -> None:
    """Re-seal the chain over ``entries`` (renumbered) and update case.json, as a careful forger would."""
    prev = "0" * 64
    sealed = []
    for seq, entry in enumerate(entries, start=1):
        body = {k: v for k, v in entry.items() if k not in ("v", "prev", "hash")}
        body["seq"] = seq
        entry = seal(body, prev=prev)
        prev = entry["hash"]
        sealed.append(entry)
    (bag / "data" / "journal.jsonl").write_text("".join(canonical_json(e) + "\n" for e in sealed), "utf-8")
    case_file = bag / "data" / "case.json"
    case = json.loads(case_file.read_text("utf-8"))
    case["journal_head"], case["journal_length"] = prev, len(sealed)
    case_file.write_text(json.dumps(case, ensure_ascii=False, indent=2), "utf-8")


def rebag(bag: Path) -> None:
    """Re-make the bag's manifests so fixity holds and a deeper check must catch the tamper."""
    bagit.Bag(str(bag)).save(manifests=True)
