"""Rows, columns and links of the Bagan Arus."""

from __future__ import annotations

from sopflow.model.profile import TASK_KINDS, load_model
from sopflow.sopdoc import Symbol, layout_flowchart

from .conftest import FIXTURES, MODEL_PATHS


def test_fixture_rows_and_substitutions():
    model = load_model(FIXTURES / "review_loop.bpmn")
    layout = layout_flowchart(model)
    ids = [s.element_id for s in layout.steps]
    assert ids[0] == "Start_Review" and ids[-1] == "End_Review"
    by_id = {s.element_id: s for s in layout.steps}
    # The timer has no SOP symbol: drawn as an activity and said so.
    assert by_id["Timer_Wait"].symbol is Symbol.RECTANGLE
    assert "pewaktu" in by_id["Timer_Wait"].remarks and "digambar" in by_id["Timer_Wait"].remarks
    # Parallel gateways: small diamonds, noted in Keterangan.
    for gateway in ("Gw_Split", "Gw_Join"):
        assert by_id[gateway].symbol is Symbol.DIAMOND and by_id[gateway].small
        assert "paralel" in by_id[gateway].remarks
    # Parallel branches on consecutive rows, each in its own lane.
    assert abs(ids.index("Task_QA1") - ids.index("Task_QA2")) == 1
    assert by_id["Task_QA1"].column == 2 and by_id["Task_QA2"].column == 3
    labels = {link.flow_id: link.label for link in layout.links}
    assert labels["Flow_Yes"] == "Ya" and labels["Flow_No"] == "Tidak"  # name; default flow
    back = next(link for link in layout.links if link.flow_id == "Flow_Back")
    assert back.target < back.source  # the loop is drawn back up


def test_every_model_rows_follow_the_flow():
    for path in MODEL_PATHS:
        model = load_model(path)
        layout = layout_flowchart(model)
        assert sorted(s.element_id for s in layout.steps) == sorted(model.elements), path.name
        numbered = [s.element_id for s in layout.steps if s.number is not None]
        assert sorted(numbered) == sorted(model.tasks), path.name
        assert [s.number for s in layout.steps if s.number is not None] == list(range(1, len(numbered) + 1))
        assert all(model.elements[i].kind in TASK_KINDS for i in numbered)
        assert len(layout.links) == len(model.flows)
        for step in layout.steps:
            if step.role is not None:
                assert layout.lanes[step.column] == step.role
        # End events close the table.
        kinds = [s.kind for s in layout.steps]
        first_end = kinds.index("endEvent")
        assert set(kinds[first_end:]) == {"endEvent"}, path.name
