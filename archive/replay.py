"""Replay a case's journal on its archived BPMN model.

The trail is accepted only when, entry after entry, the journal's task is
ready at that point of the model, lies in the lane of the entry's role, and
the replay ends where the case says it ended (completed or still running).
Gateway decisions are taken again from each entry's form data, so a trail
that skips, repeats or reorders steps, or takes a branch its data does not
choose, does not replay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sopflow.archive.report import Finding, Kind
from sopflow.errors import SopflowError
from sopflow.model.profile import SopModel
from sopflow.runner.engine import Engine

__all__ = ["replay_journal"]


def replay_journal(model: SopModel, journal: Sequence[Mapping[str, Any]], status: str | None) -> list[Finding]:
    """Findings of replaying ``journal`` on ``model``; empty when the trail is one the model allows.

    Replay stops at the first entry that does not fit: later entries cannot
    be judged on a diverged workflow.

    :param status: the case's status in case.json (``completed`` or ``running``).
    """
    engine = Engine(model)
    try:
        workflow = engine.start()
    except SopflowError as exc:
        return [Finding(Kind.REPLAY, f"the model cannot start: {exc}")]
    for entry in journal:
        seq = entry.get("seq")
        spec = str((entry.get("task") or {}).get("spec"))
        ready = engine.ready_tasks(workflow)
        match = next((t for t in ready if t.spec_id == spec), None)
        if match is None:
            waiting = ", ".join(f"{t.spec_id} ({t.lane})" for t in ready) or "none — the process had ended"
            return [Finding(Kind.REPLAY, f"journal entry {seq}: task {spec} is not ready at this point of the "
                                         f"model (ready: {waiting}); the trail skips, repeats or reorders steps")]
        if match.lane != entry.get("role"):
            return [Finding(Kind.REPLAY, f"journal entry {seq}: task {spec} lies in lane '{match.lane}', "
                                         f"the journal records role '{entry.get('role')}'")]
        data = entry.get("data") or {}
        try:
            engine.complete(workflow, engine.find_task(workflow, match.id), dict(data))
        except SopflowError as exc:
            return [Finding(Kind.REPLAY, f"journal entry {seq}: the model fails on the entry's data: {exc}")]
    finished = workflow.is_completed()
    expected = status == "completed"
    if finished != expected:
        where = "reaches the end of the process" if finished else (
            "stops with tasks still waiting: " + ", ".join(t.spec_id for t in engine.ready_tasks(workflow)))
        return [Finding(Kind.REPLAY, f"the replayed trail {where}, but case.json says the case is {status}")]
    return []
