"""Trial cases of library models: their own database, one generated roster per set of lanes, marked UJI COBA."""

from __future__ import annotations

from sopflow.bpmn import resolve_model
from sopflow.demo.trial import TRIAL_MARK, TrialArea
from sopflow.runner.cases import CaseService
from sopflow.runner.library import ModelLibrary


def test_trials_share_a_roster_per_lane_set_and_stay_apart(tmp_path):
    real = CaseService(tmp_path / "data")
    library = ModelLibrary(real.store)
    for seed in ("lip20-0013", "lip30-0006"):
        path = resolve_model(seed)
        assert path is not None
        library.save_file(path, name=seed)
    trials = TrialArea(tmp_path / "data" / "uji-coba")
    try:
        first = trials.start(library, "lip20-0013")
        second = trials.start(library, "lip20-0013", 1)
        other = trials.start(library, "lip30-0006")
        assert len({first, second, other}) == 3
        assert len(list((tmp_path / "data" / "uji-coba" / "rosters").iterdir())) == 2
        roster = trials.roster_for(trials.service.model_of(first))
        assert roster.seal is not None and TRIAL_MARK in roster.seal.name
        assert all(TRIAL_MARK in entry.official.name for entry in roster.entries.values())
        done = trials.complete_next(first)
        assert TRIAL_MARK in trials.service.journal(first)[0]["official"]["name"] and done
        assert real.list_cases() == []
        assert [c.id for c in trials.cases_of(library.version("lip20-0013").sha256)] == [second, first]
    finally:
        trials.close()
        real.close()
