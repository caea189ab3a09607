"""``sopflow check``: every problem of a model file, located and named.

:func:`check_paths` runs the rules below on each ``.bpmn`` file and returns all
findings (it never stops at the first). Each :class:`Finding` names its rule:

========================  ==========================================================
rule                      finds
========================  ==========================================================
``file-unreadable``       a path that does not exist, cannot be read or is no regular file
``xml-hostile``           DOCTYPE/ENTITY declarations (any encoding), unreadable encodings, oversized files
``xml-syntax``            XML that is not well formed
``not-bpmn``              no ``bpmn:definitions`` root or no process
``xsd``                   violations of the OMG BPMN 2.0 schema, by line
``spiff-parse``           what SpiffWorkflow's Camunda parser refuses
``process-property``      ``sop.number/title/unit/deadlineWorkdays`` missing or bad
``process-executable``    the process is not ``isExecutable="true"``
``reserved-id``           element ids ``Start``/``End`` (SpiffWorkflow's own)
``lane-missing``          a task a person performs lies in no lane
``lane-multiple``         ... or in several lanes
``task-action``           ``action`` not one of the profile's actions
``task-document``         ``document`` missing (all but ``record``) or not lower_snake
``task-property``         unknown task property or a bad ``durationWorkdays`` (warning)
``template-missing``      ``create`` without ``template``
``template-unknown``      ``template`` not a known document type
``document-uncreated``    an action on a document no task creates
``document-unsigned``     a path from a document's creation to an end without ``sign``
``form-missing``          ``camunda:formKey`` resolving to no form file
``form-invalid``          a form file that does not load, or a default that fails its own field
``form-keys``             a create task's form lacking a key its document type requires
                          (error), or collecting keys the document never prints (warning)
``condition-syntax``      a condition that is not an expression
``condition-unsafe``      a condition outside the sandbox language
``gateway-default``       exclusive gateway flows without condition/default
``flow-split``            several or conditional flows leaving a non-gateway
``script-task``           script tasks and Camunda script listeners
``timer-expression``      a timer (timeDate/timeDuration/timeCycle) that is not a quoted ISO 8601 literal
``io-mapping``            camunda:inputOutput parameters (Camunda evaluates them as expressions or scripts)
``pre-post-script``       pre-/post-scripts (``spiffworkflow:preScript``/``postScript``)
``code-attribute``        camunda:expression/class/delegateExpression/collection/resultVariable attributes
                          and multi-instance expressions (loopCardinality, completionCondition)
``unsupported-element``   service/send/business-rule tasks and other kinds sopflow cannot run
``dead-end``              an element with no way on, or caught in a loop with no exit
``unreachable``           an element no start event leads to
========================  ==========================================================
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.exceptions import SpiffWorkflowException

from sopflow import messages
from sopflow.errors import FormDataError, HostileXmlError, ModelError, XmlSyntaxError
from sopflow.model.expressions import ExpressionSyntaxError, expression_names, validate_expression
from sopflow.model.forms import FormSpec, find_form, load_form
from sopflow.model.profile import ACTIONS, BPMN_NS, CAMUNDA_NS, TASK_KINDS, Element, SopModel, parse_model
from sopflow.model.safe_xml import parse_xml, read_xml_file

__all__ = ["Finding", "FALLBACK_TEMPLATES", "RESERVED_IDS", "check_paths", "check_file", "known_templates"]

FALLBACK_TEMPLATES = frozenset(
    {"surat_tugas", "nota_dinas", "berita_acara", "laporan", "jadwal_coaching", "log_book", "catatan_kegiatan"}
)
"""Document types assumed when the template engine cannot be asked."""

RESERVED_IDS = frozenset({"Start", "End"})
"""Element ids SpiffWorkflow uses for its own task specs."""

_SCHEMA = Path(str(__import__("SpiffWorkflow").__file__)).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
_TASK_PROPERTIES = frozenset({"action", "document", "template", "durationWorkdays", "output", "completeness"})
_REQUIRED_PROCESS = ("sop.number", "sop.title", "sop.unit", "sop.deadlineWorkdays")
_SNAKE = re.compile(r"[a-z][a-z0-9_]*\Z")
_UNSUPPORTED = frozenset(
    {"serviceTask", "sendTask", "receiveTask", "businessRuleTask", "callActivity", "complexGateway",
     "eventBasedGateway"}
)
_DECIMAL = re.compile(r"[0-9]{1,4}(\.[0-9]{1,3})?\Z")
_LINE = re.compile(r":(\d+)$")
_TIMER_LITERAL = re.compile(r"[0-9A-Za-z:+\-./,]{1,64}\Z")
_TIMERS = frozenset({"timeDate", "timeDuration", "timeCycle"})
_MULTI_INSTANCE = frozenset({"loopCardinality", "completionCondition"})
_CODE_ATTRIBUTES = ("expression", "class", "delegateExpression", "collection", "resultVariable")


@dataclass(frozen=True)
class Finding:
    """One problem of a model."""

    file: str
    """Model file."""
    line: int
    """Source line (0 when unknown)."""
    element_id: str
    """Id of the element concerned, or the process id for process-wide findings."""
    rule: str
    """Name of the rule that found it (see the module docstring)."""
    severity: str
    """``error`` (the model cannot run as intended) or ``warning``."""
    message: str
    """What is wrong and how to fix it."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.element_id or '-'}: [{self.rule}] {self.message}"


def known_templates() -> frozenset[str]:
    """Document types the template engine knows, or :data:`FALLBACK_TEMPLATES`."""
    try:
        from sopflow.templates import known_types
    except ImportError:
        return FALLBACK_TEMPLATES
    return frozenset(known_types())


def _document_keys(template: str) -> tuple[dict[str, tuple[str, bool]], bool] | None:
    """Per key the type reads, its label and whether it is required, and whether the type
    prints every form field; ``None`` when the template engine cannot be asked."""
    try:
        from sopflow.templates import load_type
    except ImportError:
        return None
    doctype = load_type(template)
    keys = {k.key: (k.label, k.required and k.default is None) for k in doctype.keys}
    return keys, doctype.prints_form


def check_paths(paths: Sequence[Path], *, forms_dir: Path | None = None) -> list[Finding]:
    """Check model files; directories contribute every ``*.bpmn`` inside them.

    :param paths: files and directories.
    :param forms_dir: where forms are looked for last (``--forms``).
    :returns: every finding, file by file, in source order.
    """
    findings: list[Finding] = []
    for path in _model_files(paths):
        findings.extend(check_file(path, forms_dir=forms_dir))
    return findings


def _model_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.bpmn"))
        else:
            yield path


def check_file(path: Path, *, forms_dir: Path | None = None) -> list[Finding]:
    """Check one model file with every rule."""
    source = str(path)
    if not path.is_file():
        return [Finding(source, 0, "", "file-unreadable", "error", messages.CHECK_NO_SUCH_FILE)]
    try:
        data, tree = read_xml_file(path)
    except HostileXmlError as exc:
        return [_from_error(source, "", "xml-hostile", exc)]
    except XmlSyntaxError as exc:
        return [_from_error(source, "", "xml-syntax", exc)]
    except ModelError as exc:
        return [_from_error(source, "", "file-unreadable", exc)]
    try:
        model = parse_model(data, source=source)
    except ModelError as exc:
        return [_from_error(source, "", "not-bpmn", exc)]
    findings = list(_xsd(source, tree))
    findings += _Rules(model, path, forms_dir, tree).run()
    flagged = {f.element_id for f in findings if f.severity == "error"}
    findings += [f for f in _spiff(source, data, model) if f.element_id not in flagged]
    return sorted(findings, key=lambda f: (f.line, f.rule, f.element_id))


def _from_error(source: str, element_id: str, rule: str, exc: ModelError) -> Finding:
    match = _LINE.search(exc.where or "")
    text = exc.message + (f"; {exc.hint}" if exc.hint else "")
    return Finding(source, int(match.group(1)) if match else 0, element_id, rule, "error", text)


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_SCHEMA)))


def _xsd(source: str, tree: etree._ElementTree) -> Iterator[Finding]:
    schema = _schema()
    if schema.validate(tree):
        return
    ids = {node.sourceline: node.get("id", "") for node in tree.iter() if node.get("id")}
    for error in schema.error_log:
        message = re.sub(r"\{http://www\.omg\.org/spec/BPMN/20100524/MODEL\}", "bpmn:", error.message)
        yield Finding(source, error.line, ids.get(error.line, ""), "xsd", "error",
                      messages.CHECK_XSD.format(detail=message.rstrip(".")))


def _spiff(source: str, data: bytes, model: SopModel) -> list[Finding]:
    parser = CamundaParser()
    try:
        parser.add_bpmn_xml(parse_xml(data, source=source), filename=source)
        parser.get_spec(model.process_id)
    except SpiffWorkflowException as exc:
        element_id = str(getattr(exc, "id", "") or "") or model.process_id
        lines = {f.id: f.line for f in model.flows} | {e.id: e.line for e in model.elements.values()}
        text = str(exc).strip().rstrip(".")
        return [Finding(source, lines.get(element_id, model.process_line), element_id, "spiff-parse", "error",
                        messages.CHECK_SPIFF.format(detail=text))]
    except Exception as exc:  # the parser has no single error type for malformed input
        return [Finding(source, model.process_line, model.process_id, "spiff-parse", "error",
                        messages.CHECK_SPIFF.format(detail=f"{type(exc).__name__}: {exc}"))]
    return []


class _Rules:
    """The profile rules on one parsed model."""

    def __init__(self, model: SopModel, path: Path, forms_dir: Path | None, tree: etree._ElementTree):
        self.model = model
        self.path = path
        self.forms_dir = forms_dir
        self.tree = tree
        self.findings: list[Finding] = []

    def add(self, line: int, element_id: str, rule: str, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(self.model.source, line, element_id, rule, severity, message))

    def run(self) -> list[Finding]:
        self.process()
        self.elements()
        self.code()
        self.tasks()
        self.documents()
        self.flows()
        self.reachability()
        return self.findings

    # -- process --------------------------------------------------------------
    def process(self) -> None:
        m = self.model
        for name in _REQUIRED_PROCESS:
            value = m.properties.get(name, "").strip()
            if not value:
                self.add(m.process_line, m.process_id, "process-property",
                         messages.CHECK_PROCESS_PROPERTY_MISSING.format(name=name))
            elif name == "sop.deadlineWorkdays" and not (value.isdigit() and int(value) > 0):
                self.add(m.process_line, m.process_id, "process-property",
                         messages.CHECK_DEADLINE.format(value=value))
        try:
            _ = m.time_zone
        except ModelError as exc:
            self.add(m.process_line, m.process_id, "process-property", f"{exc.message}; {exc.hint}")
        if not m.is_executable:
            self.add(m.process_line, m.process_id, "process-executable",
                     messages.CHECK_NOT_EXECUTABLE)

    # -- elements -------------------------------------------------------------
    def elements(self) -> None:
        for element in self.model.elements.values():
            if element.id in RESERVED_IDS:
                self.add(element.line, element.id, "reserved-id",
                         messages.CHECK_RESERVED_ID.format(id=element.id))
            if element.kind == "scriptTask":
                self.add(element.line, element.id, "script-task", messages.CHECK_SCRIPT_TASK)
            elif element.kind in _UNSUPPORTED:
                self.add(element.line, element.id, "unsupported-element",
                         messages.CHECK_UNSUPPORTED.format(kind=element.kind))
        listeners = (f"{{{CAMUNDA_NS}}}executionListener", f"{{{CAMUNDA_NS}}}taskListener")
        for node in self.tree.iter(*listeners, f"{{{CAMUNDA_NS}}}script"):
            if any(a.tag in listeners for a in node.iterancestors()):
                continue  # reported with its listener
            owner = next((a for a in node.iterancestors() if a.get("id")), None)
            self.add(node.sourceline or 0, owner.get("id", "") if owner is not None else "", "script-task",
                     messages.CHECK_RUNS_CODE.format(name=f"camunda:{etree.QName(node).localname}"))

    def code(self) -> None:
        """Everything besides conditions that SpiffWorkflow or Camunda would evaluate or run."""
        for node in self.tree.iter():
            if not isinstance(node.tag, str):
                continue
            name = etree.QName(node)
            owner = next((a.get("id", "") for a in node.iterancestors() if a.get("id")), "")
            where = (node.sourceline or 0, node.get("id") or owner)
            if name.namespace == BPMN_NS and name.localname in _TIMERS and not _literal_timer(node.text):
                self.add(*where, "timer-expression",
                         messages.CHECK_TIMER.format(name=name.localname, text=(node.text or "").strip()[:60]))
            elif name.namespace == BPMN_NS and name.localname in _MULTI_INSTANCE:
                self.add(*where, "code-attribute", messages.CHECK_MULTI_INSTANCE.format(name=name.localname))
            elif name.namespace == CAMUNDA_NS and name.localname == "inputOutput":
                self.add(*where, "io-mapping", messages.CHECK_IO_MAPPING)
            elif name.localname in ("preScript", "postScript"):
                self.add(*where, "pre-post-script", messages.CHECK_RUNS_CODE.format(name=name.localname))
            for attribute in _CODE_ATTRIBUTES:
                if node.get(f"{{{CAMUNDA_NS}}}{attribute}") is not None:
                    self.add(*where, "code-attribute",
                             messages.CHECK_CODE_ATTRIBUTE.format(attribute=attribute, tag=name.localname))

    # -- tasks ----------------------------------------------------------------
    def tasks(self) -> None:
        known = known_templates()
        for element in self.model.elements.values():
            if element.kind in TASK_KINDS:
                self.task(element, known)

    def task(self, element: Element, known: frozenset[str]) -> None:
        where = (element.line, element.id)
        if not element.lanes:
            self.add(*where, "lane-missing", messages.CHECK_LANE_MISSING)
        elif len(element.lanes) > 1:
            self.add(*where, "lane-multiple", messages.CHECK_LANE_MULTIPLE.format(lanes=", ".join(element.lanes)))
        props = element.properties
        for name in sorted(set(props) - _TASK_PROPERTIES):
            self.add(*where, "task-property", messages.CHECK_TASK_PROPERTY_UNKNOWN.format(
                name=name, known=", ".join(sorted(_TASK_PROPERTIES))), "warning")
        days = props.get("durationWorkdays", "").strip()
        if days and not (_DECIMAL.match(days) and float(days) > 0):
            self.add(*where, "task-property", messages.CHECK_DURATION.format(value=days), "warning")
        action = props.get("action", "").strip() or "record"
        if action not in ACTIONS:
            self.add(*where, "task-action", messages.CHECK_ACTION.format(action=action, actions=", ".join(ACTIONS)))
            return
        document = props.get("document", "").strip()
        if action != "record" and not document:
            self.add(*where, "task-document", messages.CHECK_DOCUMENT_MISSING.format(action=action))
        elif document and not _SNAKE.match(document):
            self.add(*where, "task-document", messages.CHECK_DOCUMENT_ID.format(document=document))
        template = props.get("template", "").strip()
        if action == "create" and not template:
            self.add(*where, "template-missing", messages.CHECK_TEMPLATE_MISSING.format(known=", ".join(sorted(known))))
        elif action == "create" and template not in known:
            self.add(*where, "template-unknown",
                     messages.CHECK_TEMPLATE_UNKNOWN.format(template=template, known=", ".join(sorted(known))))
        spec = self.form(element) if element.form_key else None
        if action == "create" and template in known and (spec is not None or not element.form_key):
            self.form_keys(element, template, spec)

    def form(self, element: Element) -> FormSpec | None:
        """The task's form, or ``None`` after reporting why it cannot be used."""
        assert element.form_key is not None
        try:
            path = find_form(element.form_key, self.path, self.forms_dir)
        except ModelError as exc:
            self.add(element.line, element.id, "form-missing",
                     f"{exc.message}; {exc.hint}" if exc.hint else exc.message)
            return None
        try:
            spec = load_form(path)
        except ModelError as exc:
            problem = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
            self.add(element.line, element.id, "form-invalid",
                     messages.CHECK_FORM_INVALID.format(where=exc.where, problem=problem))
            return None
        for key, value in spec.defaults().items():
            try:
                spec.validate({key: value}, partial=True)
            except FormDataError as exc:
                self.add(element.line, element.id, "form-invalid",
                         messages.CHECK_FORM_DEFAULT.format(path=path, key=key, problem=exc.message))
        return spec

    def form_keys(self, element: Element, template: str, spec: FormSpec | None) -> None:
        """The form of a ``create`` task against the keys its document type reads."""
        found = _document_keys(template)
        if found is None:
            return
        keys, prints_form = found
        fields = {f.key: f for f in spec.fields} if spec else {}
        where = (element.line, element.id)
        missing = [key for key, (_label, required) in keys.items() if required and key not in fields]
        if missing:
            named = ", ".join(f"{key} ({keys[key][0]})" for key in missing)
            message = (messages.CHECK_FORM_KEYS_MISSING.format(form=element.form_key, keys=named, template=template)
                       if spec else messages.CHECK_FORM_KEYS_NO_FORM.format(keys=named, template=template))
            self.add(*where, "form-keys", message)
        optional = [key for key, (_label, required) in keys.items()
                    if required and key in fields and not fields[key].required and fields[key].default is None]
        if optional:
            self.add(*where, "form-keys",
                     messages.CHECK_FORM_KEYS_OPTIONAL.format(keys=", ".join(optional), template=template), "warning")
        if not prints_form:
            unread = [key for key in fields if key not in keys and key not in self.condition_names]
            if unread:
                self.add(*where, "form-keys",
                         messages.CHECK_FORM_KEYS_UNREAD.format(keys=", ".join(unread), template=template), "warning")

    @cached_property
    def condition_names(self) -> frozenset[str]:
        """Form keys read by the model's conditions (they steer the case, not the document)."""
        names: set[str] = set()
        for flow in self.model.flows:
            if flow.condition is not None:
                try:
                    names |= expression_names(flow.condition)
                except ModelError:
                    continue  # reported by the condition rules
        return frozenset(names)

    # -- documents ------------------------------------------------------------
    def documents(self) -> None:
        tasks = self.model.tasks
        created = {t.document for t in tasks.values() if t.action == "create" and t.document}
        for task in tasks.values():
            if task.action in ACTIONS and task.action not in ("create", "record") and task.document:
                if task.document not in created:
                    self.add(task.line, task.id, "document-uncreated",
                             messages.CHECK_DOCUMENT_UNCREATED.format(document=task.document))
        for task in tasks.values():
            if task.action == "create" and task.document:
                signers = {t.id for t in tasks.values() if t.action == "sign" and t.document == task.document}
                if self._end_reachable_avoiding(task.id, signers):
                    self.add(task.line, task.id, "document-unsigned",
                             messages.CHECK_DOCUMENT_UNSIGNED.format(document=task.document))

    def _end_reachable_avoiding(self, origin: str, blocked: set[str]) -> bool:
        """Whether an end event can be reached from ``origin`` without passing ``blocked`` elements.

        A converging parallel gateway is passed only when each of its incoming
        branches is either reached or runs independently of ``origin``.
        """
        m = self.model
        downstream = _reachable(m, [origin])
        reached: set[str] = set()
        queue = deque(f.target for f in m.outgoing(origin))
        while queue:
            node = queue.popleft()
            element = m.elements.get(node)
            if node in reached or node in blocked or element is None:
                continue
            incoming = m.incoming(node)
            if element.kind == "parallelGateway" and len(incoming) > 1:
                if not all(f.source in reached or f.source == origin or f.source not in downstream
                           for f in incoming):
                    continue
            reached.add(node)
            if element.kind == "endEvent":
                return True
            queue.extend(f.target for f in m.outgoing(node))  # a join waiting for a branch is queued again
        return False

    # -- flows ----------------------------------------------------------------
    def flows(self) -> None:
        m = self.model
        for flow in m.flows:
            if flow.condition is not None:
                where = f"{m.source}:{flow.line}: {flow.id}"
                try:
                    validate_expression(flow.condition, where=where)
                except ExpressionSyntaxError as exc:
                    self.add(flow.line, flow.id, "condition-syntax", f"{exc.message}; {exc.hint}")
                except ModelError as exc:
                    self.add(flow.line, flow.id, "condition-unsafe", f"{exc.message}; {exc.hint}")
        for element in m.elements.values():
            outgoing = m.outgoing(element.id)
            if element.kind == "exclusiveGateway" and len(outgoing) > 1:
                self.gateway(element)
            elif element.kind.endswith("Gateway"):
                continue
            elif len(outgoing) > 1:
                self.add(element.line, element.id, "flow-split",
                         messages.CHECK_FLOW_SPLIT.format(count=len(outgoing), kind=element.kind))
            elif any(f.condition is not None for f in outgoing):
                self.add(element.line, element.id, "flow-split", messages.CHECK_CONDITION_OFF_GATEWAY)

    def gateway(self, element: Element) -> None:
        outgoing = self.model.outgoing(element.id)
        ids = {f.id for f in outgoing}
        if element.default_flow and element.default_flow not in ids:
            self.add(element.line, element.id, "gateway-default",
                     messages.CHECK_DEFAULT_ELSEWHERE.format(flow=element.default_flow))
        for flow in outgoing:
            if flow.condition is None and flow.id != element.default_flow:
                self.add(flow.line, flow.id, "gateway-default",
                         messages.CHECK_FLOW_UNCONDITIONED.format(flow=flow.id, gateway=element.id))
        if not element.default_flow:
            self.add(element.line, element.id, "gateway-default", messages.CHECK_NO_DEFAULT, "warning")

    # -- reachability ---------------------------------------------------------
    def reachability(self) -> None:
        m = self.model
        starts = [e.id for e in m.elements.values() if e.kind == "startEvent"]
        if not starts:
            self.add(m.process_line, m.process_id, "unreachable", messages.CHECK_NO_START)
        forward = _reachable(m, starts)
        for element in m.elements.values():
            if element.id not in forward and element.kind != "boundaryEvent":
                self.add(element.line, element.id, "unreachable", messages.CHECK_UNREACHABLE)
        stuck = [e for e in m.elements.values() if e.kind != "endEvent" and not m.outgoing(e.id)]
        for element in stuck:
            self.add(element.line, element.id, "dead-end", messages.CHECK_DEAD_END)
        sinks = [e.id for e in m.elements.values() if e.kind == "endEvent"] + [e.id for e in stuck]
        backward = _reachable(m, sinks, reverse=True)
        for element in m.elements.values():
            if element.id not in backward and element.kind != "boundaryEvent":
                self.add(element.line, element.id, "dead-end", messages.CHECK_ENDLESS_LOOP)


def _literal_timer(text: str | None) -> bool:
    """Whether a timer's text is a quoted ISO 8601 literal (``"P2D"``), the only timer sopflow accepts."""
    try:
        node = ast.parse((text or "").strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_TIMER_LITERAL.match(node.value))


def _reachable(model: SopModel, origins: Iterable[str], *, reverse: bool = False) -> set[str]:
    """Elements reachable from ``origins`` (themselves included) along, or against, sequence flows."""
    edges: dict[str, list[str]] = {}
    for flow in model.flows:
        a, b = (flow.target, flow.source) if reverse else (flow.source, flow.target)
        edges.setdefault(a, []).append(b)
    seen: set[str] = set()
    queue = deque(origins)
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        queue.extend(edges.get(node, ()))
    return seen
