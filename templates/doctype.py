"""Document types as data: one TOML file per type in ``templates/types``.

A type file names the title, the letter-number code and the body as a list
of blocks; the engine knows the block kinds, never the types::

    title = "SURAT TUGAS"
    code = "ST"
    date_at = "signature"          # "signature", "header" or "none"

    [[blocks]]
    kind = "text"
    label = "Menimbang"
    key = "menimbang"

Block kinds and their keys are listed in :data:`BLOCK_KEYS`. ``required`` lists the
form keys a document of the type cannot be signed without; :func:`document_keys`
is the one place that says which form keys a type reads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

from sopflow.errors import ModelError

__all__ = [
    "Block",
    "DocType",
    "DocumentKey",
    "BLOCK_KEYS",
    "CLOSING_KEYS",
    "PLACEHOLDERS",
    "document_keys",
    "known_types",
    "load_type",
    "missing_keys",
    "type_code",
]

BLOCK_KEYS: Mapping[str, frozenset[str]] = {
    "fields": frozenset({"rows"}),
    "text": frozenset({"key", "label", "title"}),
    "list": frozenset({"key", "label", "title"}),
    "table": frozenset({"key", "label", "title", "columns", "widths"}),
    "people": frozenset({"key", "label", "title", "columns"}),
    "paragraph": frozenset({"text", "title"}),
    "centered": frozenset({"text"}),
    "section": frozenset({"title", "key", "parts"}),
    "form": frozenset({"title"}),
}
"""Allowed keys per block kind (besides ``kind``).

``fields``: header rows ``[label, key]`` (Yth./Dari/Sifat); ``text``: a form text;
``list``: numbered lines; ``table``: lines split on ``" | "`` under ``columns``;
``people``: the same, printed as numbered "Nama : ..." groups; ``paragraph``: fixed
text with ``{placeholders}``; ``centered``: a bold centred line; ``section``: a
numbered heading holding a ``key`` text or ``parts`` (lettered sub-blocks);
``form``: every form field with its label. ``label`` prints the block as a
"Label : content" row; ``title`` prints a lettered subheading inside a section.
"""

CLOSING_KEYS: Mapping[str, str] = {
    "atas_nama": "Atas nama (a.n.)",
    "untuk_beliau": "Untuk beliau (u.b.)",
    "tembusan": "Tembusan",
}
"""Form keys the closing of every type reads (signature lines, tembusan), with their labels."""

PLACEHOLDERS = frozenset({"hari", "tanggal", "bulan", "tahun", "tanggal_lengkap", "place"})
"""``{placeholders}`` of fixed text filled from the document date and place, not from the form."""

_TYPE_KEYS = frozenset({"title", "title_key", "code", "date_at", "description", "defaults", "required", "blocks"})
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_DATE_AT = ("signature", "header", "none")


@dataclass(frozen=True)
class Block:
    """One part of a document body."""

    kind: str
    """One of :data:`BLOCK_KEYS`."""
    key: str | None = None
    """Form data key the block prints."""
    label: str | None = None
    """Row label ("Menimbang"), printed before a colon."""
    title: str | None = None
    """Heading of a section or subheading of a part."""
    text: str | None = None
    """Fixed text of ``paragraph`` and ``centered`` blocks."""
    columns: tuple[str, ...] = ()
    """Column names of ``table`` and ``people`` blocks."""
    widths: tuple[float, ...] = ()
    """Relative column widths of a ``table``."""
    rows: tuple[tuple[str, str], ...] = ()
    """``(label, key)`` rows of a ``fields`` block; ``@date`` is the document date."""
    parts: tuple[Block, ...] = ()
    """Sub-blocks of a ``section``."""


@dataclass(frozen=True)
class DocumentKey:
    """A form key a document type reads."""

    key: str
    """The form data key (``hal``)."""
    label: str
    """How the document names it: row label, section or part title (``Hal``)."""
    multiline: bool
    """Whether the value is long text or one item per line (a textarea), not one line."""
    required: bool
    """Whether a document of the type cannot be signed without it."""
    default: str | None
    """The type's default when the form gives none (``@signer_jabatan``: the signer's jabatan)."""
    columns: tuple[str, ...] = ()
    """For one-row-per-line tables: the columns, written ``a | b | c`` on each line."""


@dataclass(frozen=True)
class DocType:
    """A naskah dinas type, as its type file declares it."""

    name: str
    """File stem (``nota_dinas``)."""
    title: str
    """Title in capitals (``NOTA DINAS``)."""
    title_key: str | None
    """Form key whose value follows the title (``judul``: BERITA ACARA SERAH TERIMA); ``@activity``
    is the name of the task rendering the document."""
    code: str | None
    """Letter-number type code (``ND``), ``None`` for unnumbered types."""
    date_at: str
    """Where place and date print: at the ``signature``, in the ``header`` block, or ``none``."""
    description: str
    """What the type is for."""
    defaults: Mapping[str, str]
    """Default values of form keys; ``@signer_jabatan`` is the signer's jabatan."""
    blocks: tuple[Block, ...]
    """The body, in order."""
    required: tuple[str, ...] = ()
    """Form keys that must have a value (or a default) before a document is signed."""

    @property
    def prints_form(self) -> bool:
        """Whether the type prints every form field (a ``form`` block): it reads any key."""
        return any(block.kind == "form" for block in self.blocks)

    @cached_property
    def keys(self) -> tuple[DocumentKey, ...]:
        """Every form key the type reads, in print order, closing keys last."""
        found: dict[str, DocumentKey] = {}

        def add(key: str | None, label: str | None, multiline: bool = False, columns: tuple[str, ...] = ()) -> None:
            if key and not key.startswith("@") and key not in found:
                found[key] = DocumentKey(key=key, label=label or key.replace("_", " ").capitalize(),
                                         multiline=multiline, required=key in self.required,
                                         default=self.defaults.get(key), columns=columns)

        add(self.title_key, None)

        def walk(block: Block) -> None:
            for label, key in block.rows:
                add(key, label)
            for name in _PLACEHOLDER.findall(block.text or ""):
                if name not in PLACEHOLDERS:
                    add(name, None)
            add(block.key, block.label or block.title, True, block.columns)
            for part in block.parts:
                walk(part)

        for block in self.blocks:
            walk(block)
        for key, label in CLOSING_KEYS.items():
            add(key, label, multiline=key == "tembusan")
        return tuple(found.values())

    def missing(self, data: Mapping[str, Any]) -> list[str]:
        """Required keys that ``data`` leaves empty and the type has no default for."""
        return [key for key in self.required if key not in self.defaults and _is_blank(data.get(key))]


def _is_blank(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_is_blank(item) for item in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _block(raw: Any, where: str) -> Block:
    if not isinstance(raw, dict) or raw.get("kind") not in BLOCK_KEYS:
        kind = raw.get("kind") if isinstance(raw, dict) else raw
        raise ModelError(f"unknown block kind {kind!r}", where=where,
                         hint=f"use one of {', '.join(sorted(BLOCK_KEYS))}")
    kind = raw["kind"]
    unknown = set(raw) - BLOCK_KEYS[kind] - {"kind"}
    if unknown:
        raise ModelError(f"block kind {kind!r} has unknown keys {sorted(unknown)}", where=where,
                         hint=f"allowed: {sorted(BLOCK_KEYS[kind])}")
    return Block(
        kind=kind,
        key=raw.get("key"),
        label=raw.get("label"),
        title=raw.get("title"),
        text=raw.get("text"),
        columns=tuple(raw.get("columns", ())),
        widths=tuple(float(w) for w in raw.get("widths", ())),
        rows=tuple((str(label), str(key)) for label, key in raw.get("rows", ())),
        parts=tuple(_block(part, f"{where}.parts[{i}]") for i, part in enumerate(raw.get("parts", ()))),
    )


def parse_type(name: str, source: str) -> DocType:
    """Parse one type file's text.

    :raises ModelError: on TOML syntax, unknown keys or block kinds, naming the file.
    """
    where = f"templates/types/{name}.toml"
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"not valid TOML: {exc}", where=where) from None
    unknown = set(raw) - _TYPE_KEYS
    if unknown:
        raise ModelError(f"unknown keys {sorted(unknown)}", where=where, hint=f"allowed: {sorted(_TYPE_KEYS)}")
    if "title" not in raw:
        raise ModelError("the type has no title", where=where, hint='add title = "NOTA DINAS"')
    date_at = raw.get("date_at", "signature")
    if date_at not in _DATE_AT:
        raise ModelError(f"date_at {date_at!r} is not one of {_DATE_AT}", where=where)
    required = raw.get("required", [])
    if not isinstance(required, list) or not all(isinstance(k, str) for k in required):
        raise ModelError("required is not a list of form keys", where=where, hint='write required = ["hal", "isi"]')
    doctype = DocType(
        name=name,
        title=str(raw["title"]),
        title_key=raw.get("title_key"),
        code=raw.get("code"),
        date_at=date_at,
        description=str(raw.get("description", "")),
        defaults={str(k): str(v) for k, v in raw.get("defaults", {}).items()},
        blocks=tuple(_block(b, f"{where} blocks[{i}]") for i, b in enumerate(raw.get("blocks", ()))),
        required=tuple(required),
    )
    unread = sorted(set(required) - {k.key for k in doctype.keys})
    if unread:
        raise ModelError(f"required keys {unread} are not printed by any block", where=where,
                         hint="print them in a block or drop them from required")
    return doctype


def _folder() -> Any:
    return resources.files("sopflow.templates").joinpath("types")


@cache
def _names() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".toml")))


def known_types() -> list[str]:
    """Names of every document type, sorted."""
    return list(_names())


@cache
def load_type(doc_type: str) -> DocType:
    """The document type named ``doc_type``.

    :raises ModelError: for an unknown type (listing the known ones) or a broken type file.
    """
    if doc_type not in _names():
        raise ModelError(
            f"unknown document type {doc_type!r}",
            where="template",
            hint=f"known types: {', '.join(known_types())}; a new type is a new file in templates/types",
        )
    return parse_type(doc_type, _folder().joinpath(f"{doc_type}.toml").read_text("utf-8"))


def type_code(doc_type: str) -> str | None:
    """The letter-number code of a type (``ST``, ``ND``, ``BA``, ``LAP``), ``None`` when unnumbered.

    :raises ModelError: for an unknown type.
    """
    return load_type(doc_type).code


def document_keys(doc_type: str) -> tuple[DocumentKey, ...]:
    """The form keys a document type reads, which of them are required, and how it labels them.

    A type whose :attr:`DocType.prints_form` is true also prints any other key.

    :raises ModelError: for an unknown type.
    """
    return load_type(doc_type).keys


def missing_keys(doc_type: str, data: Mapping[str, Any]) -> list[str]:
    """Required keys of ``doc_type`` that ``data`` leaves empty (and the type has no default for).

    :raises ModelError: for an unknown type.
    """
    return load_type(doc_type).missing(data)
