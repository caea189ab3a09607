"""Read an SOP text (PermenPAN-RB 35/2012 layout) into identity, sections and numbered steps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sopflow.errors import InputError
from sopflow.importer.mutu_baku import MutuBaku, mutu_columns, mutu_line, table_cells, table_columns

__all__ = ["MAX_BYTES", "MAX_STEPS", "SECTION_NAMES", "SopText", "Step", "read_sop_text", "parse_sop_text"]

MAX_BYTES = 1_000_000
"""Largest SOP text read; real SOPs are a few kilobytes."""
MAX_STEPS = 300
"""Most Prosedur Kerja steps a draft is made of."""

SECTION_NAMES: dict[str, str] = {
    "deskripsi": r"deskripsi",
    "dasar_hukum": r"dasar\s+hukum",
    "keterkaitan": r"(?:keterkaitan|ketertautan|surat\s+edaran\s+terkait)",
    "pihak": r"pihak(?:-pihak)?\s+yang\s+ter(?:kait|libat)",
    "input": r"(?:input|masukan)",
    "output": r"(?:keluaran\s*\(output\)|output|keluaran)",
    "persyaratan": r"persyaratan(?:\s+dan\s+perlengkapan)?",
    "perhatian": r"perhatian",
    "jangka_waktu": r"jangka\s+waktu(?:\s+penyelesaian)?",
    "prosedur": r"prosedur\s+kerja",
    "mutu_baku": r"mutu\s+baku",
    "bagan": r"bagan\s+a(?:lir|rus)(?:\s*\(flowchart\))?",
    "rasci": r"matriks\s+rasci",
    "disahkan": r"disahkan\s+oleh",
}
"""Section key → the heading as SOPs print it."""

SECTION_TITLES = {
    "deskripsi": "Deskripsi", "dasar_hukum": "Dasar Hukum", "keterkaitan": "Keterkaitan",
    "pihak": "Pihak yang Terkait", "input": "Input", "output": "Output", "persyaratan": "Persyaratan",
    "perhatian": "Perhatian", "jangka_waktu": "Jangka Waktu Penyelesaian",
}
"""Sections copied into the process documentation, in order."""

_HEADING = re.compile(
    r"^\s*(?:[A-Z]|\d{1,2})?\s*[.,]?\s*(" + "|".join(f"(?P<{k}>{v})" for k, v in SECTION_NAMES.items())
    + r")(?:[^:\n]{0,20}:\s*(?P<rest>.*)|\s*)$", re.IGNORECASE)
_MARKUP = re.compile(r"</?[a-zA-Z][^>]{0,20}>|\*+|^#+\s*")
_PAGE_HEADER = re.compile(r"^(kementerian|direktorat|badan|sekretariat|standard operating procedure|revisi\b|tanggal\b"
                          r"|halaman\b)", re.IGNORECASE)
_MARKER = re.compile(r"^\s*(?:(\d{1,4})|([a-z]))\s*[.)]\s*(.*)$")
_UNIT_BREAK = re.compile(r"\s+(?=(?:Direktorat|Kantor|Badan|Sekretariat|Biro|Inspektorat|Deputi|Pusat)\b)")


@dataclass
class Step:
    """One Prosedur Kerja step: its number, its sentence, the line it starts on and its Mutu Baku."""

    number: int
    text: str
    line: int
    mutu: MutuBaku = field(default_factory=MutuBaku)


@dataclass
class SopText:
    """What the reader found; ``notes`` lists what it could not read (with line numbers)."""

    source: str
    title: str = ""
    number: str = ""
    unit: list[str] = field(default_factory=list)
    revision: str = ""
    date: str = ""
    approver: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    section_lines: dict[str, int] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    closing: Step | None = None
    """The SOP's closing step ("16. Proses selesai."), if it writes one: the end event, not a task."""
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, phrase, what) for text the reader skipped or guessed."""


def read_sop_text(path: Path, data: bytes) -> SopText:
    """Decode ``data`` (the bytes of ``path``) and parse it.

    :raises InputError: binary data, not UTF-8, too large, or no readable Prosedur Kerja.
    """
    where = str(path)
    if len(data) > MAX_BYTES:
        raise InputError(f"teks SOP {len(data)} bita, lebih dari batas {MAX_BYTES} bita", where=where,
                         hint="pisahkan berkas; satu berkas berisi satu SOP")
    if b"\x00" in data[:65536] or data[:4] == b"PK\x03\x04" or data[:5] == b"%PDF-":
        raise InputError("berkas ini data biner, bukan teks SOP", where=where,
                         hint="simpan SOP sebagai teks (.txt atau .md, UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"bita {exc.start} (baris {line}) bukan UTF-8", where=f"{where}:{line}",
                         hint="simpan ulang berkas sebagai UTF-8, mis. iconv -f WINDOWS-1252 -t UTF-8") from None
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > 16:
        raise InputError(f"berkas ini memuat {controls} karakter kendali; bukan teks SOP", where=where,
                         hint="simpan SOP sebagai teks (.txt atau .md, UTF-8)")
    return parse_sop_text(text, source=where)


def _clean(line: str) -> str:
    return re.sub(r"[ \t]+", " ", _MARKUP.sub("", line.replace("\u00a0", " "))).strip()


def parse_sop_text(text: str, *, source: str) -> SopText:
    """Parse an already decoded SOP text."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_clean(line) for line in raw]
    sop = SopText(source=source)
    _identity(sop, raw, lines)
    current = ""
    bodies: dict[str, list[tuple[int, str]]] = {}
    for number, line in enumerate(lines, start=1):
        match = _HEADING.match(line)
        if match and not (current == "prosedur" and mutu_line(line)):
            current = next(k for k in SECTION_NAMES if match.group(k))
            sop.section_lines.setdefault(current, number)
            bodies.setdefault(current, [])
            rest = (match.group("rest") or "").strip()
            if rest:
                bodies[current].append((number, rest))
            continue
        header = bool(line) and (line == sop.title or "Standard Operating" in line or bool(_PAGE_HEADER.match(line)))
        if current and not header:
            bodies[current].append((number, line))
    for key, body in bodies.items():
        sop.sections[key] = "\n".join(_paragraphs(body)).strip()
    sop.approver = [line for _, line in bodies.get("disahkan", []) if line][:8]
    sop.steps = _steps(sop, bodies.get("prosedur", []), raw)
    _mutu_section(sop, bodies.get("mutu_baku", []), raw)
    return sop


def _identity(sop: SopText, raw: list[str], lines: list[str]) -> None:
    head = "\n".join(raw[:40])
    if m := re.search(r"Nomor\s*:\s*([A-Za-z0-9][A-Za-z0-9./-]{1,40})", head):
        sop.number = m.group(1)
    if m := re.search(r"Revisi\s*:[ \t]*([^\t\n:]*?)[ \t]*(?:\t|Nomor|$)", head, re.MULTILINE):
        sop.revision = "" if m.group(1).strip() in ("", "-") else m.group(1).strip()
    if m := re.search(r"Tanggal\s*:[ \t]*(\d{1,2} [A-Za-z]+ \d{4})", head):
        sop.date = m.group(1)
    for index, line in enumerate(lines[:40]):
        if "Standard Operating Procedure" in line:
            title = line.split("Standard Operating Procedure", 1)[1].strip()
            if not title and index + 1 < len(lines):
                title = next((x for x in lines[index + 1:index + 4] if x), "")
            sop.title = title.upper()
            unit = next((x for x in reversed(lines[:index]) if x), "")
            if unit and not _HEADING.match(unit):
                sop.unit = [u.upper() for u in _UNIT_BREAK.split(unit)]
            break


def _paragraphs(body: list[tuple[int, str]]) -> list[str]:
    """Join wrapped lines: a line continues the previous one unless it starts an item."""
    out: list[str] = []
    for _, line in body:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1] and not _MARKER.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return [x for x in out if x]


def _steps(sop: SopText, body: list[tuple[int, str]], raw: list[str]) -> list[Step]:
    """Numbered items of Prosedur Kerja; unnumbered paragraphs are numbered in order (and noted).

    A table is a Markdown pipe table or the tab-separated rows of a .docx table (``raw``: the lines as written).
    """
    if not body:
        raise InputError("bagian Prosedur Kerja tidak ditemukan atau kosong", where=sop.source,
                         hint="teks SOP harus memuat judul 'Prosedur Kerja:' diikuti langkah bernomor")
    items: list[Step] = []
    numbered = True
    columns: dict[str, int] | None = None
    header: list[str] = []
    for number, line in body:
        cells = table_cells(line, _MARKUP.sub("", raw[number - 1]))
        if cells is not None:
            found = table_columns(cells) if cells else None
            if found and (columns is None or len(found) > len(columns)):
                columns, header = found, cells  # a second header row (lane names, Mutu Baku columns) refines it
                continue
            if columns:
                if cells:
                    _table_row(items, cells, columns, header, number)
                continue
            if line.startswith("|"):
                continue
        if (values := mutu_line(line)) and (last := next((s for s in reversed(items) if s.text), None)):
            _set_mutu(last, values, number)
            continue
        if not line:
            if items and items[-1].text and columns is None:
                items.append(Step(0, "", number))
            continue
        marker = _MARKER.match(line)
        if marker and (marker.group(1) or marker.group(2)):
            rest = marker.group(3).strip()
            items = [s for s in items if s.text]
            if marker.group(1):
                items.append(Step(int(marker.group(1)), rest, number))
            else:
                items.append(Step(ord(marker.group(2)) - 96, rest, number))
            continue
        if items and items[-1].text:
            items[-1].text += " " + line
        else:
            items = [s for s in items if s.text] + [Step(0, line, number)]
            numbered = False
        if len(items) > MAX_STEPS:
            raise InputError(f"Prosedur Kerja memuat lebih dari {MAX_STEPS} langkah", where=f"{sop.source}:{number}",
                             hint="pecah SOP ini menjadi beberapa SOP")
    steps = [s for s in items if s.text]
    if len(steps) > MAX_STEPS:
        raise InputError(f"Prosedur Kerja memuat {len(steps)} langkah, lebih dari {MAX_STEPS}", where=sop.source,
                         hint="pecah SOP ini menjadi beberapa SOP")
    if not numbered or any(s.number != i for i, s in enumerate(steps, start=1)):
        sop.notes.append((steps[0].line if steps else 0, "Prosedur Kerja",
                          "langkah tidak bernomor urut; dinomori ulang 1..n menurut urutan teks"))
        for index, step in enumerate(steps, start=1):
            step.number = index
    closing = [s for s in steps if re.match(r"^proses\s+selesai", s.text, re.IGNORECASE)]
    sop.closing = closing[-1] if closing else None
    steps = [s for s in steps if s not in closing]
    if not steps:
        raise InputError("Prosedur Kerja tidak memuat satu langkah pun", where=sop.source,
                         hint="tulis langkah bernomor: '1. <pelaksana> <kegiatan>'")
    return steps


_SECTION_ROW = re.compile(r"^\s*(?:langkah\s+)?(\d{1,4})\s*[.):]?\s+(.*)$", re.IGNORECASE)


def _mutu_section(sop: SopText, body: list[tuple[int, str]], raw: list[str]) -> None:
    """A Mutu Baku section apart from Prosedur Kerja: a table (No or Langkah, Kelengkapan, Waktu, Output; Markdown
    or .docx rows) or lines ``N. Kelengkapan: ...; Waktu: ...; Output: ...``, matched to the steps by number.

    A value the step itself gives wins; rows naming no step and lines that are neither are noted, never dropped.
    """
    steps = {step.number: step for step in sop.steps}
    columns: dict[str, int] | None = None
    current: Step | None = None
    for number, line in body:
        if not line:
            continue
        cells = table_cells(line, _MARKUP.sub("", raw[number - 1]))
        if cells is not None:
            if not cells:
                continue
            header = mutu_columns(cells)
            if header and not re.fullmatch(r"\d{1,4}\.?", cells[header["no"]]):
                columns = header
                continue
            if columns is not None:
                label = cells[columns["no"]] if columns["no"] < len(cells) else ""
                cells_read = {key: cells[i] for key, i in columns.items() if key in _MUTU and i < len(cells)}
                current = _mutu_row(sop, steps, label, cells_read, number)
                continue
        row = _SECTION_ROW.match(line)
        if row and (numbered := mutu_line(row.group(2))):
            current = _mutu_row(sop, steps, row.group(1), numbered, number)
        elif (labelled := mutu_line(line)) and current is not None:
            _set_missing(current, labelled, number)
        else:
            sop.notes.append((number, line[:60], "baris bagian Mutu Baku tidak terbaca (tulis tabel No | Kelengkapan "
                              "| Waktu | Output, atau 'N. Kelengkapan: ...; Waktu: ...; Output: ...')"))


_MUTU = ("completeness", "waktu", "output")


def _mutu_row(sop: SopText, steps: dict[int, Step], label: str, values: dict[str, str], line: int) -> Step | None:
    """One row of a separate Mutu Baku section onto the step it numbers; None (and noted) if there is none."""
    found = re.fullmatch(r"(\d{1,4})\.?", label.strip())
    step = steps.get(int(found.group(1))) if found else None
    if step is None:
        sop.notes.append((line, f"Mutu Baku {label}"[:60], "baris Mutu Baku tidak menunjuk langkah Prosedur Kerja "
                          "mana pun; tidak dipakai"))
        return None
    _set_missing(step, values, line)
    return step


def _set_missing(step: Step, values: dict[str, str], line: int) -> None:
    """Mutu Baku cells for a step from a separate section: only those the step does not give itself."""
    _set_mutu(step, {key: value for key, value in values.items() if not getattr(step.mutu, key)}, line)


def _set_mutu(step: Step, values: dict[str, str], line: int) -> None:
    """Add Mutu Baku cells to a step (a wrapped cell continues the one before)."""
    for key, value in values.items():
        if value and value != "-":
            old = getattr(step.mutu, key)
            setattr(step.mutu, key, f"{old} {value}".strip())
    step.mutu.line = step.mutu.line or line


def _table_row(items: list[Step], cells: list[str], columns: dict[str, int], header: list[str], line: int) -> None:
    """One row of a Prosedur Kerja table: a numbered row starts a step, a row without a number continues it.

    Marked Pelaksana cells (the columns between Kegiatan and the Mutu Baku) name the actors when the Kegiatan,
    written without subject, does not.
    """
    def cell(key: str) -> str:
        index = columns.get(key, -1)
        return cells[index] if 0 <= index < len(cells) else ""

    values: dict[str, str] = {k: cell(k) for k in ("completeness", "waktu", "output") if k in columns}
    text = cell("kegiatan")
    first = columns.get("kegiatan", 0) + 1
    last = min([columns[k] for k in ("completeness", "waktu", "output", "keterangan") if k in columns] or [first])
    marked = range(first, min(last, len(cells), len(header)))
    actors = [header[i] for i in marked if cells[i] not in ("", "-") and header[i]]
    if actors and text and not any(text.lower().startswith(a.lower()) for a in actors):
        text = " dan ".join(actors) + " " + text[:1].lower() + text[1:]
    number = re.match(r"(\d{1,4})\.?$", cell("no")) if "no" in columns else None
    if text and (number or "no" not in columns):
        items.append(Step(int(number.group(1)) if number else len(items) + 1, text, line))
    elif items and items[-1].text:
        items[-1].text = f"{items[-1].text} {text}".strip()
    else:
        return
    _set_mutu(items[-1], values, line)
