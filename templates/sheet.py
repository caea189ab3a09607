"""The state of one document being laid out: request, type, values, and what was produced."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from sopflow.documents import FieldBox
from sopflow.model.forms import FormField, FormSpec
from sopflow.officials import Official
from sopflow.templates.doctype import DocType
from sopflow.templates.indonesian import date_in_words, format_date_id, format_form_date
from sopflow.templates.request import DocumentRequest
from sopflow.templates.styles import Look
from sopflow.templates.text import clean, lines, paragraph

__all__ = ["Sheet", "BLANK", "shown_value", "labelled_values"]

BLANK = "-"
"""Printed where an optional value is missing."""

def shown_value(spec: FormField | None, raw: Any) -> str:
    """A form value as the official saw it: choice labels for choice values, Indonesian dates for
    datetime fields, Ya/Tidak for checkboxes, lists one item a line; :data:`BLANK` when empty."""
    if spec is not None and spec.choices:
        names = {str(choice.value): choice.label for choice in spec.choices}
        chosen = raw if isinstance(raw, (list, tuple)) else [] if raw is None else [raw]
        return ", ".join(clean(names.get(str(item), item)) for item in chosen) or BLANK
    if spec is not None and spec.type == "datetime" and isinstance(raw, str) and raw.strip():
        return format_form_date(raw.strip(), spec.subtype)
    if isinstance(raw, bool):
        return "Ya" if raw else "Tidak"
    if isinstance(raw, (list, tuple)):
        return "\n".join(lines(raw)) or BLANK
    if isinstance(raw, dict):
        return "\n".join(f"{clean(k)}: {clean(v)}" for k, v in raw.items()) or BLANK
    return clean(raw) or BLANK


def labelled_values(form: FormSpec | None, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every value of the data with its field's label, in form order (keys the form lacks last,
    under their own name), as :func:`shown_value` writes it."""
    fields = {spec.key: spec for spec in form.fields} if form else {}
    keys = [k for k in fields if k in data] + [k for k in data if k not in fields]
    return [(fields[k].label if k in fields else k, shown_value(fields.get(k), data[k])) for k in keys]


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass
class Sheet:
    """Builder state shared by the block and closing builders."""

    request: DocumentRequest
    """What is rendered."""
    doctype: DocType
    """Its type."""
    look: Look
    """House style."""
    text: list[str] = field(default_factory=list)
    """Plain text of every paragraph, in order."""
    spots: dict[str, FieldBox] = field(default_factory=dict)
    """Field boxes recorded while drawing."""

    def style(self, name: str) -> ParagraphStyle:
        """A paragraph style by name."""
        return self.look.styles[name]

    def para(self, plain: str, style: str | ParagraphStyle, **kwargs: Any) -> Paragraph:
        """A paragraph of literal text (escaped here), also kept in :attr:`text`."""
        text = clean(plain)
        self.text.append(text)
        return paragraph(text, self.style(style) if isinstance(style, str) else style, **kwargs)

    @property
    def signer(self) -> Official | None:
        """The official of the last ``sign`` slot, else of the first slot."""
        signs = [slot for slot in self.request.slots if slot.action == "sign"]
        chosen = signs[-1:] or self.request.slots[:1]
        return chosen[0].official if chosen else None

    def value(self, key: str) -> Any:
        """The form value of ``key`` as the official saw it (see :meth:`shown`), the type's
        default, or ``None``; ``@date`` is the date."""
        if key == "@date":
            return format_date_id(self.request.date, with_day=False)
        raw = self.request.data.get(key)
        spec = self._field(key)
        if spec is not None and (spec.choices or spec.type == "datetime") and raw not in (None, "", []):
            return self.shown(key)
        if lines(raw) if isinstance(raw, (list, tuple)) else clean(raw):
            return raw
        default = self.doctype.defaults.get(key)
        if default == "@signer_jabatan":
            return self.signer.jabatan if self.signer else None
        return default

    def _field(self, key: str) -> FormField | None:
        form = self.request.form
        return next((spec for spec in form.fields if spec.key == key), None) if form else None

    def shown(self, key: str) -> str:
        """The form value of ``key`` as text (:func:`shown_value`)."""
        return shown_value(self._field(key), self.request.data.get(key))

    def string(self, key: str) -> str:
        """:meth:`value` as one text, lists joined by line feeds; :data:`BLANK` when missing."""
        raw = self.value(key)
        if isinstance(raw, (list, tuple)):
            raw = "\n".join(lines(raw))
        text = clean(raw)
        return text or BLANK

    def lines(self, key: str) -> list[str]:
        """The value of a "one item per line" key."""
        return lines(self.value(key))

    def fill(self, template: str) -> str:
        """Fixed type text with ``{placeholders}``: date parts in words, ``tempat``, form keys."""
        request = self.request
        known = {
            **date_in_words(request.date),
            "tanggal_lengkap": format_date_id(request.date, with_day=False),
            "place": request.place,
        }
        tempat = self.request.data.get("tempat")
        known["tempat"] = clean(tempat) or request.place

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            return known[name] if name in known else self.string(name)

        return _PLACEHOLDER.sub(substitute, template)
