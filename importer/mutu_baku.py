"""Mutu Baku of a Prosedur Kerja step (Kelengkapan, Waktu, Output): per-step lines, table rows, Waktu → workdays."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["HOURS_PER_WORKDAY", "MutuBaku", "mutu_columns", "mutu_line", "table_cells", "table_columns",
           "waktu_workdays"]

HOURS_PER_WORKDAY = 7.5
"""Hours in one working day: the 37.5-hour working week of civil servants over five days."""

_UNITS = {"hari": 1.0, "jam": 1 / HOURS_PER_WORKDAY, "menit": 1 / (HOURS_PER_WORKDAY * 60),
          "minggu": 5.0, "pekan": 5.0}
_AMOUNT = re.compile(r"(\d{1,4}(?:[.,]\d{1,3})?)\s*(?:\([^)]{0,30}\)\s*)?(hari|jam|menit|minggu|pekan)(?:\s+kerja)?",
                     re.IGNORECASE)
_LABEL = re.compile(r"(?:^|[;|]\s*)(?:mutu\s+baku\s*[:\-]?\s*)?(kelengkapan|waktu|output|keluaran)\s*:\s*",
                    re.IGNORECASE)
_KEYS = {"kelengkapan": "completeness", "waktu": "waktu", "output": "output", "keluaran": "output"}


@dataclass
class MutuBaku:
    """The Mutu Baku cells of one step, as written, and the line they were read from."""

    completeness: str = ""
    waktu: str = ""
    output: str = ""
    line: int = 0

    def empty(self) -> bool:
        return not (self.completeness or self.waktu or self.output)


def waktu_workdays(text: str) -> float | None:
    """'1 hari', '2 jam', '1 jam 30 menit' → working days; None when the text is no duration."""
    rest = text.strip().lower()
    total, found = 0.0, False
    for m in _AMOUNT.finditer(rest):
        total += float(m.group(1).replace(",", ".")) * _UNITS[m.group(2).lower()]
        found = True
    leftover = re.sub(r"[\s.,;]+|\bdan\b|\bkerja\b", "", _AMOUNT.sub("", rest))
    if not found or leftover or total <= 0:
        return None
    return total


def mutu_line(line: str) -> dict[str, str] | None:
    """'Kelengkapan: ...; Waktu: ...; Output: ...' (any of them, line-leading) → {key: value}; None otherwise."""
    if not _LABEL.match(line):
        return None
    labels = list(_LABEL.finditer(line))
    values: dict[str, str] = {}
    for index, m in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
        values[_KEYS[m.group(1).lower()]] = line[m.end():end].strip(" ;|.")
    return values


_COLUMNS = (("no", r"(?:no|nomor|langkah)\.?"), ("kegiatan", r"kegiatan.*"), ("completeness", r"kelengkapan.*"),
            ("waktu", r"waktu.*"), ("output", r"(?:output|keluaran).*"), ("keterangan", r"keterangan.*"))
_MUTU_KEYS = ("completeness", "waktu", "output")


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cell.strip().lower() for cell in header):
        for key, name in _COLUMNS:
            if key not in columns and re.fullmatch(name, cell):
                columns[key] = index
    return columns


def table_columns(header: list[str]) -> dict[str, int] | None:
    """Column positions of a Prosedur Kerja table header (No, Kegiatan, pelaksana, Kelengkapan, Waktu, Output)."""
    if not any(cell.strip().lower().startswith("kegiatan") for cell in header):
        return None
    return _columns(header)


def mutu_columns(header: list[str]) -> dict[str, int] | None:
    """Column positions of a separate Mutu Baku table (No or Langkah, then Kelengkapan, Waktu, Output)."""
    columns = _columns(header)
    return columns if "no" in columns and any(key in columns for key in _MUTU_KEYS) else None


def table_cells(line: str, raw: str = "") -> list[str] | None:
    """Cells of a table row: a Markdown pipe row, or (``raw``, the line as written) a tab-separated row of a
    .docx table with at least two filled cells. None for a line that is no row, [] for a |---| separator."""
    text = line.strip()
    if text.startswith("|"):
        cells = [c.strip() for c in text.strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?|", c) for c in cells):
            return []
        return cells
    if "\t" in raw.strip():
        cells = [" ".join(c.split()) for c in raw.strip("\r\n").split("\t")]
        if sum(1 for c in cells if c) >= 2:
            return cells
    return None
