"""Rendered samples of every document type, shared by the template tests."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sopflow.templates import RenderedDocument, known_types, render_document
from tests.templates.samples import sample_request


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """Text of every page, pages separated by form feeds."""
    reader = PdfReader(io.BytesIO(pdf))
    mode = "layout" if layout else "plain"
    return "\f".join(page.extract_text(extraction_mode=mode) for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace collapsed, for phrases that may wrap."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def rendered() -> dict[str, RenderedDocument]:
    """Every known type rendered from its sample request."""
    return {doc_type: render_document(sample_request(doc_type)) for doc_type in known_types()}
