"""Prosedur Kerja: the SOP's numbered steps, as the tasks' documentation writes them.

A task keeps the SOP text of its step in its documentation, led by the step
number: ``Langkah 3: Kepala Seksi meneliti ... apabila belum sesuai, kembali
ke langkah 2.`` One documentation may hold several steps (one ``Langkah N:``
per paragraph) and several tasks may share a step (parallel branches, or a
step the model splits). Prosedur Kerja prints every step once, in table
order, with the distinct sentences of its tasks (a review task adds its
condition to the step's text, tasks on parallel branches repeat it); a task without documentation
contributes "Role + activity".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sopflow.sopdoc.content import step_sentence

if TYPE_CHECKING:
    from sopflow.model.profile import SopModel
    from sopflow.sopdoc.layout import FlowchartLayout

__all__ = ["step_markers", "step_notes", "step_label", "label_order", "next_label", "procedure_items"]

_LABEL = r"\d{1,3}[a-z]?|[a-z]"
_MARKER = re.compile(
    rf"(?:^|\n)[ \t]*(?:\*\*)?Langkah[ \t]+(?P<first>{_LABEL})(?:[ \t]*[-–][ \t]*(?P<last>{_LABEL}))?"
    rf"(?:\*\*)?[ \t]*[:.][ \t]*",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")


def step_markers(documentation: str) -> list[tuple[str, str]]:
    """``(label, text)`` of every ``Langkah N:`` paragraph; a range prints as ``4–5``."""
    matches = list(_MARKER.finditer(documentation))
    found = []
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following else len(documentation)
        label = match["first"].lower()
        if match["last"]:
            label = f"{label}–{match['last'].lower()}"
        found.append((label, " ".join(documentation[match.end():end].split())))
    return found


def step_notes(documentation: str) -> str:
    """What a documentation says besides its steps: the text before its first ``Langkah N:``."""
    first = _MARKER.search(documentation)
    return " ".join(documentation[: first.start() if first else len(documentation)].split())


def step_label(documentation: str) -> str | None:
    """The step number(s) a documentation states: ``3``, or ``4–5`` for steps 4 and 5; ``None`` if none."""
    labels = [label for label, _ in step_markers(documentation)]
    if not labels:
        return None
    first, last = labels[0].split("–")[0], labels[-1].split("–")[-1]
    return first if first == last else f"{first}–{last}"


def label_order(label: str) -> tuple[int, str]:
    """Sort key of step numbers: by the last step they cover (``4–5`` counts as 5), then the letter."""
    tail = label.split("–")[-1]
    digits = re.match(r"\d+", tail)
    return (int(digits.group()) if digits else 0, tail)


def next_label(last: str | None) -> str:
    """The step after ``last``: ``7`` after ``6``, ``6b`` or ``5–6``; ``g`` after ``f``; ``1`` at first."""
    if last is None:
        return "1"
    tail = last.split("–")[-1]
    digits = re.match(r"\d+", tail)
    if digits:
        return str(int(digits.group()) + 1)
    return chr(ord(tail[0]) + 1) if tail[0] < "z" else "z"


def procedure_items(model: SopModel, layout: FlowchartLayout) -> list[tuple[str, str]]:
    """Prosedur Kerja: ``(step number, text)`` of the model's steps, in table order; nothing else.

    The SOP's closing "Proses selesai." is printed only where the model writes it as a step (the end
    event's documentation ``Langkah 16: Proses selesai.``), never added.
    """
    texts: dict[str, list[str]] = {}
    for step in layout.steps:
        if step.number is None:
            continue
        markers = step_markers(model.elements[step.element_id].documentation)
        if not markers:
            markers = [(step.number, step_sentence(step.role, step.activity))]
        for label, text in markers:
            sentences = texts.setdefault(label, [])
            sentences += [s for s in _SENTENCE_END.split(text) if s and s not in sentences]
    return [(label, " ".join(sentences)) for label, sentences in texts.items()]
