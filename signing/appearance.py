"""The visible block a signature draws: paraf mark, signature, receipt, filing or record."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from sopflow.errors import SigningError

__all__ = ["ACTIONS", "Appearance", "appearance_lines", "stamp_style", "stamp_unprintable"]

ACTIONS = ("create", "paraf", "sign", "receive", "file", "record", "seal")
"""Actions that put a signature on a document: the task actions, and ``seal`` (the unit's electronic seal)."""

_WRAP = 34
"""Characters per line before wrapping (the block is shrunk to fit its box afterwards)."""

_STAMP_CHARACTERS = frozenset(chr(c) for c in [*range(0x20, 0x7F), *range(0xA1, 0x100)] if c != 0xAD)
"""What the block's font (pyHanko's built-in Courier, WinAnsi) prints as written: printable Latin-1.

One character outside it makes pyHanko write the whole line as UTF-16, which that font prints as
garbage, so such text is refused (:func:`stamp_unprintable`), never drawn.
"""


def stamp_unprintable(text: str) -> int | None:
    """Index of the first character of ``text`` the visible signature block cannot print, else ``None``."""
    return next((i for i, ch in enumerate(text) if ch not in _STAMP_CHARACTERS), None)


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
    """When the official signs, in the unit's local time (printed with its zone name: WIB, WITA, WIT)."""
    note: str | None = None
    """Optional extra line (e.g. "a.n. Kepala Kantor")."""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise SigningError(f"unknown signing action {self.action!r}", where="Appearance.action",
                               hint=f"use one of {', '.join(ACTIONS)}")
        for name in ("jabatan", "name", "nip", "note"):
            text = getattr(self, name) or ""
            bad = stamp_unprintable(text)
            if bad is not None:
                raise SigningError(f"U+{ord(text[bad]):04X} in {text!r} cannot be printed in the signature block",
                                   where=f"Appearance.{name}", hint="write the name in Latin letters in the roster")


def appearance_lines(appearance: Appearance) -> tuple[str, ...]:
    """The lines of text drawn in the block, in Indonesian."""
    a = appearance
    when = _when(a.signed_at)
    if a.action in ("create", "paraf"):
        lines = ["Paraf", _short_name(a.name), when]
    elif a.action == "sign":
        lines = ["Ditandatangani secara elektronik oleh", a.jabatan, a.name, f"NIP {a.nip}", when]
    elif a.action == "receive":
        lines = ["Diterima", a.jabatan, a.name, when]
    elif a.action == "seal":
        lines = ["Disegel secara elektronik oleh", a.name, when]
    elif a.action == "file":
        lines = ["Ditatausahakan", a.name, a.signed_at.strftime("%d/%m/%Y")]
    else:
        lines = ["Dicatat oleh", a.name, f"NIP {a.nip}", when]
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
