"""The logical Bagan Arus: rows of flow nodes, one column per lane, links between them.

Rows follow the flow: a topological order of the sequence flows without the
flows that close a loop (back edges, found depth-first from the start
events), ties broken by the model's breadth-first flow order, end events last.
Each flow node has a row of its own, except that the branches of a parallel
split share rows: elements at the same depth on different branches, in
different lanes, sit side by side.

Every task a person performs gets a step number, as the SOP text writes it:
the ``Langkah N:`` its documentation starts with (see
:mod:`sopflow.sopdoc.procedure`), else the next number, with letters for
parallel tasks of one row (``6a``, ``6b``). Any other element (an end event
standing for the SOP's "Proses selesai.") is a step only when its
documentation writes a ``Langkah N:``; nothing is numbered by guess.

PermenPAN-RB 35/2012 knows five symbols. BPMN elements without one are drawn
with the closest symbol and the substitution is stated in Keterangan
(``_SUBSTITUTES``); nothing is dropped.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from enum import StrEnum

from sopflow.model.profile import TASK_KINDS, Element, Flow, SopModel
from sopflow.sopdoc.procedure import label_order, next_label, step_label, step_notes

__all__ = ["Symbol", "Step", "Row", "Link", "FlowchartLayout", "layout_flowchart"]


class Symbol(StrEnum):
    """The flowchart symbols of PermenPAN-RB 35/2012 that stand for elements."""

    CAPSULE = "capsule"
    """Terminator: start and end."""
    RECTANGLE = "rectangle"
    """Activity."""
    DIAMOND = "diamond"
    """Decision."""


_SYMBOL_OF_KIND: dict[str, Symbol] = {
    "startEvent": Symbol.CAPSULE,
    "endEvent": Symbol.CAPSULE,
    "exclusiveGateway": Symbol.DIAMOND,
    "inclusiveGateway": Symbol.DIAMOND,
    "eventBasedGateway": Symbol.DIAMOND,
    "complexGateway": Symbol.DIAMOND,
    "parallelGateway": Symbol.DIAMOND,
}
"""Symbol per BPMN kind; every other kind is an activity rectangle."""

_SUBSTITUTES: dict[str, str] = {
    "serviceTask": "Dikerjakan oleh sistem (service task BPMN), digambar sebagai kegiatan.",
    "scriptTask": "Dikerjakan oleh sistem (script task BPMN), digambar sebagai kegiatan.",
    "businessRuleTask": "Keputusan aturan oleh sistem (business rule task BPMN), digambar sebagai kegiatan.",
    "sendTask": "Pengiriman pesan (send task BPMN), digambar sebagai kegiatan.",
    "receiveTask": "Menunggu pesan (receive task BPMN), digambar sebagai kegiatan.",
    "callActivity": "Menjalankan proses lain (call activity BPMN), digambar sebagai kegiatan.",
    "subProcess": "Sub-proses BPMN, digambar sebagai satu kegiatan.",
    "intermediateCatchEvent": "Menunggu {event}: peristiwa antara BPMN, digambar sebagai kegiatan.",
    "intermediateThrowEvent": "Mengirim {event}: peristiwa antara BPMN, digambar sebagai kegiatan.",
    "boundaryEvent": "Peristiwa {event} pada kegiatan: boundary event BPMN, digambar sebagai kegiatan.",
    "inclusiveGateway": "Keputusan inklusif: satu atau lebih cabang dijalankan.",
    "eventBasedGateway": "Keputusan menurut peristiwa yang lebih dulu terjadi.",
    "complexGateway": "Keputusan majemuk (complex gateway BPMN).",
    "parallelGateway.split": (
        "Percabangan paralel: semua cabang dikerjakan bersamaan "
        "(gerbang paralel BPMN, digambar belah ketupat kecil)."
    ),
    "parallelGateway.join": (
        "Penggabungan paralel: dilanjutkan setelah semua cabang selesai "
        "(gerbang paralel BPMN, digambar belah ketupat kecil)."
    ),
    "exclusiveGateway.merge": "Titik temu alur (gerbang eksklusif BPMN tanpa keputusan), digambar belah ketupat.",
    "startEvent": "Dimulai oleh {event}.",
    "endEvent": "Diakhiri dengan {event}.",
}
"""Keterangan notes for elements drawn with a substitute symbol or carrying an event definition."""

_EVENT_NAMES: dict[str, str] = {
    "timerEventDefinition": "pewaktu (timer)",
    "messageEventDefinition": "pesan",
    "signalEventDefinition": "sinyal",
    "conditionalEventDefinition": "kondisi",
    "errorEventDefinition": "galat",
    "escalationEventDefinition": "eskalasi",
    "terminateEventDefinition": "penghentian seluruh proses",
}

_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
"""A plain number of working days (``2``, ``0.5``, ``0,5``)."""

_DEFAULT_ACTIVITY: dict[str, str] = {
    "startEvent": "Mulai",
    "endEvent": "Selesai",
    "exclusiveGateway": "Keputusan",
    "exclusiveGateway.merge": "Alur digabungkan",
    "inclusiveGateway": "Keputusan",
    "eventBasedGateway": "Menunggu peristiwa",
    "complexGateway": "Keputusan",
    "parallelGateway.split": "Kegiatan paralel dimulai",
    "parallelGateway.join": "Semua kegiatan paralel selesai",
    "intermediateCatchEvent": "Menunggu",
    "intermediateThrowEvent": "Pemberitahuan",
}


@dataclass(frozen=True)
class Step:
    """One row of the Bagan Arus table."""

    element_id: str
    """The BPMN element drawn in this row."""
    kind: str
    """Its BPMN kind (``userTask``, ``exclusiveGateway`` ...)."""
    symbol: Symbol
    """Symbol drawn in the Pelaksana column."""
    small: bool
    """Drawn at reduced size (parallel gateways, which have no symbol of their own)."""
    column: int
    """Index of the Pelaksana (lane) column."""
    row: int
    """Index of the table row it is drawn in."""
    number: str | None
    """Step number as the SOP writes it (``6``, ``6a``, ``4–5``): every task has one, other elements only
    when their documentation writes a ``Langkah N:``; else ``None``."""
    role: str | None
    """Role (lane name) performing it."""
    activity: str
    """Kegiatan column text."""
    completeness: str
    """Mutu Baku Kelengkapan."""
    duration: str
    """Mutu Baku Waktu."""
    output: str
    """Mutu Baku Output."""
    remarks: str
    """Keterangan: the element's documentation (without its ``Langkah N:`` steps, which Prosedur Kerja
    prints) plus any symbol substitution note."""


@dataclass(frozen=True)
class Row:
    """One row of the Bagan Arus table: one step, or parallel steps side by side."""

    steps: tuple[int, ...]
    """Indexes of the steps drawn in the row, by column."""
    number: str | None
    """The No column: the step numbers of its tasks (``6``, ``6a, 6b``), ``None`` without tasks."""
    activity: str
    """Kegiatan."""
    completeness: str
    """Mutu Baku Kelengkapan."""
    duration: str
    """Mutu Baku Waktu."""
    output: str
    """Mutu Baku Output."""
    remarks: str
    """Keterangan."""


@dataclass(frozen=True)
class Link:
    """An arrow: one sequence flow between two steps."""

    flow_id: str
    """Sequence flow id."""
    source: int
    """Index of the source step."""
    target: int
    """Index of the target step."""
    label: str
    """Text on the arrow (Ya / Tidak ...), only on arrows leaving a decision."""


@dataclass(frozen=True)
class FlowchartLayout:
    """The Bagan Arus before geometry: rows, columns and links."""

    lanes: tuple[str, ...]
    """Pelaksana column headings, in diagram order."""
    steps: tuple[Step, ...]
    """Every flow node, in row order."""
    rows: tuple[Row, ...]
    """Rows, top to bottom."""
    links: tuple[Link, ...]
    """Arrows, in the model's flow order."""

    def row_of(self, element_id: str) -> int:
        """Row index of an element.

        :raises KeyError: the element is not drawn.
        """
        for step in self.steps:
            if step.element_id == element_id:
                return step.row
        raise KeyError(element_id)

    def rows_of(self, link: Link) -> tuple[int, int]:
        """Rows of a link's source and target."""
        return self.steps[link.source].row, self.steps[link.target].row


def layout_flowchart(model: SopModel) -> FlowchartLayout:
    """Assign every flow node a row and its lane's column, and every sequence flow an arrow."""
    order = _row_order(model)
    lanes = tuple(lane.name for lane in model.lanes)
    column = _columns(model, order, lanes)
    row_members = _rows(model, order, column)
    numbers = _numbers(model, row_members, column)
    steps: list[Step] = []
    rows: list[Row] = []
    for index, members in enumerate(row_members):
        members = sorted(members, key=lambda element_id: column[element_id])
        first = len(steps)
        steps += [_step(model, model.elements[m], column[m], index, numbers.get(m)) for m in members]
        rows.append(_row(steps[first:], tuple(range(first, len(steps)))))
    position = {step.element_id: i for i, step in enumerate(steps)}
    links = tuple(
        Link(flow.id, position[flow.source], position[flow.target], _label(model, flow))
        for flow in model.flows
        if flow.source in position and flow.target in position
    )
    return FlowchartLayout(lanes=lanes, steps=tuple(steps), rows=tuple(rows), links=links)


def _distinct(texts: list[str], separator: str) -> str:
    return separator.join(dict.fromkeys(t for t in texts if t))


def _row(steps: list[Step], indexes: tuple[int, ...]) -> Row:
    numbers = [s.number for s in steps if s.number is not None]
    return Row(
        steps=indexes,
        number=_distinct(numbers, ", ") or None,
        activity=_distinct([s.activity for s in steps], "; "),
        completeness=_distinct([s.completeness for s in steps], "; "),
        duration=_distinct([s.duration for s in steps], "; "),
        output=_distinct([s.output for s in steps], "; "),
        remarks=_distinct([s.remarks for s in steps], " "),
    )


def _numbers(model: SopModel, rows: list[list[str]], column: dict[str, int]) -> dict[str, str]:
    """Step numbers: as an element's documentation writes them; else the next one for a task (lettered when
    parallel). Other elements (events, gateways) are steps only when their documentation says so."""
    numbers: dict[str, str] = {}
    last: str | None = None
    for members in rows:
        ordered = sorted(members, key=lambda m: column[m])
        written = {m: label for m in ordered if (label := step_label(model.elements[m].documentation))}
        unwritten = [m for m in ordered if m not in written and model.elements[m].kind in TASK_KINDS]
        following = next_label(last)
        for letter, element_id in enumerate(unwritten):
            numbers[element_id] = following + (chr(ord("a") + letter) if len(unwritten) > 1 else "")
        numbers.update(written)
        for element_id in ordered:
            if element_id in numbers:
                last = numbers[element_id] if last is None else max(last, numbers[element_id], key=label_order)
    return numbers


def _rows(model: SopModel, order: list[Element], column: dict[str, int]) -> list[list[str]]:
    """Row members: one element per row, but elements on different parallel branches share rows."""
    back = _back_edges(model)
    forward = [f for f in model.flows if f.id not in back and f.source in column and f.target in column]
    predecessors: dict[str, list[str]] = {e.id: [] for e in order}
    depth = {e.id: 0 for e in order}
    for element in order:
        for flow in forward:
            if flow.target == element.id:
                predecessors[element.id].append(flow.source)
                depth[element.id] = max(depth[element.id], depth[flow.source] + 1)
    branches = _parallel_branches(model, order, forward)
    rows: list[list[str]] = []
    row_of: dict[str, int] = {}
    for element in order:
        placed = None
        if element.kind != "endEvent":
            latest = max((row_of[p] for p in predecessors[element.id]), default=-1)
            for index in range(latest + 1, len(rows)):
                members = rows[index]
                if (all(depth[m] == depth[element.id] for m in members)
                        and all(column[m] != column[element.id] for m in members)
                        and all(_parallel(branches, m, element.id) for m in members)):
                    placed = index
                    break
        if placed is None:
            rows.append([])
            placed = len(rows) - 1
        rows[placed].append(element.id)
        row_of[element.id] = placed
    return rows


def _parallel_branches(model: SopModel, order: list[Element], forward: list[Flow]) -> list[dict[str, int]]:
    """Per parallel split: the branch (outgoing flow index) of every element between it and its join."""
    outgoing: dict[str, list[str]] = {}
    for flow in forward:
        outgoing.setdefault(flow.source, []).append(flow.target)
    rank = {e.id: i for i, e in enumerate(order)}

    def reach(start: str) -> set[str]:
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(outgoing.get(node, ()))
        return seen

    found = []
    for element in order:
        targets = outgoing.get(element.id, [])
        if element.kind != "parallelGateway" or len(targets) < 2:
            continue
        reached = [reach(t) for t in targets]
        common = set.intersection(*reached)
        after = reach(min(common, key=rank.__getitem__)) if common else set()
        branch: dict[str, int] = {}
        for index, nodes in enumerate(reached):
            for node in nodes - after:
                branch[node] = -1 if node in branch else index  # on several branches: not parallel
        found.append({node: index for node, index in branch.items() if index >= 0})
    return found


def _parallel(branches: list[dict[str, int]], a: str, b: str) -> bool:
    """Whether two elements lie on different branches of one parallel split."""
    return any(a in split and b in split and split[a] != split[b] for split in branches)


def _variant(model: SopModel, element: Element) -> str:
    if element.kind == "parallelGateway":
        return "parallelGateway.join" if len(model.incoming(element.id)) > 1 else "parallelGateway.split"
    if element.kind == "exclusiveGateway" and len(model.outgoing(element.id)) == 1:
        return "exclusiveGateway.merge"
    return element.kind


def _step(model: SopModel, element: Element, column: int, row: int, number: str | None) -> Step:
    variant = _variant(model, element)
    events = [_EVENT_NAMES.get(d, d.removesuffix("EventDefinition")) for d in element.event_definitions]
    note = _SUBSTITUTES.get(variant, "")
    if "{event}" in note:
        note = note.format(event=" / ".join(events)) if events else ""
    remarks = " ".join(part for part in (step_notes(element.documentation), note) if part)
    props = element.properties
    duration = props.get("durationWorkdays", "").strip()
    if _NUMBER.match(duration):
        duration = f"{duration.replace('.', ',')} hari kerja"
    return Step(
        element_id=element.id,
        kind=element.kind,
        symbol=_SYMBOL_OF_KIND.get(element.kind, Symbol.RECTANGLE),
        small=element.kind == "parallelGateway",
        column=column,
        row=row,
        number=number,
        role=element.lane,
        activity=element.name or _DEFAULT_ACTIVITY.get(variant, element.kind),
        completeness=props.get("completeness", "").strip(),
        duration=duration,
        output=props.get("output", "").strip(),
        remarks=remarks,
    )


def _label(model: SopModel, flow: Flow) -> str:
    source = model.elements[flow.source]
    if _SYMBOL_OF_KIND.get(source.kind) is not Symbol.DIAMOND or source.kind == "parallelGateway":
        return ""
    if flow.name:
        return flow.name
    outgoing = model.outgoing(source.id)
    if source.default_flow == flow.id:
        return "Tidak" if len(outgoing) == 2 else "Lainnya"
    if flow.condition and len(outgoing) == 2:
        return "Ya"
    return (flow.condition or "")[:24]


def _back_edges(model: SopModel) -> set[str]:
    """Flows that close a loop, found depth-first from the start events in flow order."""
    outgoing: dict[str, list[Flow]] = {}
    for edge in model.flows:
        outgoing.setdefault(edge.source, []).append(edge)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[str] = set()
    for root in (e.id for e in model.flow_order()):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(outgoing.get(root, ())))]
        while stack:
            node, flows = stack[-1]
            flow = next(flows, None)
            if flow is None:
                state[node] = 2
                stack.pop()
            elif state.get(flow.target) == 1:
                back.add(flow.id)
            elif flow.target not in state and flow.target in model.elements:
                state[flow.target] = 1
                stack.append((flow.target, iter(outgoing.get(flow.target, ()))))
    return back


def _row_order(model: SopModel) -> list[Element]:
    rank = {e.id: i for i, e in enumerate(model.flow_order())}
    back = _back_edges(model)
    forward = [f for f in model.flows if f.id not in back and f.source in rank and f.target in rank]
    waiting = {element_id: 0 for element_id in rank}
    for flow in forward:
        waiting[flow.target] += 1

    def key(element_id: str) -> tuple[bool, int]:
        return model.elements[element_id].kind == "endEvent", rank[element_id]

    ready = [key(i) + (i,) for i, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[Element] = []
    while ready:
        *_, element_id = heapq.heappop(ready)
        order.append(model.elements[element_id])
        for flow in forward:
            if flow.source == element_id:
                waiting[flow.target] -= 1
                if waiting[flow.target] == 0:
                    heapq.heappush(ready, key(flow.target) + (flow.target,))
    return order


def _columns(model: SopModel, order: list[Element], lanes: tuple[str, ...]) -> dict[str, int]:
    """Lane column per element; an element outside every lane sits with its neighbours."""
    column = {e.id: lanes.index(e.lane) for e in order if e.lane is not None and e.lane in lanes}
    changed = True
    while changed:
        changed = False
        for element in order:
            if element.id in column:
                continue
            neighbours = [f.source for f in model.incoming(element.id)] + [
                f.target for f in model.outgoing(element.id)
            ]
            placed = [column[n] for n in neighbours if n in column]
            if placed:
                column[element.id] = placed[0]
                changed = True
    return {e.id: column.get(e.id, 0) for e in order}
