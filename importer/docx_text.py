"""The text of a .docx SOP, after checking the archive cannot exhaust memory (zip bombs)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sopflow.errors import InputError

__all__ = ["MAX_ENTRIES", "MAX_UNPACKED", "MAX_RATIO", "docx_text"]

MAX_ENTRIES = 2_000
"""Most files a .docx archive may hold."""
MAX_UNPACKED = 50 * 1024 * 1024
"""Most bytes all its files may unpack to."""
MAX_RATIO = 100
"""Highest compression ratio of one file (Word's XML compresses about 10:1)."""


def _check_archive(data: bytes, where: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(f"berkas .docx rusak: {exc}", where=where, hint="simpan ulang dari pengolah kata") from None
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"arsip .docx memuat {len(entries)} berkas, lebih dari {MAX_ENTRIES}", where=where,
                         hint="berkas ini bukan dokumen Word biasa")
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED:
        raise InputError(f"arsip .docx membuka menjadi {unpacked} bita, lebih dari {MAX_UNPACKED}", where=where,
                         hint="berkas ini bukan dokumen Word biasa (bom zip?)")
    for entry in entries:
        if entry.file_size > 1_000_000 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise InputError(f"{entry.filename} dimampatkan {entry.file_size // max(entry.compress_size, 1)}:1",
                             where=where, hint="berkas ini bukan dokumen Word biasa (bom zip?)")
    if "word/document.xml" not in archive.namelist():
        raise InputError("arsip ini tidak memuat word/document.xml; bukan .docx", where=where,
                         hint="simpan SOP sebagai .docx, .txt atau .md")


def docx_text(path: Path, data: bytes) -> str:
    """Paragraphs (blank line between them) and table rows (cells separated by tabs) in document order.

    :raises InputError: not a .docx, or an archive that would unpack beyond the limits.
    """
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_archive(data, str(path))
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for malformed parts
        raise InputError(f"berkas .docx tidak dapat dibaca: {type(exc).__name__}", where=str(path),
                         hint="simpan ulang dari pengolah kata, atau sebagai .txt") from None
    blocks: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            blocks.append(block.text)
        elif isinstance(block, Table):
            blocks += ["\t".join(cell.text.replace("\n", " ") for cell in row.cells) for row in block.rows]
    return "\n\n".join(blocks)
