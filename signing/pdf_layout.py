"""Every byte of a signed PDF accounted for: what may stand in, between and after its revisions.

A PDF is its original revision followed by incremental updates. Each
revision must consist of exactly these parts, in this order:

1. the objects its cross-reference section lists, each starting at exactly
   the offset listed and ending with ``endobj`` (the original revision may
   first carry its ``%PDF-`` header line and comment lines);
2. its cross-reference section: a standard table followed by ``trailer`` and
   the trailer dictionary, or a cross-reference stream object;
3. ``startxref``, the section's offset, ``%%EOF`` and one end-of-line.

Between two parts only PDF white space (space, tab, CR, LF, FF, NUL) may
stand, at most :data:`MAX_GAP` bytes of it. Anything else is content no
cross-reference entry accounts for: comments, garbage, an object defined
twice, an object no entry lists (hidden for a later "shadow" reveal), a
second ``%%EOF`` with its own trailer. :func:`layout_problems` also refuses
structures that make readers disagree on what a revision holds:
cross-reference entries pointing outside their own update (back at an older
definition) or at a different object, an object number listed twice in one
section, hybrid-reference files (``/XRefStm``), object streams holding
objects their section does not list or placed in another revision, a chain
of ``/Prev`` pointers that skips or reorders revisions; and, per signature,
a ``/ByteRange`` gap that is anything but the ``/Contents`` hex string, or
``/Contents`` padding that carries data after the signature.

sopflow's writers (reportlab for the original, pyHanko for every update)
produce exactly this layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.xref import XRefSectionType, parse_xref_stream
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

__all__ = ["MAX_GAP", "MODIFIED", "STRUCTURE", "ACTIVE", "PdfProblem", "layout_problems"]

MAX_GAP = 16
"""Most white-space bytes allowed between two parts of a revision and after ``%%EOF``."""

MODIFIED = "modified-after-signing"
"""Kind of a problem where content stands that no signature allows (also bytes no revision accounts for)."""
STRUCTURE = "pdf-structure"
"""Kind of a problem where the file's structure lets readers disagree on its content."""
ACTIVE = "active-content"
"""Kind of a problem where the file holds content that acts or hides (actions, scripts, optional content)."""

_WS = b"\x00\t\n\x0c\r "
_HEADER_LINE = re.compile(rb"%[^\r\n]*(?:\r\n|\r|\n)")
_OBJECT_HEADER = re.compile(rb"(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj(?![A-Za-z0-9])")
_TABLE_START = re.compile(rb"xref[ \t]*(?:\r\n|\r|\n)")
_SUBSECTION = re.compile(rb"(\d{1,10}) (\d{1,10})[ \t]*(?:\r\n|\r|\n)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([fn])(?: \r| \n|\r\n)")
_TRAILER = re.compile(rb"trailer[\x00\t\n\x0c\r ]*")
_TAIL = re.compile(rb"[\x00\t\n\x0c\r ]{0,%d}startxref[\x00\t\n\x0c\r ]{1,%d}(\d{1,12})[\x00\t\n\x0c\r ]{1,%d}%%%%EOF"
                   rb"(?:\r\n|\r|\n)?" % (MAX_GAP, MAX_GAP, MAX_GAP))
_HEX = re.compile(rb"<[0-9A-Fa-f]*>")


@dataclass(frozen=True)
class PdfProblem:
    """One thing the strict policy refuses in a PDF."""

    kind: str
    """:data:`MODIFIED`, :data:`STRUCTURE` or :data:`ACTIVE` (values of the archive report's finding kinds)."""
    message: str
    """What is wrong, naming the revision, object or byte offsets."""


class _Bad(Exception):
    """A revision that cannot be laid out; its message is the problem."""


def layout_problems(reader: PdfFileReader, pdf: bytes, embedded: Sequence[EmbeddedPdfSignature]) -> list[PdfProblem]:
    """Everything in ``pdf`` that its revisions do not account for, and every structure trick."""
    problems: list[PdfProblem] = []
    stream = BytesIO(pdf)
    position = _header_end(pdf)
    xrefs = reader.xrefs
    for revision in range(xrefs.total_revisions):
        try:
            position = _revision(reader, pdf, stream, revision, position, problems)
        except _Bad as exc:
            problems.append(PdfProblem(STRUCTURE, f"revision {revision}: {exc}"))
            return problems
        except (misc.PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
            problems.append(PdfProblem(STRUCTURE, f"revision {revision} cannot be laid out: {exc}"))
            return problems
    if position != len(pdf):
        problems.append(PdfProblem(MODIFIED, f"{len(pdf) - position} bytes follow the last %%EOF: content no "
                                             f"signature covers"))
    for sig in embedded:
        problems += _signature_layout(sig, pdf)
    return problems


def _header_end(pdf: bytes) -> int:
    """Where the original revision's first object may start: after the header comment lines."""
    position = 0
    while (line := _HEADER_LINE.match(pdf, position)) is not None:
        position = line.end()
    return position


def _revision(reader: PdfFileReader, pdf: bytes, stream: BytesIO, revision: int, start: int,
              problems: list[PdfProblem]) -> int:
    """Check one revision starting at byte ``start``; return the offset just after it."""
    meta = reader.xrefs.get_xref_container_info(revision)
    data = reader.xrefs.get_xref_data(revision)
    section = meta.declared_startxref
    if section < start:
        raise _Bad(f"its cross-reference section (byte {section}) lies before the end of the previous revision "
                   f"(byte {start}): /Prev points elsewhere or revisions are out of order")
    if data.hybrid is not None:
        problems.append(PdfProblem(STRUCTURE, f"revision {revision} is a hybrid-reference section (/XRefStm): "
                                              f"readers differ on which objects it defines"))
    parts: list[tuple[int, int, str]] = []
    xref_stream = meta.stream_ref if meta.xref_section_type is XRefSectionType.STREAM else None
    for idnum, (generation, offset) in data.standard_xrefs.items():
        if xref_stream is not None and idnum == xref_stream.idnum:
            continue  # the cross-reference stream itself, laid out below
        if not start <= offset < section:
            problems.append(PdfProblem(STRUCTURE, f"revision {revision}: the entry for object {idnum} points to "
                                                  f"byte {offset}, outside its own update (bytes {start}.."
                                                  f"{section})"))
            continue
        parts.append((offset, _object_end(reader, pdf, stream, offset, idnum, generation), f"object {idnum}"))
    if xref_stream is None:
        end = _table_end(pdf, section, revision, problems)
    else:
        end = _object_end(reader, pdf, stream, section, xref_stream.idnum, xref_stream.generation)
        problems += _xref_stream_duplicates(reader, xref_stream, revision)
    tail = _TAIL.match(pdf, end)
    if tail is None or int(tail[1]) != section:
        raise _Bad(f"its cross-reference section (byte {section}) is not followed by startxref {section} and %%EOF")
    parts.append((section, tail.end(), "cross-reference section"))
    problems += _object_stream_problems(reader, revision, data)
    position = start
    for begin, finish, label in sorted(parts):
        if begin < position:
            problems.append(PdfProblem(STRUCTURE, f"revision {revision}: {label} at byte {begin} overlaps the "
                                                  f"part before it (ends at byte {position})"))
        elif not _is_gap(pdf[position:begin]):
            problems.append(PdfProblem(MODIFIED, _junk(revision, pdf, position, begin)))
        position = max(position, finish)
    return position


def _is_gap(gap: bytes) -> bool:
    return len(gap) <= MAX_GAP and not gap.strip(_WS)


def _junk(revision: int, pdf: bytes, begin: int, end: int) -> str:
    sample = pdf[begin:end].strip(_WS)[:40]
    what = "the original document" if revision == 0 else f"update {revision}"
    return (f"{what}: bytes {begin}..{end} are not accounted for by any cross-reference entry (comment, garbage, "
            f"or an object no entry lists), starting {sample!r}")


def _object_end(reader: PdfFileReader, pdf: bytes, stream: BytesIO, offset: int, idnum: int, generation: int) -> int:
    """Where the object ``idnum generation`` starting at ``offset`` ends (after ``endobj``)."""
    header = _OBJECT_HEADER.match(pdf, offset)
    if header is None or int(header[1]) != idnum or int(header[2]) != generation:
        raise _Bad(f"the entry for object {idnum} {generation} points to byte {offset}, where that object does not "
                   f"start")
    stream.seek(header.end())
    try:
        generic.read_non_whitespace(stream, seek_back=True)
        generic.read_object(stream, generic.Reference(idnum, generation, reader))
        generic.read_non_whitespace(stream, seek_back=True)
    except (misc.PdfError, ValueError, KeyError, TypeError) as exc:
        raise _Bad(f"object {idnum} at byte {offset} cannot be read: {exc}") from None
    if stream.read(6) != b"endobj":
        raise _Bad(f"object {idnum} at byte {offset} does not end with endobj")
    return stream.tell()


def _table_end(pdf: bytes, section: int, revision: int, problems: list[PdfProblem]) -> int:
    """Where the trailer dictionary after the standard table at ``section`` ends; duplicate entries reported."""
    match = _TABLE_START.match(pdf, section)
    if match is None:
        raise _Bad(f"no cross-reference table at byte {section}")
    position = match.end()
    seen: set[int] = set()
    duplicates: set[int] = set()
    while (sub := _SUBSECTION.match(pdf, position)) is not None:
        first, count = int(sub[1]), int(sub[2])
        position = sub.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(pdf, position)
            if entry is None:
                raise _Bad(f"the cross-reference table at byte {section} has a malformed entry at byte {position}")
            (duplicates if number in seen else seen).add(number)
            position = entry.end()
    if duplicates:
        shown = ", ".join(str(n) for n in sorted(duplicates)[:5])
        problems.append(PdfProblem(STRUCTURE, f"revision {revision}: the cross-reference table lists object(s) "
                                              f"{shown} more than once: readers differ on which definition counts"))
    trailer = _TRAILER.match(pdf, position)
    if trailer is None:
        raise _Bad(f"the cross-reference table at byte {section} is not followed by its trailer")
    stream = BytesIO(pdf)
    stream.seek(trailer.end())
    try:
        generic.DictionaryObject.read_from_stream(stream, generic.TrailerReference(None))
    except (misc.PdfError, ValueError, KeyError, TypeError) as exc:
        raise _Bad(f"the trailer at byte {trailer.start()} cannot be read: {exc}") from None
    return stream.tell()


def _xref_stream_duplicates(reader: PdfFileReader, ref: generic.Reference, revision: int) -> list[PdfProblem]:
    xref_stream = reader.get_object(ref)
    if not isinstance(xref_stream, generic.StreamObject):
        raise _Bad(f"the cross-reference stream {ref.idnum} is not a stream")
    seen: set[int] = set()
    duplicates: set[int] = set()
    for entry in parse_xref_stream(xref_stream, strict=False):
        (duplicates if entry.idnum in seen else seen).add(entry.idnum)
    if not duplicates:
        return []
    shown = ", ".join(str(n) for n in sorted(duplicates)[:5])
    return [PdfProblem(STRUCTURE, f"revision {revision}: the cross-reference stream lists object(s) {shown} more "
                                  f"than once: readers differ on which definition counts")]


def _object_stream_problems(reader: PdfFileReader, revision: int, data) -> list[PdfProblem]:  # noqa: ANN001
    """Each object stream an update uses holds exactly the objects its section lists in it, and is its own."""
    listed: dict[int, dict[int, int]] = {}
    for idnum, where in data.xrefs_in_objstm.items():
        listed.setdefault(where.obj_stream_id, {})[where.ix_in_stream] = idnum
    problems = []
    for stream_id, members in listed.items():
        if stream_id not in data.standard_xrefs:
            problems.append(PdfProblem(STRUCTURE, f"revision {revision} places objects in object stream "
                                                  f"{stream_id}, which it does not define itself"))
            continue
        held = list(_object_stream_members(reader, stream_id))
        if sorted(members.items()) != sorted(enumerate(held)) or len(held) != len(set(held)):
            problems.append(PdfProblem(STRUCTURE, f"revision {revision}: object stream {stream_id} holds objects "
                                                  f"{held[:8]}, its cross-reference section lists "
                                                  f"{sorted(members.values())[:8]} (hidden or duplicate objects)"))
    return problems


def _object_stream_members(reader: PdfFileReader, stream_id: int) -> Iterator[int]:
    """Object numbers in the header of object stream ``stream_id``, in order."""
    obj_stream = reader.get_object(generic.Reference(stream_id, 0, reader))
    if not isinstance(obj_stream, generic.StreamObject) or obj_stream.get("/Type") != "/ObjStm":
        raise _Bad(f"object {stream_id} is used as an object stream but is none")
    numbers = obj_stream.data[:int(obj_stream.get("/First", 0))].split()
    for index in range(0, min(len(numbers), 2 * int(obj_stream.get("/N", 0))), 2):
        yield int(numbers[index])


def _signature_layout(sig: EmbeddedPdfSignature, pdf: bytes) -> list[PdfProblem]:
    """The gap ``/ByteRange`` leaves is exactly the ``/Contents`` hex string, and its padding is zeros."""
    name = sig.field_name
    try:
        first, length1, second, length2 = (int(v) for v in sig.sig_object.raw_get("/ByteRange"))
    except (KeyError, TypeError, ValueError):
        return [PdfProblem(STRUCTURE, f"signature {name}: /ByteRange is not four numbers")]
    gap = pdf[length1:second] if first == 0 and 0 < length1 <= second <= len(pdf) else b""
    if first != 0 or not _HEX.fullmatch(gap) or second + length2 > len(pdf):
        return [PdfProblem(STRUCTURE, f"signature {name}: /ByteRange {[first, length1, second, length2]} does not "
                                      f"leave out exactly the /Contents hex string (gap, overlap or wrapping)")]
    contents = bytes.fromhex(gap[1:-1].decode("ascii") + ("0" if len(gap) % 2 else ""))
    used = _der_length(contents)
    if used is None or contents[used:].strip(b"\x00"):
        return [PdfProblem(MODIFIED, f"signature {name}: /Contents carries {len(contents) - (used or 0)} bytes after "
                                     f"the signature that are not zero padding (data no signature covers)")]
    return []


def _der_length(data: bytes) -> int | None:
    """Length of the DER value at the start of ``data`` (header included), or ``None``."""
    if len(data) < 2:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if not 1 <= count <= 4 or len(data) < 2 + count:
        return None
    return 2 + count + int.from_bytes(data[2:2 + count], "big")
