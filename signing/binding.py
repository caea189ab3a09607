"""What a signature commits to beyond the document: its place in a case.

Every sopflow signature carries a *binding*, a small dictionary of text
values (case id, task id, document, previous journal hash, digests of the
case's model, forms and roster ...) written into the signature dictionary
itself, at ``/Prop_Build /App /SopflowBinding``. The signature dictionary is
part of the bytes the signature's ``/ByteRange`` covers (only ``/Contents``
is left out), so the binding cannot change without breaking the signature;
metadata (``/Info``, XMP) is never used for it, since any later update could
rewrite that.

:func:`read_binding` reads it back from the revision the signature was made
in, accepting only direct objects (an indirect reference could point to an
object redefined by a later update).

The signature that creates a document revision (the first one in its file)
also commits, under :data:`BOXES_KEY`, to where the template reserved every
signature and paraf box (:func:`boxes_value`, read back with
:func:`read_boxes`), so a later signer cannot place a widget elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.sign.signers.pdf_byterange import BuildProps
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

from sopflow.documents import FieldBox

__all__ = ["BINDING_KEY", "BINDING_VERSION", "BOXES_KEY", "BoundBuildProps", "boxes_value", "read_binding",
           "read_boxes"]

BINDING_KEY = "/SopflowBinding"
"""Name of the binding dictionary inside the signature's ``/Prop_Build /App``."""
BINDING_VERSION = "1"
"""Format version written as the binding's ``Version``."""
BOXES_KEY = "Boxes"
"""Binding entry of a document's creating signature: the reserved signature boxes (see :func:`boxes_value`)."""
_APP = "sopflow"


@dataclass(frozen=True)
class BoundBuildProps(BuildProps):
    """pyHanko build properties that also write the binding into ``/Prop_Build /App``."""

    binding: tuple[tuple[str, str], ...] = ()
    """Binding entries as ``(key, value)`` pairs; keys are PDF names without the slash."""

    @classmethod
    def of(cls, binding: Mapping[str, str]) -> BoundBuildProps:
        """Build properties carrying ``binding`` (a ``Version`` entry is added)."""
        pairs = {"Version": BINDING_VERSION, **{k: str(v) for k, v in binding.items()}}
        return cls(name=_APP, binding=tuple(sorted(pairs.items())))

    def as_pdf_object(self) -> generic.DictionaryObject:
        props = super().as_pdf_object()
        props[pdf_name(BINDING_KEY)] = generic.DictionaryObject(
            {pdf_name("/" + key): generic.TextStringObject(value) for key, value in self.binding}
        )
        return props


def read_binding(sig: EmbeddedPdfSignature) -> dict[str, str] | None:
    """The binding of one embedded signature, read from the revision it was signed in.

    :returns: the entries as text, or ``None`` when the signature carries no
        binding or one that is not written as direct objects.
    """
    try:
        resolver = sig.reader.get_historical_resolver(sig.signed_revision)
        sig_object = resolver.get_object(sig.sig_field.raw_get("/V").reference)
        props = sig_object.raw_get("/Prop_Build")
        app = props.raw_get("/App") if isinstance(props, generic.DictionaryObject) else None
        binding = app.raw_get(BINDING_KEY) if isinstance(app, generic.DictionaryObject) else None
    except (KeyError, AttributeError, TypeError, ValueError, IndexError):
        return None
    if not isinstance(binding, generic.DictionaryObject):
        return None
    values: dict[str, str] = {}
    for key in binding:
        value = binding.raw_get(key)
        if not isinstance(value, (generic.TextStringObject, generic.ByteStringObject)):
            return None
        values[str(key)[1:]] = str(value) if isinstance(value, generic.TextStringObject) else \
            value.original_bytes.decode("latin-1")
    return values


def boxes_value(boxes: Iterable[FieldBox]) -> str:
    """The :data:`BOXES_KEY` entry: ``{"field": [page, x1, y1, x2, y2], ...}`` as compact, sorted JSON."""
    return json.dumps({box.name: [box.page, *(float(v) for v in box.box)] for box in boxes},
                      sort_keys=True, separators=(",", ":"))


def read_boxes(binding: Mapping[str, str]) -> dict[str, FieldBox] | None:
    """The reserved boxes a binding commits to, by field name; ``None`` when it commits to none.

    :raises ValueError: the entry is present but not in the format :func:`boxes_value` writes.
    """
    text = binding.get(BOXES_KEY)
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{BOXES_KEY} is not JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"{BOXES_KEY} is nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError(f"{BOXES_KEY} is not an object of field names")
    boxes = {}
    for name, spec in value.items():
        if not (isinstance(spec, list) and len(spec) == 5 and isinstance(spec[0], int)
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec)):
            raise ValueError(f"{BOXES_KEY}: the box of {name} is not [page, x1, y1, x2, y2]")
        page, x1, y1, x2, y2 = spec
        boxes[name] = FieldBox(name=name, page=page, box=(float(x1), float(y1), float(x2), float(y2)))
    return boxes
