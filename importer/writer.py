"""Write a draft as a BPMN 2.0 file of the SOP profile, with a layered diagram (DI) Camunda Modeler opens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from sopflow.importer.infer import Draft, DraftTask
from sopflow.importer.reader import SECTION_TITLES, SopText

__all__ = ["write_bpmn", "process_properties"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "camunda": CAMUNDA, "xsi": XSI}

LANE_HEIGHT, COLUMN, LEFT, TASK_W, TASK_H, GATE = 150, 150, 180, 100, 80, 50


@dataclass
class _Node:
    id: str
    kind: str
    lane: int
    column: int = 0
    name: str = ""
    task: DraftTask | None = None
    gateway_default: str = ""
    documentation: str = ""


@dataclass
class _Graph:
    nodes: list[_Node] = field(default_factory=list)
    flows: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(id, source, target, condition)."""

    def flow(self, source: str, target: str, condition: str = "") -> str:
        flow_id = f"Flow_{len(self.flows) + 1}"
        self.flows.append((flow_id, source, target, condition))
        return flow_id


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def process_properties(sop: SopText, draft: Draft) -> dict[str, str]:
    """The process's sop.* properties."""
    props = {"sop.number": sop.number, "sop.title": sop.title, "sop.unit": "\n".join(sop.unit),
             "sop.deadlineWorkdays": f"{draft.deadline:g}"}
    if sop.revision:
        props["sop.revision"] = sop.revision
    if sop.date:
        props["sop.date"] = sop.date
    if sop.approver:
        props["sop.approver"] = "\n".join(sop.approver)
    return props


def _graph(draft: Draft) -> _Graph:
    """Start, tasks in step order (parallel groups as split/join blocks, loops as exclusive gateways), end."""
    graph = _Graph()
    first_lane = draft.tasks[0].lane if draft.tasks else 0
    graph.nodes.append(_Node("StartEvent_1", "startEvent", first_lane, 0, "Mulai"))
    tails = ["StartEvent_1"]
    column = 1
    first_of_step: dict[int, str] = {}
    merges: dict[int, str] = {}
    loop_targets = {target for _, target, _ in draft.loops}
    index = 0
    tasks = draft.tasks
    while index < len(tasks):
        task = tasks[index]
        if task.step in loop_targets and task.step not in merges:
            merge = _Node(f"Gateway_Merge_{task.step}", "exclusiveGateway", task.lane, column)
            graph.nodes.append(merge)
            for tail in tails:
                graph.flow(tail, merge.id)
            tails, column = [merge.id], column + 1
            merges[task.step] = merge.id
        if task.parallel_group:
            block = [t for t in tasks[index:] if t.parallel_group == task.parallel_group]
            index += len(block)
            split = _Node(f"Gateway_Split_{task.parallel_group}", "parallelGateway", task.lane, column)
            graph.nodes.append(split)
            for tail in tails:
                graph.flow(tail, split.id)
            branches: dict[int, list[DraftTask]] = {}
            for t in block:
                branches.setdefault(t.lane, []).append(t)
            ends = []
            for lane, branch in branches.items():
                previous = split.id
                for offset, t in enumerate(branch, start=1):
                    graph.nodes.append(_Node(t.id, "userTask", lane, column + offset, t.name, t))
                    first_of_step.setdefault(t.step, t.id)
                    graph.flow(previous, t.id)
                    previous = t.id
                ends.append(previous)
            column += 1 + max(len(b) for b in branches.values())
            join = _Node(f"Gateway_Join_{task.parallel_group}", "parallelGateway", task.lane, column)
            graph.nodes.append(join)
            for end in ends:
                graph.flow(end, join.id)
            tails, column = [join.id], column + 1
        else:
            index += 1
            graph.nodes.append(_Node(task.id, "userTask", task.lane, column, task.name, task))
            first_of_step.setdefault(task.step, task.id)
            for tail in tails:
                graph.flow(tail, task.id)
            tails, column = [task.id], column + 1
        for source, target, _phrase in draft.loops:
            if source in tails and target in merges:
                gate = _Node(f"Gateway_Loop_{source}", "exclusiveGateway", task.lane, column, "Perlu perbaikan?")
                graph.nodes.append(gate)
                graph.flow(tails[0], gate.id)
                graph.flow(gate.id, merges[target], 'keputusan == "kembalikan"')
                tails, column = [gate.id], column + 1
    last_lane = tasks[-1].lane if tasks else 0
    graph.nodes.append(_Node("EndEvent_1", "endEvent", last_lane, column, "Selesai"))
    for tail in tails:
        graph.flow(tail, "EndEvent_1")
    for node in graph.nodes:
        if node.kind == "exclusiveGateway" and node.id.startswith("Gateway_Loop_"):
            node.gateway_default = next(f for f, s, _, c in graph.flows if s == node.id and not c)
    return graph


def write_bpmn(sop: SopText, draft: Draft, *, form_prefix: str) -> bytes:
    """The BPMN file of ``draft``; the SOP's closing step, if it writes one, documents the end event."""
    graph = _graph(draft)
    if sop.closing is not None:
        end = next(node for node in graph.nodes if node.kind == "endEvent")
        end.name, end.documentation = "Proses selesai", f"Langkah {sop.closing.number}: {sop.closing.text}"
    pid = "Process_" + re.sub(r"[^A-Za-z0-9]", "_", sop.number or "Draft")
    root = etree.Element(_q(BPMN, "definitions"), nsmap=NSMAP, id="Definitions_1",
                         targetNamespace="http://bpmn.io/schema/bpmn", exporter="sopflow sop import",
                         exporterVersion="0.1.0")
    process = etree.SubElement(root, _q(BPMN, "process"), id=pid, name=sop.title.title(), isExecutable="true")
    documentation = "\n\n".join(f"{title}:\n{sop.sections[key]}" for key, title in SECTION_TITLES.items()
                                if sop.sections.get(key))
    etree.SubElement(process, _q(BPMN, "documentation")).text = documentation
    _properties(process, process_properties(sop, draft))
    lane_set = etree.SubElement(process, _q(BPMN, "laneSet"), id="LaneSet_1")
    for index, lane in enumerate(draft.lanes):
        node = etree.SubElement(lane_set, _q(BPMN, "lane"), id=f"Lane_{index + 1}", name=lane.name)
        for member in graph.nodes:
            if member.lane == index:
                etree.SubElement(node, _q(BPMN, "flowNodeRef")).text = member.id
    for node in graph.nodes:
        element = etree.SubElement(process, _q(BPMN, node.kind), id=node.id)
        if node.name:
            element.set("name", node.name)
        if node.gateway_default:
            element.set("default", node.gateway_default)
        if node.documentation:
            etree.SubElement(element, _q(BPMN, "documentation")).text = node.documentation
        if node.task is not None:
            _task(element, node.task, draft, form_prefix)
        for flow_id, _source, target, _ in graph.flows:
            if target == node.id:
                etree.SubElement(element, _q(BPMN, "incoming")).text = flow_id
        for flow_id, source, _target, _ in graph.flows:
            if source == node.id:
                etree.SubElement(element, _q(BPMN, "outgoing")).text = flow_id
    for flow_id, source, target, condition in graph.flows:
        flow = etree.SubElement(process, _q(BPMN, "sequenceFlow"), id=flow_id, sourceRef=source, targetRef=target)
        if condition:
            flow.set("name", "kembalikan")
            expression = etree.SubElement(flow, _q(BPMN, "conditionExpression"))
            expression.set(_q(XSI, "type"), "bpmn:tFormalExpression")
            expression.text = condition
    _diagram(root, pid, graph, len(draft.lanes))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _properties(parent: etree._Element, props: dict[str, str]) -> None:
    extension = etree.SubElement(parent, _q(BPMN, "extensionElements"))
    holder = etree.SubElement(extension, _q(CAMUNDA, "properties"))
    for name, value in props.items():
        etree.SubElement(holder, _q(CAMUNDA, "property"), name=name, value=value)


def _task(element: etree._Element, task: DraftTask, draft: Draft, form_prefix: str) -> None:
    element.set(_q(CAMUNDA, "formKey"), f"{form_prefix}_{task.id.lower()}")
    etree.SubElement(element, _q(BPMN, "documentation")).text = f"Langkah {task.step}: {task.sentence}"
    props = {"action": task.action}
    if task.document:
        props["document"] = task.document
    if task.template:
        props["template"] = task.template
    props["durationWorkdays"] = f"{draft.durations.get(task.id, 1):g}"
    props.update(draft.mutu.get(task.id, {}))
    _properties(element, props)


def _box(node: _Node) -> tuple[float, float, float, float]:
    cx = LEFT + node.column * COLUMN + TASK_W / 2
    cy = node.lane * LANE_HEIGHT + LANE_HEIGHT / 2
    w, h = (TASK_W, TASK_H) if node.kind == "userTask" else ((36, 36) if node.kind.endswith("Event") else (GATE, GATE))
    return cx - w / 2, cy - h / 2, w, h


def _diagram(root: etree._Element, pid: str, graph: _Graph, lanes: int) -> None:
    diagram = etree.SubElement(root, _q(BPMNDI, "BPMNDiagram"), id="BPMNDiagram_1")
    plane = etree.SubElement(diagram, _q(BPMNDI, "BPMNPlane"), id="BPMNPlane_1", bpmnElement=pid)
    width = LEFT + (max((n.column for n in graph.nodes), default=0) + 1) * COLUMN
    for index in range(lanes):
        shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"Lane_{index + 1}_di",
                                 bpmnElement=f"Lane_{index + 1}", isHorizontal="true")
        etree.SubElement(shape, _q(DC, "Bounds"), x="0", y=str(index * LANE_HEIGHT), width=str(width),
                         height=str(LANE_HEIGHT))
    boxes = {}
    for node in graph.nodes:
        x, y, w, h = boxes[node.id] = _box(node)
        shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{node.id}_di", bpmnElement=node.id)
        etree.SubElement(shape, _q(DC, "Bounds"), x=f"{x:g}", y=f"{y:g}", width=f"{w:g}", height=f"{h:g}")
    bottom = lanes * LANE_HEIGHT - 12
    for flow_id, source, target, _condition in graph.flows:
        sx, sy, sw, sh = boxes[source]
        tx, ty, tw, th = boxes[target]
        if tx > sx:
            start, end = (sx + sw, sy + sh / 2), (tx, ty + th / 2)
            mid = (start[0] + end[0]) / 2
            points = [start, (mid, start[1]), (mid, end[1]), end] if start[1] != end[1] else [start, end]
        else:  # a loop back: below the lanes
            points = [(sx + sw / 2, sy + sh), (sx + sw / 2, bottom), (tx + tw / 2, bottom), (tx + tw / 2, ty + th)]
        edge = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow_id}_di", bpmnElement=flow_id)
        for x, y in points:
            etree.SubElement(edge, _q(DI, "waypoint"), x=f"{x:g}", y=f"{y:g}")
