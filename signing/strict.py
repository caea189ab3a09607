"""The strict modification policy: after a signature, only what the SOP expects may follow.

pyHanko's difference analysis (:mod:`pyhanko.sign.diff_analysis`) judges
page content, annotations and form fields changed after each signature; it
lets through, as harmless, what an attacker can still use to change what a
reader sees or what a verifier reads:

- bytes after the last ``%%EOF`` (no revision, so no signature covers them);
- metadata rewritten in a later update (``/Info`` entries other than the
  ``/ModDate`` and ``/Producer`` every writer refreshes, the XMP stream);
- objects an update adds or redefines that nothing in that revision refers to
  (material for a later "shadow" reveal).

:func:`strict_problems` reports each of these, whoever signed after them.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

__all__ = ["strict_problems", "MAX_OBJECTS"]

MAX_OBJECTS = 200_000
"""Most PDF values walked per revision when looking for unreferenced objects."""
_INFO_REFRESHED = {"/ModDate", "/Producer"}
"""``/Info`` entries a PDF writer updates in every incremental update."""
_SPACE = b"\r\n\t\f \x00"


def strict_problems(reader: PdfFileReader, pdf: bytes, embedded: Sequence[EmbeddedPdfSignature]) -> list[str]:
    """What follows the first signature that the strict policy forbids, in plain sentences."""
    if not embedded:
        return []
    problems = []
    total = reader.xrefs.total_revisions
    end = reader.xrefs.get_xref_container_info(total - 1).end_location
    eof = pdf.find(b"%%EOF", end)
    if eof < 0 or pdf[eof + 5:].strip(_SPACE):
        problems.append("bytes follow the last %%EOF: content no signature covers (strict policy)")
    first = min(sig.signed_revision for sig in embedded)
    signed_info = _info(reader, first)
    signed_metadata = _metadata_ref(reader, first)
    existing = {ref.idnum for revision in range(first + 1) for ref in reader.xrefs.explicit_refs_in_revision(revision)}
    for revision in range(first + 1, total):
        if _info(reader, revision) != signed_info:
            problems.append(f"update {revision} rewrites the document information (/Info) after it was signed")
        metadata = _metadata_ref(reader, revision)
        changed = {ref.idnum for ref in reader.xrefs.explicit_refs_in_revision(revision)}
        if metadata != signed_metadata or (metadata is not None and metadata.idnum in changed):
            problems.append(f"update {revision} rewrites the XMP metadata after the document was signed")
        orphans = _unreferenced(reader, revision, existing)
        existing |= changed
        if orphans:
            shown = ", ".join(str(n) for n in orphans[:5]) + (" …" if len(orphans) > 5 else "")
            problems.append(f"update {revision} adds objects nothing refers to ({shown}): hidden content")
    return problems


def _resolved(reader: PdfFileReader, revision: int, key: str) -> generic.PdfObject | None:
    """A trailer entry of ``revision``, resolved in that revision."""
    resolver = reader.get_historical_resolver(revision)
    trailer = resolver.trailer_view
    value = trailer.raw_get(key) if key in trailer else None
    return resolver.get_object(value.reference) if isinstance(value, generic.IndirectObject) else value


def _info(reader: PdfFileReader, revision: int) -> dict[str, str]:
    info = _resolved(reader, revision, "/Info")
    if not isinstance(info, generic.DictionaryObject):
        return {}
    return {str(k): repr(info.raw_get(k)) for k in info if k not in _INFO_REFRESHED}


def _metadata_ref(reader: PdfFileReader, revision: int) -> generic.Reference | None:
    root = _resolved(reader, revision, "/Root")
    value = root.raw_get("/Metadata") if isinstance(root, generic.DictionaryObject) and "/Metadata" in root else None
    return value.reference if isinstance(value, generic.IndirectObject) else None


def _references(value: generic.PdfObject, found: set[int], budget: list[int]) -> None:
    """Object numbers ``value`` refers to directly (its nested direct objects walked, references not followed)."""
    stack = [value]
    while stack and budget[0] > 0:
        item = stack.pop()
        budget[0] -= 1
        if isinstance(item, generic.IndirectObject):
            found.add(item.idnum)
        elif isinstance(item, generic.DictionaryObject):  # streams included
            stack.extend(item.raw_get(k) for k in item)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(i) for i in range(len(item)))


def _unreferenced(reader: PdfFileReader, revision: int, existing: set[int]) -> list[int]:
    """Objects new in ``revision`` that neither its trailer nor any object it adds or changes refers to.

    An object an update adds can only be reached through something the same update writes (older
    objects cannot name a number that did not exist, unless they named a missing one in advance,
    which is exactly the hidden content this reports).
    """
    resolver = reader.get_historical_resolver(revision)
    changed = {ref.idnum: ref for ref in reader.xrefs.explicit_refs_in_revision(revision)}
    referenced: set[int] = set()
    budget = [MAX_OBJECTS]
    _references(resolver.trailer_view, referenced, budget)
    for ref in changed.values():
        try:
            obj = resolver.get_object(ref)
        except Exception:  # noqa: BLE001 - an unreadable object is pyHanko's finding, not this walk's
            continue
        if isinstance(obj, generic.StreamObject) and obj.get("/Type") == "/XRef":
            referenced.add(ref.idnum)  # a cross-reference stream: nothing refers to it by design
        _references(obj, referenced, budget)
    return sorted(n for n in changed if n not in existing and n not in referenced)
