"""The JSON files of an archive, read safely and checked for shape before anything uses them.

case.json, journal.jsonl and archive-timestamps.json are written by whoever
holds the archive. Each is read through :class:`~sopflow.archive.bag_files.BagFiles`
(size-limited), parsed with a bound on nesting, and every field the verifier
uses is checked for its JSON type, and every file name it yields for safety,
so a wrong type, a huge or deeply nested value, or a name such as ``../x``
becomes a :class:`~sopflow.archive.report.Finding` (kind ``malformed``,
``unsafe-name`` or ``too-large``), never an exception further on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sopflow.archive.bag_files import LIMITS, BagFileError, BagFiles, name_problem
from sopflow.archive.export import ARCHIVE_TIMESTAMPS, PAYLOAD_CASE, PAYLOAD_JOURNAL
from sopflow.archive.report import Finding, Kind
from sopflow.runner.binding import CANCEL_ACTION

__all__ = ["MAX_JOURNAL_ENTRIES", "MAX_JSON_DEPTH", "load_case", "load_journal", "load_stamps"]

MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays/objects accepted in any JSON value of an archive."""
MAX_JOURNAL_ENTRIES = 10_000
"""Most journal entries (completed tasks) an archive may record."""

_DOCUMENT_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")
_STR, _INT, _DICT, _NONE = (str,), (int,), (dict,), (type(None),)

_CASE_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "case": (_STR, True),
    "sop_number": (_STR, False),
    "sop_title": (_STR, False),
    "model": (_STR, True),
    "status": (_STR, True),
    "started_at": (_STR, True),
    "completed_at": (_STR + _NONE, False),
    "journal_length": (_INT, True),
    "journal_head": (_STR + _NONE, True),
    "roster": (_DICT, True),
}
_ROSTER_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "officials": (_DICT, True),
    "level": (_STR + _NONE, False),
}
_OFFICIAL_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "name": (_STR, True),
    "nip": (_STR, True),
    "cert_sha256": (_STR + _NONE, False),
}
_ENTRY_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "seq": (_INT, True),
    "case": (_STR, True),
    "document": (_STR, True),
    "revision": (_INT, True),
    "action": (_STR, True),
    "role": (_STR, True),
    "official": (_DICT, True),
    "task": (_DICT, True),
    "data": (_DICT, True),
    "time": (_STR, True),
    "doc_sha256": (_STR, True),
    "signer_cert_sha256": (_STR + _NONE, True),
    "prev": (_STR, True),
    "hash": (_STR, True),
}
_CANCEL_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "seq": (_INT, True), "case": (_STR, True), "action": (_STR, True), "time": (_STR, True),
    "reason": (_STR, True), "prev": (_STR, True), "hash": (_STR, True),
}
"""The journal entry that cancels a case: it signs no document."""
_TASK_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {"id": (_STR, True), "name": (_STR, True),
                                                          "spec": (_STR, True)}
_STAMP_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "document": (_STR, True), "revision": (_INT, True), "path": (_STR, True), "sha256": (_STR, True),
}


def _read_json(bag: BagFiles, name: str, *, limit: int) -> Any:
    """Parse one JSON file; :class:`BagFileError` for anything unreadable."""
    return _parse(bag.read(name, limit=limit), name)


def _parse(raw: bytes, where: str) -> Any:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BagFileError(Kind.MALFORMED, f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BagFileError(Kind.MALFORMED, f"{where}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except (RecursionError, ValueError) as exc:
        raise BagFileError(Kind.MALFORMED, f"{where}: JSON the verifier refuses ({type(exc).__name__})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BagFileError(Kind.MALFORMED, f"{where}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _shape(value: Any, fields: Mapping[str, tuple[tuple[type, ...], bool]], where: str) -> list[str]:
    """What is wrong with the JSON types of ``value``'s fields."""
    if not isinstance(value, dict):
        return [f"{where} is {_json_type(value)}, not an object"]
    problems = []
    for key, (types, required) in fields.items():
        if key not in value:
            if required:
                problems.append(f"{where} lacks the field '{key}'")
            continue
        item = value[key]
        if not isinstance(item, types) or (isinstance(item, bool) and bool not in types):
            wanted = " or ".join(_json_type_name(t) for t in types)
            problems.append(f"{where}: '{key}' is {_json_type(item)}, expected {wanted}")
    return problems


def _json_type_name(kind: type) -> str:
    return {str: "a string", int: "an integer", dict: "an object", list: "an array",
            type(None): "null"}.get(kind, kind.__name__)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return "a number"
    return _json_type_name(type(value))


def load_case(bag: BagFiles) -> tuple[dict[str, Any] | None, list[Finding]]:
    """case.json, or ``None`` and why it cannot be used."""
    try:
        case = _read_json(bag, PAYLOAD_CASE, limit=LIMITS["json"])
    except BagFileError as exc:
        return None, [exc.finding()]
    problems = _shape(case, _CASE_FIELDS, PAYLOAD_CASE)
    if not problems:
        problems += _shape(case["roster"], _ROSTER_FIELDS, f"{PAYLOAD_CASE} roster")
    if not problems:
        for role, official in case["roster"]["officials"].items():
            problems += _shape(official, _OFFICIAL_FIELDS, f"{PAYLOAD_CASE} roster official of '{role}'")
    findings = [Finding(Kind.MALFORMED, p) for p in problems]
    if not problems:
        model = case["model"]
        problem = name_problem(model)
        if problem or not model.startswith("model/"):
            findings.append(Finding(Kind.UNSAFE_NAME, f"{PAYLOAD_CASE}: model {problem or 'is not under model/'}"))
    return (None if findings else case), findings


def load_journal(bag: BagFiles) -> tuple[list[dict[str, Any]] | None, list[Finding]]:
    """The journal entries, or ``None`` and why the journal cannot be used.

    Each line must be one JSON object with the fields of a journal entry in
    their JSON types, a safe document id and a positive revision.
    """
    try:
        raw = bag.read(PAYLOAD_JOURNAL, limit=LIMITS["journal"])
    except BagFileError as exc:
        return None, [exc.finding()]
    entries: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        if len(entries) >= MAX_JOURNAL_ENTRIES:
            return None, [Finding(Kind.TOO_LARGE, f"{PAYLOAD_JOURNAL}: more than {MAX_JOURNAL_ENTRIES} entries")]
        where = f"{PAYLOAD_JOURNAL}:{number}"
        try:
            entry = _parse(line, where)
        except BagFileError as exc:
            findings.append(exc.finding())
            continue
        if isinstance(entry, dict) and entry.get("action") == CANCEL_ACTION:
            findings += [Finding(Kind.MALFORMED, p) for p in _shape(entry, _CANCEL_FIELDS, f"{where}: entry")]
            entries.append(entry)
            continue
        problems = _shape(entry, _ENTRY_FIELDS, f"{where}: entry")
        if not problems:
            problems += _shape(entry["task"], _TASK_FIELDS, f"{where}: task")
            problems += _shape(entry["official"], {"name": (_STR, True), "nip": (_STR, True)}, f"{where}: official")
            if entry["revision"] < 1:
                problems.append(f"{where}: revision {entry['revision']} is not a positive number")
        findings += [Finding(Kind.MALFORMED, p) for p in problems]
        if not problems and not _DOCUMENT_ID.match(entry["document"]):
            findings.append(Finding(Kind.UNSAFE_NAME, f"{where}: document id {entry['document'][:80]!r} is not a "
                                                      f"plain name (letters, digits, '_', '.', '-')"))
        entries.append(entry)
    return (None if findings else entries), findings


def load_stamps(bag: BagFiles) -> tuple[list[dict[str, Any]], list[Finding]]:
    """The archive-timestamped copies listed in archive-timestamps.json (none when the file is absent)."""
    try:
        listed = _read_json(bag, ARCHIVE_TIMESTAMPS, limit=LIMITS["json"])
    except BagFileError as exc:
        return [], ([] if exc.kind == Kind.DOCUMENT_MISSING else [exc.finding()])
    stamps = listed.get("timestamps") if isinstance(listed, dict) else None
    if not isinstance(stamps, list):
        return [], [Finding(Kind.MALFORMED, f"{ARCHIVE_TIMESTAMPS}: no list 'timestamps'")]
    good, findings = [], []
    for index, stamp in enumerate(stamps, start=1):
        where = f"{ARCHIVE_TIMESTAMPS} item {index}"
        problems = _shape(stamp, _STAMP_FIELDS, where)
        findings += [Finding(Kind.MALFORMED, p) for p in problems]
        if problems:
            continue
        problem = name_problem(stamp["path"])
        if problem or not stamp["path"].startswith("documents/"):
            findings.append(Finding(Kind.UNSAFE_NAME, f"{where}: path {problem or 'is not under documents/'}"))
            continue
        good.append(stamp)
    return good, findings
