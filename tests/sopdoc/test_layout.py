"""Rows, columns and links of the Bagan Arus."""

from __future__ import annotations

from sopflow.model.profile import TASK_KINDS, load_model
from sopflow.sopdoc import Symbol, layout_flowchart
from sopflow.sopdoc.procedure import label_order, step_label

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
    # Parallel branches side by side on one row, each in its own lane, numbered as one step with letters.
    assert by_id["Task_QA1"].row == by_id["Task_QA2"].row
    assert by_id["Task_QA1"].column == 2 and by_id["Task_QA2"].column == 3
    assert layout.rows[by_id["Task_QA1"].row].number == f"{by_id['Task_QA1'].number}, {by_id['Task_QA2'].number}"
    assert by_id["Task_QA1"].number.endswith("a") and by_id["Task_QA2"].number.endswith("b")
    labels = {link.flow_id: link.label for link in layout.links}
    assert labels["Flow_Yes"] == "Ya" and labels["Flow_No"] == "Tidak"  # name; default flow
    back = next(link for link in layout.links if link.flow_id == "Flow_Back")
    assert layout.rows_of(back)[1] < layout.rows_of(back)[0]  # the loop is drawn back up


def _forward_reach(model, layout) -> dict[str, set[str]]:
    """Elements reachable from each element along flows that do not close a loop (drawn downwards)."""
    down = {}
    for link in layout.links:
        source, target = layout.steps[link.source], layout.steps[link.target]
        if target.row > source.row:
            down.setdefault(source.element_id, []).append(target.element_id)
    reach = {}
    for start in model.elements:
        seen, stack = set(), list(down.get(start, ()))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(down.get(node, ()))
        reach[start] = seen
    return reach


def test_every_model_rows_follow_the_flow():
    for path in MODEL_PATHS:
        model = load_model(path)
        layout = layout_flowchart(model)
        assert sorted(s.element_id for s in layout.steps) == sorted(model.elements), path.name
        numbered = [s.element_id for s in layout.steps if s.number is not None]
        # Every task is a step; any other element only where its documentation writes a Langkah.
        written = [e.id for e in model.elements.values() if e.kind not in TASK_KINDS and step_label(e.documentation)]
        assert sorted(numbered) == sorted([*model.tasks, *written]), path.name
        # Step numbers never go down the table.
        orders = [label_order(row.number.split(", ")[0]) for row in layout.rows if row.number]
        assert orders == sorted(orders), path.name
        assert len(layout.links) == len(model.flows)
        # Rows: every step in the row that lists it; steps sharing a row are parallel (no path between
        # them), in different lanes.
        reach = _forward_reach(model, layout)
        for index, row in enumerate(layout.rows):
            steps = [layout.steps[i] for i in row.steps]
            assert all(s.row == index for s in steps)
            assert len({s.column for s in steps}) == len(steps), (path.name, index)
            for a in steps:
                for b in steps:
                    assert b.element_id not in reach[a.element_id], (path.name, a.element_id, b.element_id)
        for step in layout.steps:
            if step.role is not None:
                assert layout.lanes[step.column] == step.role
        # End events close the table.
        kinds = [s.kind for s in layout.steps]
        first_end = kinds.index("endEvent")
        assert set(kinds[first_end:]) == {"endEvent"}, path.name


def test_nested_parallel_branches_share_rows():
    layout = layout_flowchart(load_model(FIXTURES / "nested_parallel.bpmn"))
    rows = [(row.number, [layout.steps[i].element_id for i in row.steps]) for row in layout.rows]
    assert rows == [
        (None, ["Start"]),
        ("1", ["Task_Assign"]),
        (None, ["Gw_Outer"]),
        ("2", ["Task_Plan", "Gw_Inner"]),  # the outer branches side by side
        ("3a, 3b", ["Task_Sample1", "Task_Sample2"]),  # the inner ones too
        (None, ["Gw_InnerJoin"]),
        ("4", ["Task_Discuss"]),
        (None, ["Gw_OuterJoin"]),
        ("5", ["Task_Close"]),
        (None, ["End"]),
    ]
