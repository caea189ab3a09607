"""The unit seal that closes a case: required at start, refused when it is not the unit's."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from sopflow.bpmn import resolve_model
from sopflow.errors import RosterError, SigningError
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster, read_roster_toml
from sopflow.signing import open_signer


def _roster_copy(roster_path: Path, target: Path, change) -> Roster:
    """The seed roster with every path absolute, changed by ``change``, written to ``target``."""
    raw = read_roster_toml(roster_path)
    base = roster_path.parent
    raw["signing"]["trust"] = [str(base / t) for t in raw["signing"]["trust"]]
    raw["signing"]["test_pki"] = str(base / raw["signing"]["test_pki"])
    for entry in [*raw["official"], raw["seal"]]:
        entry["signer"]["pkcs12"] = str(base / entry["signer"]["pkcs12"])
    change(raw)
    target.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return Roster.load(target)


def test_case_start_refuses_a_roster_without_a_unit_seal(tmp_path: Path, roster_path: Path) -> None:
    roster = _roster_copy(roster_path, tmp_path / "roster.toml", lambda raw: raw.pop("seal"))
    service = CaseService(tmp_path / "data")
    try:
        with pytest.raises(RosterError, match="unit seal") as caught:
            service.start_case(resolve_model("lip20-0013"), roster)
        assert "[seal]" in caught.value.where
        assert service.list_cases() == []
    finally:
        service.close()


def test_an_officials_key_configured_as_the_seal_cannot_close_a_case(tmp_path: Path, roster_path: Path) -> None:
    """The last completion is refused and changes nothing: the seal must name the unit, not a person."""
    def official_as_seal(raw: dict) -> None:
        raw["seal"]["signer"] = dict(raw["official"][0]["signer"])

    roster = _roster_copy(roster_path, tmp_path / "roster.toml", official_as_seal)
    service = CaseService(tmp_path / "data")
    try:
        case_id = service.start_case(resolve_model("lip20-0013"), roster)
        while len(ready := service.ready_tasks(case_id)) > 0:
            task = ready[0]
            form = service.form_of(case_id, task.form_key) if task.form_key else None
            with open_signer(roster.for_role(task.role or "").signer) as signer:
                try:
                    complete_task(service, case_id, task.id, form.defaults() if form else {}, signer)
                except SigningError as exc:
                    assert "not the seal of" in str(exc)
                    break
        else:
            pytest.fail("the case closed with an official's key as its seal")
        assert service.summary(case_id).status == "running"
        assert service.case_seal(case_id) is None
        assert [t.id for t in service.ready_tasks(case_id)] == [task.id]
    finally:
        service.close()
