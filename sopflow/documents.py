"""Where a signature appearance goes on a rendered document."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldBox"]


@dataclass(frozen=True)
class FieldBox:
    """A signature field's place: created on first signature, in that revision."""

    name: str
    """Signature field name, unique within the document (``paraf_Task_Review``)."""
    page: int
    """Zero-based page index."""
    box: tuple[float, float, float, float]
    """Rectangle ``(x1, y1, x2, y2)`` in PDF points, origin bottom left."""
