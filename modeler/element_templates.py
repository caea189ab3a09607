"""Camunda 7 element templates for the SOP profile, built from the profile itself.

One template per task action (membuat konsep, paraf, tanda tangan, menerima,
menatausahakan, mencatat) fixes the task's ``action`` and offers the other
``camunda:properties`` of the profile: the case ``document``, the ``template``
(a dropdown of the known document types), ``durationWorkdays``, ``output``,
``completeness`` and ``camunda:formKey``. Two more fill the process's
``sop.*`` properties: on the process itself, or on its pool (participant),
which is where Camunda Modeler edits a pooled process. Camunda Modeler and the bpmn-js element
templates module read the file as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sopflow.model.profile import ACTIONS
from sopflow.templates import known_types, load_type

__all__ = ["TEMPLATES_FILE", "SCHEMA_URL", "ACTION_LABELS", "element_templates", "templates_json"]

TEMPLATES_FILE = Path(__file__).with_name("sopflow-element-templates.json")
"""The shipped templates file (install it into Camunda Modeler's ``resources/element-templates``)."""
SCHEMA_URL = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json"
"""The Camunda 7 element templates schema the file declares."""
VERSION = 1
"""Version of every template; raise it when a template changes meaning."""

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "create": ("Membuat konsep", "Renders a new document from its template; the konseptor signs it."),
    "paraf": ("Paraf", "Initials (paraf) an existing document of the case."),
    "sign": ("Tanda tangan", "The authorising signature on a document of the case."),
    "receive": ("Menerima", "Signed receipt (\"Diterima\") of a document of the case."),
    "file": ("Menatausahakan", "Signed filing (\"Ditatausahakan\") of a document of the case."),
    "record": ("Mencatat", "No official document: a signed activity record of the task's form data."),
}
"""Indonesian name and description of each action of the profile."""

_ID = "^[a-z][a-z0-9_]*$"
_FORM_KEY = "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
_WORKDAYS = "^([0-9]+([.,][0-9]+)?)?$"


def _property(name: str, label: str, *, kind: str = "String", description: str = "",
              required: bool = False, pattern: tuple[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    """A template property; camunda:properties entries accept String, Hidden and Dropdown only."""
    binding = ({"type": "property", "name": name} if name.startswith("camunda:")
               else {"type": "camunda:property", "name": name})
    entry: dict[str, Any] = {"label": label, "type": kind, "binding": binding, **extra}
    if description:
        entry["description"] = description
    constraints: dict[str, Any] = {}
    if required:
        constraints["notEmpty"] = True
    if pattern:
        constraints["pattern"] = {"value": pattern[0], "message": pattern[1]}
    if constraints:
        entry["constraints"] = constraints
    return entry


def _template_choices() -> list[dict[str, str]]:
    return [{"name": f"{load_type(name).title.title()} ({name})", "value": name} for name in known_types()]


def _task_template(action: str) -> dict[str, Any]:
    label, description = ACTION_LABELS[action]
    properties: list[dict[str, Any]] = [
        {"type": "Hidden", "value": action, "binding": {"type": "camunda:property", "name": "action"}},
    ]
    if action != "record":
        properties.append(_property(
            "document", "Dokumen (document)", required=True,
            description="Case document id the task acts on, lower case with underscores (laporan, nota_dinas_kabag).",
            pattern=(_ID, "lower case letters, digits and underscores, starting with a letter"),
        ))
    if action == "create":
        properties.append(_property(
            "template", "Jenis naskah (template)", kind="Dropdown", required=True,
            description="Document type rendered for this document (templates/types).",
            choices=_template_choices(), value=known_types()[0],
        ))
    properties += [
        _property("camunda:formKey", "Formulir (formKey)",
                  description="Id of the task's form: <id>.form in the forms folder beside the model.",
                  pattern=(_FORM_KEY, "letters, digits, '_', '.', '-'")),
        _property("durationWorkdays", "Mutu Baku: Waktu (durationWorkdays)",
                  description="Working days the task may take, e.g. 1 or 0,5.",
                  pattern=(_WORKDAYS, "a number of working days, e.g. 1 or 0,5")),
        _property("completeness", "Mutu Baku: Kelengkapan (completeness)"),
        _property("output", "Mutu Baku: Output (output)"),
    ]
    return {
        "$schema": SCHEMA_URL,
        "name": f"SOP: {label} ({action})",
        "id": f"sopflow.task.{action}",
        "version": VERSION,
        "description": description,
        "appliesTo": ["bpmn:UserTask", "bpmn:Task"],
        "elementType": {"value": "bpmn:UserTask"},
        "properties": properties,
    }


def _sop_properties() -> list[dict[str, Any]]:
    number = ("^[A-Z0-9][A-Z0-9./-]*$", "upper case letters, digits, '.', '/', '-', e.g. LIP20-0013")
    return [
        _property("sop.number", "Nomor SOP (sop.number)", required=True, pattern=number),
        _property("sop.title", "Judul SOP (sop.title)", required=True),
        _property("sop.unit", "Unit (sop.unit)", required=True,
                  description=r"Letterhead lines of the unit, separated by \n."),
        _property("sop.deadlineWorkdays", "Jangka waktu penyelesaian (sop.deadlineWorkdays)", required=True,
                  description="Working days, e.g. 10.", pattern=("^[0-9]+$", "a whole number of working days")),
        _property("sop.revision", "Revisi (sop.revision)"),
        _property("sop.date", "Tanggal (sop.date)", description="Date of making or effect, e.g. 21 Juni 2013."),
        _property("sop.approver", "Disahkan oleh (sop.approver)",
                  description=r"Jabatan lines, the name, then NIP ..., separated by \n."),
        _property("sop.place", "Tempat (sop.place)", description="Place printed on documents; Jakarta when empty."),
        _property("sop.unitCode", "Kode unit (sop.unitCode)",
                  description="Unit code in letter numbers; the SOP number's prefix when empty."),
    ]


def _process_templates() -> list[dict[str, Any]]:
    """The SOP identity for a process standing alone, and for one in a pool (edited on the participant)."""
    common = {"$schema": SCHEMA_URL, "version": VERSION,
              "description": "The SOP's identity, printed in the SOP document and on every naskah dinas."}
    executable = {"type": "Hidden", "value": True, "binding": {"type": "property", "name": "isExecutable"}}
    return [
        {**common, "name": "SOP: identitas proses (sop.*)", "id": "sopflow.process", "appliesTo": ["bpmn:Process"],
         "properties": [executable, *_sop_properties()]},
        {**common, "name": "SOP: identitas proses dalam pool (sop.*)", "id": "sopflow.pool",
         "appliesTo": ["bpmn:Participant"], "properties": _sop_properties()},
    ]


def element_templates() -> list[dict[str, Any]]:
    """Every template: one per action of the profile, then the process and pool templates."""
    return [*(_task_template(action) for action in ACTIONS), *_process_templates()]


def templates_json() -> str:
    """The templates file's text."""
    return json.dumps(element_templates(), indent=2, ensure_ascii=False) + "\n"
