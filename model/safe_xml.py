"""Hardened XML loading for model files that may come from anyone.

No DTDs, no entities, no network, bounded size. The bytes are first decoded
the way an XML processor must (byte-order mark, else the first bytes, else
the declared encoding: UTF-8, UTF-16 and UTF-32 in either byte order, and
the ASCII-compatible encodings Python knows) into one UTF-8 text. A first pass
with expat over that text refuses any document type declaration, wherever
it stands (after a long comment too) and however the file is encoded,
before lxml builds a tree; lxml then parses the same UTF-8 bytes with
entity resolution, DTD loading and network access off, and its tree is
checked again for a DTD.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from xml.parsers import expat

from lxml import etree

from sopflow import messages
from sopflow.errors import HostileXmlError, ModelError, XmlSyntaxError
from sopflow.files import FileRefused, read_regular_file

__all__ = ["MAX_MODEL_BYTES", "decode_xml", "parse_xml", "read_xml_file"]

MAX_MODEL_BYTES = 5 * 1024 * 1024
"""Largest model file accepted; real SOP models are far below 1 MB."""

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
"""Byte-order marks, UTF-32 before UTF-16 (FF FE 00 00 starts with FF FE)."""
_FIRST_BYTES = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
"""``<?`` (or any ``<``) in encodings without a byte-order mark (XML 1.0, appendix F)."""
_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


def _refuse(message: str, source: str, line: int | None = None,
            hint: str = messages.HINT_MODEL_DOCTYPE) -> HostileXmlError:
    return HostileXmlError(message, where=f"{source}:{line}" if line else source, hint=hint)


def decode_xml(data: bytes, *, source: str) -> str:
    """The text of an XML file in whatever encoding it is written.

    :raises HostileXmlError: an encoding sopflow does not read (EBCDIC, unknown names, multi-byte
        encodings other than UTF-8/16/32).
    :raises XmlSyntaxError: bytes invalid in the file's encoding.
    """
    bom = next(((mark, name) for mark, name in _BOMS if data.startswith(mark)), None)
    body = data[len(bom[0]):] if bom else data
    encoding = bom[1] if bom else next((name for head, name in _FIRST_BYTES if data.startswith(head)), None)
    if encoding is None:
        declared = _DECLARED.match(data[:1024].lstrip())
        name = declared.group(1).decode("ascii") if declared else "utf-8"
        try:
            encoding = codecs.lookup(name).name
            readable = b"<?xml".decode(encoding) == "<?xml"
        except (LookupError, UnicodeError, ValueError):
            raise _refuse(messages.MODEL_ENCODING_UNKNOWN.format(name=name), source,
                          hint=messages.HINT_MODEL_SAVE_UTF8) from None
        if encoding.startswith(("utf-16", "utf-32")) or not readable:
            raise _refuse(messages.MODEL_ENCODING_MISMATCH.format(name=name), source,
                          hint=messages.HINT_MODEL_SAVE_UTF8)
    try:
        return body.decode(encoding)
    except UnicodeError as exc:
        start = getattr(exc, "start", 0)
        line = body[:start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise XmlSyntaxError(messages.MODEL_ENCODING_INVALID.format(encoding=encoding, offset=start),
                             where=f"{source}:{line}" if line else source,
                             hint=messages.HINT_MODEL_SAVE_UTF8) from None


class _Stop(Exception):
    """The prolog is over: the root element starts."""


def _refuse_doctype(utf8: bytes, source: str) -> None:
    """Raise :class:`HostileXmlError` when the prolog holds a document type declaration."""
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def doctype(*_args: object) -> None:
        raise _refuse(messages.MODEL_DOCTYPE, source, parser.CurrentLineNumber)

    def root(*_args: object) -> None:
        raise _Stop

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(utf8, True)
    except _Stop:
        return
    except expat.ExpatError:
        return  # not well formed: lxml reports it with its own message and line


def parse_xml(data: bytes, *, source: str) -> etree._ElementTree:
    """Parse untrusted XML bytes; ``source`` names the file in errors.

    :raises HostileXmlError: oversized input, any DOCTYPE/entity declaration,
        an encoding sopflow does not read.
    :raises XmlSyntaxError: malformed XML (with the line).
    """
    if len(data) > MAX_MODEL_BYTES:
        raise HostileXmlError(
            messages.MODEL_TOO_LARGE.format(size=len(data), limit=MAX_MODEL_BYTES),
            where=source,
            hint=messages.HINT_MODEL_FILE_TOO_LARGE,
        )
    utf8 = decode_xml(data, source=source).lstrip("\ufeff").encode("utf-8")
    _refuse_doctype(utf8, source)
    parser = etree.XMLParser(encoding="utf-8", resolve_entities=False, no_network=True, dtd_validation=False,
                             load_dtd=False, huge_tree=False, remove_comments=False)
    try:
        tree = etree.ElementTree(etree.fromstring(utf8, parser))
    except etree.XMLSyntaxError as exc:
        raise XmlSyntaxError(
            messages.MODEL_XML_SYNTAX.format(detail=exc.msg),
            where=f"{source}:{exc.lineno or 1}",
            hint=messages.HINT_MODEL_XML_SYNTAX,
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _refuse(messages.MODEL_DOCTYPE, source)
    return tree


def read_xml_file(path: Path) -> tuple[bytes, etree._ElementTree]:
    """Read (a regular file, at most :data:`MAX_MODEL_BYTES`) and parse a model file.

    Returns its exact bytes and the tree.
    """
    try:
        data = read_regular_file(path, limit=MAX_MODEL_BYTES)
    except FileRefused as exc:
        if exc.reason == "too-large":
            raise HostileXmlError(messages.MODEL_FILE_TOO_LARGE.format(detail=exc.detail), where=str(path),
                                  hint=messages.HINT_MODEL_FILE_TOO_LARGE) from None
        raise ModelError(messages.MODEL_FILE_UNREADABLE.format(detail=exc.detail), where=str(path)) from None
    return data, parse_xml(data, source=str(path))
