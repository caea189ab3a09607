"""Naskah dinas document types and the reportlab engine that lays them out.

A document type is a data file in ``templates/types`` (see
:mod:`sopflow.templates.doctype`); :func:`render_document` turns a
:class:`DocumentRequest` into a PDF following Tata Naskah Dinas (kop, title,
nomor, body, place and date, signature block with paraf, tembusan, QR code,
"Halaman N dari M"), with an empty :class:`~sopflow.documents.FieldBox` per
signature slot for the signing step to fill.
"""

from sopflow.templates.doctype import DocumentKey, document_keys, known_types, load_type, missing_keys, type_code
from sopflow.templates.engine import render_document
from sopflow.templates.fonts import first_undrawable, register_fonts
from sopflow.templates.indonesian import date_in_words, format_date_id, terbilang
from sopflow.templates.request import ACTIONS, DocumentRequest, RenderedDocument, SignatureSlot

__all__ = [
    "ACTIONS",
    "DocumentKey",
    "DocumentRequest",
    "RenderedDocument",
    "SignatureSlot",
    "date_in_words",
    "document_keys",
    "first_undrawable",
    "format_date_id",
    "known_types",
    "load_type",
    "missing_keys",
    "register_fonts",
    "render_document",
    "terbilang",
    "type_code",
]
