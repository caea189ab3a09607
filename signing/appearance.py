"""The visible block a signature draws: paraf mark, signature, receipt, filing or record."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from sopflow.errors import SigningError

__all__ = ["ACTIONS", "Appearance", "appearance_lines", "stamp_style"]

ACTIONS = ("create", "paraf", "sign", "receive", "file", "record", "seal")
"""Actions that put a signature on a document: the task actions, and ``seal`` (the unit's electronic seal)."""

_WRAP = 34
"""Characters per line before wrapping (the block is shrunk to fit its box afterwards)."""


@dataclass(frozen=True)
class Appearance:
    """What the visible signature block says."""

    action: str
    """The task action: one of :data:`ACTIONS`."""
    jabatan: str
    """Position of the official as printed."""
    name: str
    """Name of the official as printed."""
    nip: str
    """NIP of the official."""
    signed_at: datetime
    """When the official signs (printed in the block)."""
    note: str | None = None
    """Optional extra line (e.g. "a.n. Kepala Kantor")."""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise SigningError(f"unknown signing action {self.action!r}", where="Appearance.action",
                               hint=f"use one of {', '.join(ACTIONS)}")


def appearance_lines(appearance: Appearance) -> tuple[str, ...]:
    """The lines of text drawn in the block, in Indonesian."""
    a = appearance
    when = _when(a.signed_at)
    if a.action in ("create", "paraf"):
        lines = ["Paraf", _short_name(a.name), when]
    elif a.action == "sign":
        lines = ["Ditandatangani secara elektronik oleh", a.jabatan, a.name, f"NIP {a.nip}"]
    elif a.action == "receive":
        lines = ["Diterima", a.jabatan, a.name, when]
    elif a.action == "seal":
        lines = ["Disegel secara elektronik oleh", a.name, when]
    elif a.action == "file":
        lines = ["Ditatausahakan", a.name, a.signed_at.strftime("%d/%m/%Y")]
    else:
        lines = ["Dicatat oleh", a.name, f"NIP {a.nip}"]
    if a.note:
        lines.append(a.note)
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, _WRAP) or [""])
    return tuple(wrapped)


def stamp_style() -> TextStampStyle:
    """The pyHanko stamp style: text from the ``body`` parameter, shrunk to fit the field box."""
    return TextStampStyle(
        stamp_text="%(body)s",
        border_width=1,
        text_box_style=TextBoxStyle(font_size=9, leading=11),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(2),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )


def _when(moment: datetime) -> str:
    zone = moment.tzname() if moment.tzinfo else None
    text = moment.strftime("%d/%m/%Y %H:%M")
    return f"{text} {zone}" if zone else text


def _short_name(name: str) -> str:
    """The name without academic titles after the first comma ("Dedi Rudaedi, S.E." -> "Dedi Rudaedi")."""
    return name.split(",", 1)[0].strip() or name
