"""Golden text layout: the text of fixed requests as laid out, and their field boxes, compared with stored files.

A layout change shows up as a diff of ``golden/<type>.txt``. When the change is
intended, regenerate the files and review the diff before committing::

    SOPFLOW_REGENERATE_GOLDEN=1 python -m pytest tests/templates/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sopflow.templates import RenderedDocument
from tests.templates.conftest import pdf_text

GOLDEN = Path(__file__).parent / "golden"
TYPES = ["surat_tugas", "nota_dinas", "berita_acara"]


def layout_text(pdf: bytes) -> str:
    """Layout-mode text, trailing blanks and empty line runs trimmed, pages marked."""
    pages = []
    for number, page in enumerate(pdf_text(pdf, layout=True).split("\f"), start=1):
        lines = [line.rstrip() for line in page.splitlines()]
        kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
        pages.append(f"--- page {number} ---\n" + "\n".join(kept).strip("\n"))
    return "\n".join(pages) + "\n"


@pytest.mark.parametrize("doc_type", TYPES)
def test_layout_matches_golden(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    document = rendered[doc_type]
    boxes = [f"field {f.name} page {f.page} box {' '.join(f'{v:.1f}' for v in f.box)}"
             for f in sorted(document.fields.values(), key=lambda f: f.name)]
    actual = layout_text(document.pdf) + "\n".join(boxes) + "\n"
    path = GOLDEN / f"{doc_type}.txt"
    if os.environ.get("SOPFLOW_REGENERATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with SOPFLOW_REGENERATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")
