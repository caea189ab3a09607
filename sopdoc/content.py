"""What the SOP document says, read from a :class:`SopModel`: identity, sections, approver.

The process documentation is free text typed in a modeller; it is split into
sections on heading lines ("Deskripsi:", "B. Dasar Hukum :", "**Input:**" ...).
Headings are matched leniently — enumerators, emphasis marks, case and the
spacing around the colon are ignored — and the synonyms used in published SOPs
map onto one section (``_ALIASES``). Other title-case headings are kept as
extra sections, printed after Output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sopflow import messages
from sopflow.model.profile import SopModel, split_unit_lines
from sopflow.templates import terbilang

__all__ = ["Section", "Approval", "SopContent", "read_content", "step_sentence", "PrintedText", "printed_texts"]

_ALIASES: dict[str, tuple[str, ...]] = {
    "deskripsi": ("deskripsi",),
    "dasar_hukum": ("dasar hukum",),
    "keterkaitan": (
        "surat edaran terkait", "keterkaitan", "ketertautan", "sop terkait", "keterkaitan dengan sop lain",
        "keterkaitan sop",
    ),
    "pihak": ("pihak yang terkait", "pihak pihak yang terlibat", "pihak yang terlibat", "pihak pihak yang terkait"),
    "input": ("input", "masukan", "masukan input"),
    "output": ("output", "keluaran", "keluaran output", "output keluaran"),
    "prosedur": ("prosedur kerja", "prosedur"),
    "jangka_waktu": ("jangka waktu", "jangka waktu penyelesaian", "waktu penyelesaian"),
    "bagan": ("bagan arus", "bagan arus flowchart", "bagan alir", "bagan alir flowchart", "flowchart"),
}
_KEY_OF = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_GENERATED = frozenset({"pihak", "prosedur", "jangka_waktu", "bagan"})
"""Sections the document builds from the model itself; documentation text for them is not printed."""
_SMALL_WORDS = frozenset({"dan", "yang", "atau", "dengan", "di", "ke", "dari", "untuk", "sop"})

_HEADING = re.compile(
    r"^\s*(?:\*\*)?\s*(?:[A-Za-z]\.|\d+\s*[.,])?\s*(?P<head>[^:*]{2,70}?)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<rest>.*)$"
)
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[a-zA-Z][.)]|[-•])\s+")


@dataclass(frozen=True)
class Section:
    """One lettered section of the identity part (A. Deskripsi ...)."""

    key: str
    """Canonical key (``deskripsi``, ``dasar_hukum`` ...) or ``extra`` for headings we do not know."""
    title: str
    """Heading as printed, without letter and colon."""
    paragraphs: tuple[str, ...]
    """Body: one entry per paragraph or list item (items keep their enumerator)."""


@dataclass(frozen=True)
class Approval:
    """The "Disahkan oleh" block, from ``sop.approver``."""

    jabatan: tuple[str, ...]
    """Lines above the signature space ("a.n. Direktur Jenderal", "Sekretaris Direktorat Jenderal")."""
    name: str
    """The official's name, under the signature space; empty when not given."""
    after_name: tuple[str, ...]
    """Lines under the name ("NIP 19530923...")."""


@dataclass(frozen=True)
class SopContent:
    """Everything the document prints that is not the flowchart."""

    unit_lines: tuple[str, ...]
    """Ministry and unit lines of the header block (``sop.unit``)."""
    title: str
    """SOP title, as written."""
    number: str
    """SOP number."""
    revision: str
    """Revision, ``-`` when absent."""
    date: str
    """Date of making / effect, ``-`` when absent."""
    sections: tuple[Section, ...]
    """Identity sections before Prosedur Kerja, in print order (without Pihak yang Terkait)."""
    related_parties: tuple[str, ...]
    """Pihak yang Terkait: the lanes, in diagram order."""
    deadline_text: str
    """Jangka Waktu Penyelesaian, e.g. "Paling lama 10 (sepuluh) hari kerja"."""
    approval: Approval | None
    """The approving official, ``None`` when ``sop.approver`` is absent."""


def read_content(model: SopModel) -> SopContent:
    """Collect the printed identity of a SOP from its model's properties and documentation."""
    props = model.properties
    parsed = _split_sections(model.documentation)
    by_key = {s.key: s for s in parsed if s.key != "extra"}
    sections = [
        by_key.get("deskripsi", Section("deskripsi", "Deskripsi", ("-",))),
        by_key.get("dasar_hukum", Section("dasar_hukum", "Dasar Hukum", ("-",))),
        by_key.get("keterkaitan", Section("keterkaitan", "Keterkaitan", ("Tidak ada.",))),
        Section("pihak", "Pihak yang Terkait", ()),
        by_key.get("input", Section("input", "Input", ("-",))),
        by_key.get("output", Section("output", "Output", ("-",))),
        *[s for s in parsed if s.key == "extra"],
    ]
    days = model.deadline_workdays
    if days is not None:
        deadline = f"Paling lama {days} ({terbilang(days)}) hari kerja"
    elif "jangka_waktu" in by_key:
        deadline = " ".join(by_key["jangka_waktu"].paragraphs)
    else:
        deadline = "-"
    lanes = tuple(lane.name for lane in model.lanes if lane.name)
    return SopContent(
        unit_lines=model.unit_lines,
        title=model.title.strip(),
        number=model.number.strip(),
        revision=props.get("sop.revision", "").strip() or "-",
        date=props.get("sop.date", "").strip() or "-",
        sections=tuple(sections),
        related_parties=lanes,
        deadline_text=deadline,
        approval=_approval(props.get("sop.approver", "")),
    )


_PRINTED_PROPERTIES = ("sop.number", "sop.title", "sop.unit", "sop.revision", "sop.date", "sop.approver")
_PRINTED_ELEMENT_PROPERTIES = ("completeness", "durationWorkdays", "output")


@dataclass(frozen=True)
class PrintedText:
    """One text of the model that the SOP document prints, and where the analyst edits it."""

    where: str
    """``file:line`` of the element holding it."""
    what: str
    """What it is, as messages name it ("nama elemen Task_Teliti")."""
    text: str


def printed_texts(model: SopModel) -> Iterator[PrintedText]:
    """Every text of ``model`` the SOP document prints: process properties and documentation, lane, element
    and flow names, element documentation and Mutu Baku properties."""
    at = f"{model.source}:{model.process_line}"
    for key in _PRINTED_PROPERTIES:
        yield PrintedText(at, messages.SOP_TEXT_PROPERTY.format(key=key), model.properties.get(key, ""))
    yield PrintedText(at, messages.SOP_TEXT_PROCESS_DOCUMENTATION, model.documentation)
    for lane in model.lanes:
        yield PrintedText(at, messages.SOP_TEXT_LANE.format(id=lane.id), lane.name)
    for element in model.elements.values():
        where = f"{model.source}:{element.line}"
        yield PrintedText(where, messages.SOP_TEXT_ELEMENT_NAME.format(id=element.id), element.name)
        yield PrintedText(where, messages.SOP_TEXT_ELEMENT_DOCUMENTATION.format(id=element.id), element.documentation)
        for key in _PRINTED_ELEMENT_PROPERTIES:
            yield PrintedText(where, messages.SOP_TEXT_ELEMENT_PROPERTY.format(key=key, id=element.id),
                              element.properties.get(key, ""))
    for flow in model.flows:
        yield PrintedText(f"{model.source}:{flow.line}", messages.SOP_TEXT_FLOW_NAME.format(id=flow.id), flow.name)


def step_sentence(role: str | None, activity: str) -> str:
    """"Role + activity" as one sentence of Prosedur Kerja ("Kepala Seksi meneliti konsep.")."""
    words = activity.strip().rstrip(".").split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        words[0] = first[0].lower() + first[1:]
    text = " ".join(words)
    return f"{role} {text}." if role else f"{text[:1].upper()}{text[1:]}."


def _normalise(head: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", head.lower()).split())


def _heading(line: str) -> tuple[str, str, str] | None:
    """``(key, title, rest)`` when ``line`` is a section heading."""
    match = _HEADING.match(line)
    if not match:
        return None
    head, rest = match["head"].strip(), match["rest"].strip()
    key = _KEY_OF.get(_normalise(head))
    if key:
        return key, head, rest
    words = head.split()
    title_case = all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words if w[0].isalpha())
    if not rest and 1 <= len(words) <= 5 and words[0][0].isupper() and title_case:
        return "extra", head, ""
    return None


def _split_sections(text: str) -> list[Section]:
    sections: list[Section] = []
    current: tuple[str, str] | None = None
    paragraphs: list[str] = []

    def close() -> None:
        if current is not None:
            sections.append(Section(current[0], current[1], tuple(p for p in paragraphs if p) or ("-",)))

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        found = _heading(line) if line else None
        if found:
            close()
            current, paragraphs = (found[0], found[1]), []
            line = found[2]
        if current is None or not line:
            if not line and paragraphs and paragraphs[-1]:
                paragraphs.append("")
            continue
        if _ITEM.match(line) or not paragraphs or not paragraphs[-1]:
            if paragraphs and not paragraphs[-1]:
                paragraphs.pop()
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    close()
    return sections


def _approval(raw: str) -> Approval | None:
    lines = list(split_unit_lines(raw))
    if not lines:
        return None
    nip_at = next((i for i, line in enumerate(lines) if line.upper().startswith("NIP")), None)
    if nip_at is not None and nip_at > 0:
        return Approval(tuple(lines[: nip_at - 1]), lines[nip_at - 1], tuple(lines[nip_at:]))
    if len(lines) == 1:
        return Approval((lines[0],), "", ())
    return Approval(tuple(lines[:-1]), lines[-1], ())
