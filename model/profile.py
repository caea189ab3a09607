"""The SOP profile of BPMN: one frozen :class:`SopModel` per model file.

This is the only module that reads the profile's properties out of the XML;
everything else (runner, checker, SOP document) works on :class:`SopModel`.
Values are kept as written; :mod:`sopflow.model.check` judges them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from sopflow import messages
from sopflow.errors import ModelError
from sopflow.localtime import DEFAULT_ZONE, check_zone
from sopflow.model.safe_xml import parse_xml, read_xml_file

__all__ = [
    "BPMN_NS",
    "CAMUNDA_NS",
    "ACTIONS",
    "TASK_KINDS",
    "Lane",
    "Element",
    "Flow",
    "TaskProfile",
    "SopModel",
    "load_model",
    "parse_model",
    "split_unit_lines",
]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
_NS = {"bpmn": BPMN_NS, "camunda": CAMUNDA_NS}

ACTIONS = ("create", "paraf", "sign", "receive", "file", "record")
"""What a user task does to its document (DESIGN.md, the SOP profile)."""

TASK_KINDS = frozenset({"userTask", "manualTask", "task"})
"""Element kinds a person performs; each becomes a signed step."""

_FLOW_NODE_KINDS = frozenset(
    {
        "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
        "boundaryEvent", "userTask", "manualTask", "task", "serviceTask", "scriptTask",
        "sendTask", "receiveTask", "businessRuleTask", "callActivity", "subProcess",
        "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
        "complexGateway",
    }
)


@dataclass(frozen=True)
class Lane:
    """A role (jabatan) of the SOP."""

    id: str
    """Element id of the lane."""
    name: str
    """The role as printed ("Kepala Seksi Operasional")."""


@dataclass(frozen=True)
class Element:
    """A flow node of the process (event, task, gateway)."""

    id: str
    """Element id."""
    kind: str
    """BPMN local tag name (``userTask``, ``exclusiveGateway`` ...)."""
    name: str
    """Label, may be empty."""
    lane: str | None
    """Name of the lane holding it, ``None`` when in no lane."""
    lanes: tuple[str, ...]
    """Names of every lane listing it (more than one is a profile error)."""
    line: int
    """Source line, for findings."""
    documentation: str
    """Text of ``bpmn:documentation``."""
    properties: Mapping[str, str]
    """``camunda:properties`` as written."""
    form_key: str | None
    """``camunda:formKey``, if any."""
    default_flow: str | None
    """The ``default`` attribute of gateways."""
    event_definitions: tuple[str, ...]
    """Local names of event definitions (``timerEventDefinition`` ...)."""


@dataclass(frozen=True)
class Flow:
    """A sequence flow."""

    id: str
    """Element id."""
    source: str
    """Source element id."""
    target: str
    """Target element id."""
    name: str
    """Label ("Ya", "Tidak", "kembalikan" ...)."""
    condition: str | None
    """Condition expression text, if any."""
    line: int
    """Source line."""


@dataclass(frozen=True)
class TaskProfile:
    """What the profile says about one task a person performs."""

    id: str
    """Element id."""
    name: str
    """Task name (an activity, verb first)."""
    lane: str | None
    """Role holding the task."""
    action: str
    """One of :data:`ACTIONS`; ``record`` when absent."""
    document: str | None
    """Case document id the action is on."""
    template: str | None
    """Document type rendered by ``create``."""
    form_key: str | None
    """Id of the form collecting the task's data."""
    duration_workdays: str | None
    """Mutu Baku "Waktu", as written."""
    output: str | None
    """Mutu Baku "Output"."""
    completeness: str | None
    """Mutu Baku "Kelengkapan"."""
    documentation: str
    """Documentation text (step numbers)."""
    line: int
    """Source line."""


@dataclass(frozen=True)
class SopModel:
    """A parsed SOP model; immutable and shared by every case using it."""

    source: str
    """File the model came from (for messages)."""
    xml: bytes = field(repr=False)
    """The exact bytes of the model file."""
    process_id: str
    """Id of the executable process."""
    process_line: int
    """Source line of the process element."""
    properties: Mapping[str, str]
    """Process-level ``camunda:properties`` as written (the pool's, overridden by the process's own)."""
    documentation: str
    """Process documentation (Deskripsi, Dasar Hukum, Input, Output ...)."""
    lanes: tuple[Lane, ...]
    """Roles, in diagram order."""
    elements: Mapping[str, Element]
    """Every flow node by id, in document order."""
    flows: tuple[Flow, ...]
    """Every sequence flow, in document order."""
    is_executable: bool
    """The process's ``isExecutable`` attribute."""

    # -- process properties -------------------------------------------------
    @property
    def number(self) -> str:
        """SOP number (``sop.number``)."""
        return self.properties.get("sop.number", "")

    @property
    def title(self) -> str:
        """SOP title (``sop.title``)."""
        return self.properties.get("sop.title", "")

    @property
    def unit_lines(self) -> tuple[str, ...]:
        """Letterhead lines of the unit (``sop.unit``)."""
        return split_unit_lines(self.properties.get("sop.unit", ""))

    @property
    def deadline_workdays(self) -> int | None:
        """Completion deadline in working days, ``None`` if absent or not a number."""
        raw = self.properties.get("sop.deadlineWorkdays", "").strip()
        return int(raw) if raw.isdigit() else None

    @property
    def place(self) -> str:
        """Place printed on documents (``sop.place``), Jakarta by default."""
        return self.properties.get("sop.place", "").strip() or "Jakarta"

    @property
    def time_zone(self) -> str:
        """The unit's zone (``sop.timeZone``): ``Asia/Jakarta`` (WIB, default), ``Asia/Makassar`` (WITA),
        ``Asia/Jayapura`` (WIT).

        :raises ModelError: a zone outside Indonesia or misspelt.
        """
        raw = self.properties.get("sop.timeZone", "").strip()
        return check_zone(raw, where=f"{self.source}:{self.process_line} sop.timeZone") if raw else DEFAULT_ZONE

    # -- tasks ----------------------------------------------------------------
    @cached_property
    def tasks(self) -> Mapping[str, TaskProfile]:
        """Tasks a person performs, by id, in flow order (derived once; the model is immutable)."""
        return MappingProxyType({e.id: _task_profile(e) for e in self.flow_order() if e.kind in TASK_KINDS})

    def outgoing(self, element_id: str) -> list[Flow]:
        """Sequence flows leaving an element."""
        return [f for f in self.flows if f.source == element_id]

    def incoming(self, element_id: str) -> list[Flow]:
        """Sequence flows entering an element."""
        return [f for f in self.flows if f.target == element_id]

    def flow_order(self) -> list[Element]:
        """Elements breadth-first from the start events, then any unreachable ones."""
        starts = [e.id for e in self.elements.values() if e.kind == "startEvent"]
        seen: dict[str, None] = {}
        queue = deque(starts)
        while queue:
            current = queue.popleft()
            if current in seen or current not in self.elements:
                continue
            seen[current] = None
            queue.extend(f.target for f in self.outgoing(current))
        order = [self.elements[i] for i in seen]
        order += [e for e in self.elements.values() if e.id not in seen]
        return order

    def tasks_on_document(self, document: str) -> list[TaskProfile]:
        """Tasks acting on a case document, in flow order."""
        return [t for t in self.tasks.values() if t.document == document]

    def lane_of(self, element_id: str) -> str | None:
        """Role name holding an element."""
        element = self.elements.get(element_id)
        return element.lane if element else None


def split_unit_lines(raw: str) -> tuple[str, ...]:
    """Split ``sop.unit`` on real line breaks or the two characters ``\\n``."""
    text = raw.replace("\r\n", "\n").replace("\\n", "\n")
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def load_model(path: Path) -> SopModel:
    """Load a model file with the hardened parser.

    :raises ModelError: unreadable, hostile or not a BPMN model with a process.
    """
    data, tree = read_xml_file(path)
    return _build(str(path), data, tree)


def parse_model(data: bytes, *, source: str) -> SopModel:
    """Build a model from bytes (e.g. the copy a running case keeps)."""
    return _build(source, data, parse_xml(data, source=source))


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _properties(node: etree._Element) -> dict[str, str]:
    props: dict[str, str] = {}
    for prop in node.xpath("./bpmn:extensionElements/camunda:properties/camunda:property", namespaces=_NS):
        name = prop.get("name")
        if name:
            props[name] = prop.get("value", "")
    return props


def _documentation(node: etree._Element) -> str:
    texts = node.xpath("./bpmn:documentation/text()", namespaces=_NS)
    return "\n".join(t.strip() for t in texts if t.strip())


def _pool_properties(root: etree._Element, process_id: str) -> dict[str, str]:
    """``camunda:properties`` of the pool (participant) holding the process.

    Camunda Modeler's element templates edit a pooled process through its
    participant, so ``sop.*`` may sit there; the process's own properties win.
    """
    props: dict[str, str] = {}
    for participant in root.xpath("./bpmn:collaboration/bpmn:participant", namespaces=_NS):
        if participant.get("processRef") == process_id:
            props.update(_properties(participant))
    return props


def _select_process(root: etree._Element, source: str) -> etree._Element:
    processes = root.xpath("./bpmn:process", namespaces=_NS)
    if not processes:
        raise ModelError(
            messages.MODEL_NO_PROCESS,
            where=source,
            hint=messages.HINT_MODEL_NO_PROCESS,
        )
    referenced = set(root.xpath("./bpmn:collaboration/bpmn:participant/@processRef", namespaces=_NS))
    executable = [p for p in processes if p.get("isExecutable") == "true"]
    for candidates in (executable, [p for p in processes if p.get("id") in referenced], processes):
        if candidates:
            return candidates[0]
    raise AssertionError("unreachable")


def _build(source: str, data: bytes, tree: etree._ElementTree) -> SopModel:
    root = tree.getroot()
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise ModelError(
            messages.MODEL_ROOT.format(tag=_local(root.tag)),
            where=f"{source}:{root.sourceline or 1}",
            hint=messages.HINT_MODEL_ROOT,
        )
    process = _select_process(root, source)
    properties = _pool_properties(root, process.get("id", ""))
    properties.update(_properties(process))
    lanes: list[Lane] = []
    lanes_of: dict[str, list[str]] = {}
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        name = (lane.get("name") or "").strip()
        lanes.append(Lane(id=lane.get("id", ""), name=name))
        for ref in lane.xpath("./bpmn:flowNodeRef/text()", namespaces=_NS):
            lanes_of.setdefault(ref.strip(), []).append(name)

    elements: dict[str, Element] = {}
    flows: list[Flow] = []
    for node in process.iter():
        kind = _local(node.tag)
        if kind == "sequenceFlow":
            cond = node.find(f"{{{BPMN_NS}}}conditionExpression")
            flows.append(
                Flow(
                    id=node.get("id", ""),
                    source=node.get("sourceRef", ""),
                    target=node.get("targetRef", ""),
                    name=(node.get("name") or "").strip(),
                    condition=(cond.text or "").strip() if cond is not None else None,
                    line=node.sourceline or 0,
                )
            )
        elif kind in _FLOW_NODE_KINDS and node.getparent() is process:
            node_id = node.get("id", "")
            in_lanes = tuple(lanes_of.get(node_id, ()))
            elements[node_id] = Element(
                id=node_id,
                kind=kind,
                name=" ".join((node.get("name") or "").split()),
                lane=in_lanes[0] if len(in_lanes) == 1 else None,
                lanes=in_lanes,
                line=node.sourceline or 0,
                documentation=_documentation(node),
                properties=MappingProxyType(_properties(node)),
                form_key=node.get(f"{{{CAMUNDA_NS}}}formKey"),
                default_flow=node.get("default"),
                event_definitions=tuple(
                    _local(c.tag) for c in node if _local(c.tag).endswith("EventDefinition")
                ),
            )
    return SopModel(
        source=source,
        xml=data,
        process_id=process.get("id", ""),
        process_line=process.sourceline or 0,
        properties=MappingProxyType(properties),
        documentation=_documentation(process),
        lanes=tuple(lanes),
        elements=MappingProxyType(elements),
        flows=tuple(flows),
        is_executable=process.get("isExecutable") == "true",
    )


def _task_profile(element: Element) -> TaskProfile:
    props = element.properties

    def opt(key: str) -> str | None:
        value = props.get(key, "").strip()
        return value or None

    return TaskProfile(
        id=element.id,
        name=element.name,
        lane=element.lane,
        action=opt("action") or "record",
        document=opt("document"),
        template=opt("template"),
        form_key=element.form_key,
        duration_workdays=opt("durationWorkdays"),
        output=opt("output"),
        completeness=opt("completeness"),
        documentation=element.documentation,
        line=element.line,
    )
