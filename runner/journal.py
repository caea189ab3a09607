"""The case journal: one hash-chained entry per completed task.

An entry is canonical JSON (sorted keys, UTF-8, no spaces); its ``hash`` is the
SHA-256 of that JSON without the ``hash`` key, and each entry's ``prev`` is the
previous entry's ``hash`` (:data:`GENESIS` for the first). Editing, dropping,
inserting or reordering lines breaks the chain. The archive verifier uses the
same functions, so the format has one definition.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["GENESIS", "JOURNAL_VERSION", "canonical_json", "seal", "chain_problems", "read_jsonl", "ChainProblem"]

GENESIS = "0" * 64
"""``prev`` of a case's first entry."""

JOURNAL_VERSION = 1
"""Format version written into every entry (``v``)."""


def canonical_json(obj: Any) -> str:
    """The one serialisation used for hashing and for journal lines."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _digest(body: Mapping[str, Any]) -> str:
    unsealed = {k: v for k, v in body.items() if k != "hash"}
    return hashlib.sha256(canonical_json(unsealed).encode("utf-8")).hexdigest()


def seal(body: Mapping[str, Any], *, prev: str) -> dict[str, Any]:
    """Return the entry with ``v``, ``prev`` and its ``hash`` filled in."""
    entry = {**body, "v": JOURNAL_VERSION, "prev": prev}
    entry["hash"] = _digest(entry)
    return entry


@dataclass(frozen=True)
class ChainProblem:
    """One break in the hash chain."""

    line: int
    """1-based journal line."""
    message: str
    """What is wrong."""


def chain_problems(entries: Iterable[Mapping[str, Any]]) -> list[ChainProblem]:
    """Check sequence numbers, ``prev`` links and each entry's own hash."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    for line, entry in enumerate(entries, start=1):
        if entry.get("seq") != line:
            problems.append(ChainProblem(line, f"sequence number is {entry.get('seq')!r}, expected {line}"))
        if entry.get("prev") != prev:
            problems.append(
                ChainProblem(line, "link to the previous entry is broken (entry edited, removed or reordered)")
            )
        if entry.get("hash") != _digest(entry):
            problems.append(ChainProblem(line, "entry content does not match its hash (entry edited)"))
        prev = str(entry.get("hash"))
    return problems


def read_jsonl(text: str, *, source: str) -> list[dict[str, Any]]:
    """Parse journal lines; a malformed line raises ``ValueError`` naming it.

    Lines end at line feeds only: form text may hold U+2028, U+2029 or U+0085,
    which :func:`canonical_json` writes as they are and ``str.splitlines``
    would wrongly treat as line ends.
    """
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise ValueError(f"{source}:{number}: journal entry is not an object")
        entries.append(value)
    return entries
