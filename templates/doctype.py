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

Block kinds and their keys are listed in :data:`BLOCK_KEYS`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sopflow.errors import ModelError

__all__ = ["Block", "DocType", "BLOCK_KEYS", "known_types", "load_type", "type_code"]

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

_TYPE_KEYS = frozenset({"title", "title_key", "code", "date_at", "description", "defaults", "blocks"})
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
class DocType:
    """A naskah dinas type, as its type file declares it."""

    name: str
    """File stem (``nota_dinas``)."""
    title: str
    """Title in capitals (``NOTA DINAS``)."""
    title_key: str | None
    """Form key whose value follows the title (``judul``: BERITA ACARA SERAH TERIMA)."""
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
    return DocType(
        name=name,
        title=str(raw["title"]),
        title_key=raw.get("title_key"),
        code=raw.get("code"),
        date_at=date_at,
        description=str(raw.get("description", "")),
        defaults={str(k): str(v) for k, v in raw.get("defaults", {}).items()},
        blocks=tuple(_block(b, f"{where} blocks[{i}]") for i, b in enumerate(raw.get("blocks", ()))),
    )


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
