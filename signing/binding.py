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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.sign.signers.pdf_byterange import BuildProps
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

__all__ = ["BINDING_KEY", "BINDING_VERSION", "BoundBuildProps", "read_binding"]

BINDING_KEY = "/SopflowBinding"
"""Name of the binding dictionary inside the signature's ``/Prop_Build /App``."""
BINDING_VERSION = "1"
"""Format version written as the binding's ``Version``."""
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
