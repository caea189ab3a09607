"""The strict modification policy: after a signature, only what the SOP expects may follow.

This module is the one home of the rules. What may follow a signature is
the next rostered signature in its own new field, its validation data (DSS)
and document timestamps. Two layers enforce it:

- :data:`STRICT_DIFF_POLICY`, the policy pyHanko's difference analysis
  (:mod:`pyhanko.sign.diff_analysis`) judges every later revision with. It is
  pyHanko's default policy made stricter: no form field but a signature may
  change (no form filling), the ``/AcroForm`` dictionary may change only in
  its ``/Fields`` list (not ``/NeedAppearances``, ``/DR``, ``/DA``, ``/XFA``),
  appearance streams are never rewritten in place, and a new signature field
  must be signed in the revision that creates it, lie on its page and not
  overlap any earlier annotation or widget (a "sneaky signature" or an
  overlay over an earlier signer's appearance) — except an earlier signature
  of the same declared field, signed again in a return-for-revision loop.
  Moving, resizing or re-paging an existing widget, changing an appearance
  stream, adding annotations, ``/OpenAction``, ``/AA``, names (JavaScript,
  embedded files) or ``/OCProperties`` changes the catalog, a page or an
  annotation outside these rules and is refused as such.
- :func:`strict_problems`, for what pyHanko lets through as harmless:
  bytes no revision accounts for (:mod:`sopflow.signing.pdf_layout`),
  metadata rewritten in a later update (``/Info`` entries other than the
  ``/ModDate`` and ``/Producer`` every writer refreshes, the XMP stream),
  objects an update adds that nothing in that revision refers to (material
  for a later "shadow" reveal), and, in any revision, content that acts or
  hides (actions, JavaScript, embedded files, optional content); and
  every signature widget away from the box the template reserved for its
  field, when the document's creating signature commits to those boxes
  (:data:`sopflow.signing.binding.BOXES_KEY`): a later signer's widget laid
  over unsigned body text. Documents whose first signature commits to no
  boxes (signed before boxes were committed) are judged without this rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FieldComparisonContext,
    FormUpdate,
    FormUpdatingRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    SuspiciousModification,
    XrefStreamRule,
)
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from sopflow.signing.binding import BOXES_KEY, read_binding, read_boxes
from sopflow.signing.pdf_layout import ACTIVE, MODIFIED, PdfProblem, layout_problems

__all__ = ["STRICT_DIFF_POLICY", "PdfProblem", "strict_problems", "MAX_OBJECTS", "BOX_TOLERANCE"]

MAX_OBJECTS = 200_000
"""Most PDF values walked per revision when looking for unreferenced objects or active content."""
BOX_TOLERANCE = 0.5
"""Most points a widget's edge may lie from its reserved box's (float rounding of the written rectangle)."""
_INFO_REFRESHED = {"/ModDate", "/Producer"}
"""``/Info`` entries a PDF writer updates in every incremental update."""
_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/OpenAction": "an open action",
                "/AA": "additional actions", "/OCProperties": "optional content", "/OC": "optional content",
                "/EmbeddedFiles": "embedded files", "/EF": "an embedded file", "/XFA": "an XFA form",
                "/RichMediaContent": "rich media"}
"""Dictionary keys of content that acts, hides or carries files; sopflow's documents never hold them."""
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/Hide", "/SetOCGState",
                   "/GoToR", "/GoToE", "/Rendition", "/Movie", "/Sound", "/RichMediaExecute"}
"""Action types (``/S``) that run, hide, load or send something; links (``/URI``, ``/GoTo``) stay allowed."""
_ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
"""Annotation subtypes that carry files or media."""


class _NewSignatureFieldRule(SigFieldCreationRule):
    """pyHanko's rule for new signature fields, refusing empty ones and overlays.

    A field created after a signature must be signed in the same revision
    (an empty field with an appearance is an overlay nobody signed), and its
    widgets must lie on their page and not overlap an annotation of the
    signed revision, except one of the same declared field (``name`` and
    ``name_2`` share a box when a loop returns to the task).
    """

    def apply(self, context: FieldComparisonContext) -> Iterable[tuple[ModificationLevel, FormUpdate]]:
        new_fields = {name: spec for name, spec in context.field_specs.items()
                      if spec.old_field_ref is None and spec.new_field_ref is not None and spec.field_type == "/Sig"}
        for name, spec in new_fields.items():
            if "/V" not in (spec.new_field or {}):
                raise SuspiciousModification(f"signature field {name} was added without a signature (an overlay "
                                             f"nobody signed)")
        if new_fields:
            _check_new_widgets(context, set(new_fields))
        yield from super().apply(context)


def _family(name: str) -> str:
    """The declared field a signature field name belongs to (``paraf_X_2`` → ``paraf_X``)."""
    base, _, suffix = name.rpartition("_")
    return base if base and suffix.isdigit() else name


def _pages(resolver: HistoricalResolver) -> Iterator[tuple[generic.Reference, generic.DictionaryObject]]:
    """Every page of a revision with its reference (the page tree walked with a visited set)."""
    stack = [resolver.root.raw_get("/Pages")]
    seen: set[generic.Reference] = set()
    while stack and len(seen) < MAX_OBJECTS:
        node = stack.pop()
        if not isinstance(node, generic.IndirectObject) or node.reference in seen:
            continue
        seen.add(node.reference)
        value = node.get_object()
        if not isinstance(value, generic.DictionaryObject):
            continue
        if value.get("/Type") == "/Pages":
            kids = value.get("/Kids")
            stack.extend(reversed(list(kids)) if isinstance(kids, generic.ArrayObject) else [])
        else:
            yield node.reference, value


def _annotations(page: generic.DictionaryObject) -> dict[generic.Reference, generic.DictionaryObject]:
    annots = page.get("/Annots")
    if not isinstance(annots, generic.ArrayObject):
        return {}
    found = {}
    for item in annots:
        value = item.get_object() if isinstance(item, generic.IndirectObject) else item
        if isinstance(item, generic.IndirectObject) and isinstance(value, generic.DictionaryObject):
            found[item.reference] = value
    return found


def _rect(annot: generic.DictionaryObject) -> tuple[float, float, float, float] | None:
    try:
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    except (KeyError, TypeError, ValueError):
        return None
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _field_name(annot: generic.DictionaryObject) -> str:
    node: generic.PdfObject | None = annot
    for _ in range(32):
        if not isinstance(node, generic.DictionaryObject):
            break
        if "/T" in node:
            return str(node["/T"])
        node = node.get("/Parent")
    return ""


def _check_new_widgets(context: FieldComparisonContext, new_names: set[str]) -> None:
    """Widgets of new signature fields lie on their page and overlap nothing signed before."""
    old_pages = dict(_pages(context.old))
    for page_ref, page in _pages(context.new):
        old_page = old_pages.get(page_ref)
        before = _annotations(old_page) if old_page is not None else {}
        box = _rect(generic.DictionaryObject({generic.NameObject("/Rect"): page.get("/MediaBox")})) \
            if isinstance(page.get("/MediaBox"), generic.ArrayObject) else None
        for ref, annot in _annotations(page).items():
            name = _field_name(annot)
            if ref in before or name not in new_names:
                continue
            rect = _rect(annot)
            if rect is None or (rect[2] - rect[0]) * (rect[3] - rect[1]) == 0:
                continue  # an invisible widget (a document timestamp) covers nothing
            if box is not None and not (box[0] <= rect[0] and box[1] <= rect[1] and rect[2] <= box[2]
                                        and rect[3] <= box[3]):
                raise SuspiciousModification(f"the widget of signature field {name} lies outside its page")
            for old_ref, old_annot in before.items():
                other = _rect(old_annot)
                if other is None or _family(_field_name(old_annot)) == _family(name):
                    continue
                if rect[0] < other[2] and other[0] < rect[2] and rect[1] < other[3] and other[1] < rect[3]:
                    raise SuspiciousModification(f"the widget of signature field {name} overlaps annotation "
                                                 f"{old_ref.idnum} signed before it (overlay)")


STRICT_DIFF_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        DocInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
        XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
        DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
        MetadataUpdateRule().as_qualified(ModificationLevel.LTA_UPDATES),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[_NewSignatureFieldRule(),
                     SigFieldModificationRule(allow_in_place_appearance_stream_changes=False)],
        ignored_acroform_keys=frozenset({"/Fields"}),
    ),
)
"""What may change after a signature, for pyHanko's difference analysis (see the module text)."""


def strict_problems(reader: PdfFileReader, pdf: bytes, embedded: Sequence[EmbeddedPdfSignature]) -> list[PdfProblem]:
    """What the strict policy forbids beyond :data:`STRICT_DIFF_POLICY`, with the kind of each problem."""
    if not embedded:
        return []
    problems = layout_problems(reader, pdf, embedded)
    total = reader.xrefs.total_revisions
    problems += _active_content(reader, total)
    problems += _reserved_box_problems(reader, embedded)
    first = min(sig.signed_revision for sig in embedded)
    signed_info = _info(reader, first)
    signed_metadata = _metadata_ref(reader, first)
    existing = {ref.idnum for revision in range(first + 1) for ref in reader.xrefs.explicit_refs_in_revision(revision)}
    for revision in range(first + 1, total):
        if _info(reader, revision) != signed_info:
            problems.append(PdfProblem(MODIFIED, f"update {revision} rewrites the document information (/Info) "
                                                 f"after it was signed"))
        metadata = _metadata_ref(reader, revision)
        changed = {ref.idnum for ref in reader.xrefs.explicit_refs_in_revision(revision)}
        if metadata != signed_metadata or (metadata is not None and metadata.idnum in changed):
            problems.append(PdfProblem(MODIFIED, f"update {revision} rewrites the XMP metadata after the document "
                                                 f"was signed"))
        orphans = _unreferenced(reader, revision, existing)
        existing |= changed
        if orphans:
            shown = ", ".join(str(n) for n in orphans[:5]) + (" …" if len(orphans) > 5 else "")
            problems.append(PdfProblem(MODIFIED, f"update {revision} adds objects nothing refers to ({shown}): "
                                                 f"hidden content"))
    return problems


def _reserved_box_problems(reader: PdfFileReader, embedded: Sequence[EmbeddedPdfSignature]) -> list[PdfProblem]:
    """Every visible widget lies on the page and rectangle the creating signature reserved for its field."""
    creator = min(embedded, key=lambda sig: sig.signed_revision)
    binding = read_binding(creator) or {}
    try:
        reserved = read_boxes(binding)
    except ValueError as exc:
        return [PdfProblem(MODIFIED, f"signature {creator.field_name}: its reserved boxes cannot be read ({exc})")]
    if reserved is None:
        return []  # signed before reserved boxes were committed
    problems = []
    latest = reader.get_historical_resolver(reader.xrefs.total_revisions - 1)
    for index, (_ref, page) in enumerate(_pages(latest)):
        for ref, annot in _annotations(page).items():
            rect = _rect(annot)
            if annot.get("/Subtype") != "/Widget" or rect is None or (rect[2] - rect[0]) * (rect[3] - rect[1]) == 0:
                continue  # not a widget, or an invisible one (a document timestamp) that covers nothing
            name = _field_name(annot)
            box = reserved.get(name) or reserved.get(_family(name))
            if box is None:
                problems.append(PdfProblem(MODIFIED, f"the widget of signature field {name} (object {ref.idnum}) "
                                                     f"has no box reserved by {creator.field_name}'s {BOXES_KEY}"))
            elif box.page != index or any(abs(a - b) > BOX_TOLERANCE for a, b in zip(rect, _ordered(box.box))):
                shown = ", ".join(f"{v:.1f}" for v in rect)
                problems.append(PdfProblem(MODIFIED, f"the widget of signature field {name} lies on page {index + 1} "
                                                     f"at [{shown}], not in the box reserved for it on page "
                                                     f"{box.page + 1} (laid over unsigned content)"))
    return problems


def _ordered(box: tuple[float, ...]) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = box
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _active_content(reader: PdfFileReader, total: int) -> list[PdfProblem]:
    """Every object any revision defines, searched for actions, scripts, embedded files and optional content."""
    problems: list[PdfProblem] = []
    budget = [MAX_OBJECTS]
    for revision in range(total):
        resolver = reader.get_historical_resolver(revision)
        what = "the original document" if revision == 0 else f"update {revision}"
        for ref in sorted(reader.xrefs.explicit_refs_in_revision(revision), key=lambda r: r.idnum):
            if budget[0] <= 0:
                return problems + [PdfProblem(ACTIVE, "too many PDF values to search for active content")]
            try:
                obj = resolver.get_object(ref)
            except Exception:  # noqa: BLE001 - an unreadable object is the layout's and pyHanko's finding
                continue
            found = _active_in(obj, budget)
            if found:
                problems.append(PdfProblem(ACTIVE, f"{what}: object {ref.idnum} holds {found}, which no sopflow "
                                                   f"document contains (content that acts or hides)"))
    return problems


def _active_in(value: generic.PdfObject, budget: list[int]) -> str | None:
    """What active content ``value`` holds directly (nested direct objects walked, references not followed)."""
    stack = [value]
    while stack and budget[0] > 0:
        item = stack.pop()
        budget[0] -= 1
        if isinstance(item, generic.DictionaryObject):  # streams included
            for key in item:
                if key in _ACTIVE_KEYS:
                    return f"{_ACTIVE_KEYS[key]} ({key})"
            kind, subtype = item.raw_get("/S") if "/S" in item else None, \
                item.raw_get("/Subtype") if "/Subtype" in item else None
            if kind in _ACTIVE_ACTIONS and ("/Type" not in item or item.raw_get("/Type") == "/Action"):
                return f"an action of type {kind}"
            if subtype in _ACTIVE_SUBTYPES:
                return f"an annotation of type {subtype}"
            if item.get("/Type") == "/EmbeddedFile":
                return "an embedded file"
            stack.extend(item.raw_get(k) for k in item)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(i) for i in range(len(item)))
    return None


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
