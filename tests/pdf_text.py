"""What a reader gets out of a PDF: pdftotext's text, as the tests compare it with what was typed."""

from __future__ import annotations

import subprocess
import unicodedata

_BIDI_MARKS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e")


def pdftotext(pdf: bytes, *, layout: bool = False) -> str:
    """pdftotext's reading of ``pdf``, bidi marks dropped and Arabic presentation forms read as letters."""
    options = ["-layout"] if layout else []
    out = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                         check=True)
    text = "".join(ch for ch in out.stdout.decode("utf-8") if ch not in _BIDI_MARKS)
    return "".join(unicodedata.normalize("NFKC", ch) if 0xFB50 <= ord(ch) <= 0xFEFF else ch for ch in text)


def pdffonts(pdf: bytes) -> str:
    """pdffonts' table of the fonts ``pdf`` uses."""
    return subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
