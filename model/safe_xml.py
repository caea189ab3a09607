"""Hardened XML loading for model files that may come from anyone.

No DTDs, no entities, no network, bounded size: external entities (XXE) and
entity-expansion bombs are refused before lxml builds a tree.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sopflow.errors import ModelError

__all__ = ["MAX_MODEL_BYTES", "parse_xml", "read_xml_file"]

MAX_MODEL_BYTES = 5 * 1024 * 1024
"""Largest model file accepted; real SOP models are far below 1 MB."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_xml(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse untrusted XML bytes; ``source`` names the file in errors.

    :raises ModelError: for oversized input, any DOCTYPE/entity declaration,
        or malformed XML (with the line).
    """
    if len(data) > MAX_MODEL_BYTES:
        raise ModelError(
            f"file is {len(data)} bytes, more than the {MAX_MODEL_BYTES} allowed",
            where=source,
            hint="a SOP model is normally well under 1 MB; check that this is the right file",
        )
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        line = data[: max(data.lower().find(b"<!doctype"), data.lower().find(b"<!entity"), 0)].count(b"\n") + 1
        raise ModelError(
            "DOCTYPE or ENTITY declarations are not allowed in a model",
            where=f"{source}:{line}",
            hint="remove the <!DOCTYPE ...> block; BPMN files never need one",
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise ModelError(
            f"not well-formed XML: {exc.msg}",
            where=f"{source}:{line}",
            hint="open the file in a BPMN modeller or an XML editor and fix the syntax",
        ) from None
    return tree


def read_xml_file(path: Path) -> tuple[bytes, etree._ElementTree]:
    """Read and parse a model file, returning its exact bytes and the tree."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ModelError(f"cannot read file: {exc.strerror}", where=str(path)) from None
    if size > MAX_MODEL_BYTES:
        raise ModelError(
            f"file is {size} bytes, more than the {MAX_MODEL_BYTES} allowed",
            where=str(path),
            hint="a SOP model is normally well under 1 MB; check that this is the right file",
        )
    data = path.read_bytes()
    return data, parse_xml(data, source=str(path))
