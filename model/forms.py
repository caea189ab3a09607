"""Task forms: Camunda Forms JSON (``*.form``) as Camunda Modeler writes it.

:func:`load_form` parses a form file strictly into a frozen :class:`FormSpec`;
:meth:`FormSpec.validate` turns submitted data into clean data or raises
:class:`~sopflow.errors.FormDataError` naming the field. Values stay plain
data (strings are never markup: whoever renders them escapes them).

Supported component types: inputs ``textfield``, ``textarea``, ``number``,
``select``, ``radio``, ``checkbox``, ``checklist``, ``taglist``, ``datetime``;
display-only ``text``, ``html``, ``image``, ``spacer``, ``separator``,
``button``, ``iframe``; ``group`` (its components are flattened). Validation
keys: ``required``, ``minLength``, ``maxLength``, ``min``, ``max``, ``pattern``
(searched, as the form-js viewer does) and ``validationType`` ``email``/``phone``.
Other component keys the modeller writes (``id``, ``layout``, ``description``
...) are tolerated.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from pathlib import Path
from typing import Any

from sopflow import messages
from sopflow.errors import FormDataError, ModelError
from sopflow.files import FileRefused, read_regular_file

__all__ = [
    "describe_code_point",
    "MAX_FORM_BYTES",
    "MAX_TEXT_LENGTH",
    "INPUT_TYPES",
    "LINE_BREAKS",
    "Drawable",
    "Choice",
    "Constraints",
    "FormField",
    "FormSpec",
    "load_form",
    "parse_form",
    "find_form",
    "is_form_key",
]

MAX_FORM_BYTES = 1024 * 1024
"""Largest form file accepted."""

MAX_TEXT_LENGTH = 65_536
"""Longest text accepted in any field, whatever the form says."""

INPUT_TYPES = frozenset(
    {"textfield", "textarea", "number", "select", "radio", "checkbox", "checklist", "taglist", "datetime"}
)
"""Component types that collect a value under their ``key``."""

_DISPLAY_TYPES = frozenset({"text", "html", "image", "spacer", "separator", "button", "iframe"})
_CHOICE_TYPES = frozenset({"select", "radio", "checklist", "taglist"})
_MULTI_TYPES = frozenset({"checklist", "taglist"})
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_FORM_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
"""Characters a multi-line field (``textarea``) keeps as line breaks: LF, CR, NEL, LS, PS."""

Drawable = Callable[[str], "int | None"]
"""Index of the first character of a text that documents cannot print, or ``None``."""
_VALIDATION_TYPES = {
    "email": re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z"),
    "phone": re.compile(r"\+?[0-9][0-9 ()-]{5,}\Z"),
}
_TRUE = {"true", "1", "on", "yes", "ya"}
_FALSE = {"false", "0", "off", "no", "tidak", ""}


@dataclass(frozen=True)
class Choice:
    """One option of a select, radio, checklist or taglist."""

    value: Any
    """The value stored in the data."""
    label: str
    """What the official sees."""


@dataclass(frozen=True)
class Constraints:
    """The ``validate`` block of a field."""

    min_length: int | None = None
    """``minLength`` of text."""
    max_length: int | None = None
    """``maxLength`` of text."""
    minimum: float | None = None
    """``min`` of a number."""
    maximum: float | None = None
    """``max`` of a number."""
    pattern: str | None = None
    """``pattern``: a regular expression the text must contain a match of."""
    validation_type: str | None = None
    """``validationType``: ``email`` or ``phone``."""


@dataclass(frozen=True)
class FormField:
    """An input component of a form."""

    key: str
    """Data key the value is stored under."""
    label: str
    """Label shown to the official (the key when the form has none)."""
    type: str
    """Component type, one of :data:`INPUT_TYPES`."""
    required: bool
    """Whether a value must be given."""
    constraints: Constraints
    """Length, range and pattern limits."""
    choices: tuple[Choice, ...]
    """Options of select/radio/checklist/taglist, empty for other types."""
    default: Any
    """``defaultValue``, ``None`` when absent."""
    subtype: str | None = None
    """``datetime`` subtype: ``date``, ``time`` or ``datetime``."""


@dataclass(frozen=True)
class FormSpec:
    """A parsed form; immutable."""

    id: str
    """The form's ``id`` (Camunda Modeler's form id)."""
    source: str
    """File it came from, for messages."""
    fields: tuple[FormField, ...]
    """Input fields in form order."""

    @cached_property
    def _by_key(self) -> dict[str, FormField]:
        return {f.key: f for f in self.fields}

    def field(self, key: str) -> FormField:
        """The field with this key.

        :raises KeyError: no such field.
        """
        return self._by_key[key]

    def defaults(self) -> dict[str, Any]:
        """The ``defaultValue`` of every field that has one."""
        return {f.key: f.default for f in self.fields if f.default is not None}

    def validate(
        self, data: Mapping[str, Any], *, partial: bool = False, drawable: Drawable | None = None
    ) -> dict[str, Any]:
        """Check submitted data and return it cleaned; ``partial`` checks only the keys given.

        Numbers are coerced from numeric strings, checkboxes to ``bool``, text
        loses surrounding whitespace and nothing else: a control character
        (other than tab and line breaks in a ``textarea``) or, with
        ``drawable``, a character documents cannot print is refused, never
        dropped. Optional fields left empty are omitted.

        :param drawable: the renderer's "can this text be printed" check.
        :raises FormDataError: unknown keys, or a field that is missing, of the
            wrong type, not one of its choices, too short/long, out of range,
            not matching its pattern or holding a refused character; ``where``
            is the field key.
        """
        unknown = [k for k in data if k not in self._by_key]
        if unknown:
            names = ", ".join(repr(str(k)) for k in unknown)
            raise FormDataError(
                messages.FIELD_UNKNOWN.format(names=names, form=self.id),
                where=str(unknown[0]),
                hint=messages.HINT_FIELD_UNKNOWN.format(fields=", ".join(self._by_key) or "-"),
            )
        cleaned: dict[str, Any] = {}
        for spec in self.fields:
            value = _clean(spec, data.get(spec.key), drawable)
            if partial and spec.key not in data:
                continue
            if _is_empty(value):
                if spec.required:
                    raise _data_error(spec, messages.FIELD_REQUIRED, messages.HINT_FIELD_REQUIRED)
                continue
            _check_constraints(spec, value)
            cleaned[spec.key] = value
        return cleaned


def _data_error(spec: FormField, problem: str, hint: str) -> FormDataError:
    return FormDataError(messages.FIELD_PROBLEM.format(label=spec.label, problem=problem), where=spec.key, hint=hint)


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def describe_code_point(ch: str) -> str:
    """A character as messages name it: ``U+015E (LATIN CAPITAL LETTER S WITH CEDILLA)``."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _refused(spec: FormField, ch: str, position: int, why: str, hint: str) -> FormDataError:
    return FormDataError(messages.TEXT_REFUSED.format(label=spec.label, code_point=describe_code_point(ch),
                                                      position=position, why=why), where=spec.key, hint=hint)


def _check_text(spec: FormField, value: str, drawable: Drawable | None) -> str:
    """``value`` without surrounding whitespace; a character the field cannot hold is refused by position."""
    multiline = spec.type == "textarea"
    for position, ch in enumerate(value, start=1):
        if ch in LINE_BREAKS or ch == "\t":
            if not multiline:
                raise _refused(spec, ch, position, messages.TEXT_ONE_LINE, messages.HINT_TEXT_ONE_LINE)
        elif unicodedata.category(ch) == "Cc":
            raise _refused(spec, ch, position, messages.TEXT_CONTROL, messages.HINT_TEXT_CONTROL)
        elif unicodedata.category(ch) == "Cs":
            raise _refused(spec, ch, position, messages.TEXT_SURROGATE, messages.HINT_TEXT_SURROGATE)
    text = value.strip()
    bad = drawable(text) if drawable else None
    if bad is not None:
        leading = len(value) - len(value.lstrip())
        raise _refused(spec, text[bad], leading + bad + 1, messages.TEXT_UNPRINTABLE,
                       messages.HINT_TEXT_UNPRINTABLE)
    return text


def _clean(spec: FormField, value: Any, drawable: Drawable | None = None) -> Any:
    if value is None:
        return None
    kind = spec.type
    if kind in ("textfield", "textarea"):
        if not isinstance(value, str):
            raise _data_error(spec, messages.FIELD_NOT_TEXT.format(kind=type(value).__name__), messages.HINT_FIELD_TEXT)
        if len(value) > MAX_TEXT_LENGTH:
            raise _data_error(spec, messages.FIELD_TOO_LONG_ABSOLUTE.format(limit=MAX_TEXT_LENGTH),
                              messages.HINT_FIELD_SHORTEN)
        return _check_text(spec, value, drawable)
    if kind == "number":
        return _clean_number(spec, value)
    if kind == "checkbox":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise _data_error(spec, messages.FIELD_NOT_BOOLEAN.format(value=value), messages.HINT_FIELD_BOOLEAN)
    if kind in ("select", "radio"):
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                return None
        return _choose(spec, value)
    if kind in _MULTI_TYPES:
        if not isinstance(value, (list, tuple)):
            raise _data_error(spec, messages.FIELD_NOT_LIST.format(kind=type(value).__name__),
                              messages.HINT_FIELD_LIST)
        chosen = [_choose(spec, item) for item in value]
        return list(dict.fromkeys(chosen))
    if kind == "datetime":
        return _clean_datetime(spec, value)
    raise AssertionError(f"unhandled field type {kind}")


def _clean_number(spec: FormField, value: Any) -> int | float | None:
    if isinstance(value, bool):
        raise _data_error(spec, messages.FIELD_NUMBER_NOT_BOOLEAN, messages.HINT_FIELD_NUMBER)
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        try:
            value = int(text) if re.fullmatch(r"[+-]?[0-9]{1,30}", text) else float(text)
        except ValueError:
            raise _data_error(spec, messages.FIELD_NOT_NUMBER.format(value=value), messages.HINT_FIELD_NUMBER) from None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise _data_error(spec, messages.FIELD_NOT_FINITE.format(value=value), messages.HINT_FIELD_NUMBER)


def _choose(spec: FormField, value: Any) -> Any:
    for choice in spec.choices:
        if type(value) is type(choice.value) and value == choice.value:
            return choice.value
    for choice in spec.choices:  # "3" for a choice stored as 3
        if not isinstance(value, (list, dict)) and str(value) == str(choice.value):
            return choice.value
    allowed = ", ".join(repr(c.value) for c in spec.choices)
    raise _data_error(spec, messages.FIELD_NOT_A_CHOICE.format(value=value),
                      messages.HINT_FIELD_CHOICE.format(allowed=allowed))


def _clean_datetime(spec: FormField, value: Any) -> str | None:
    if not isinstance(value, str):
        raise _data_error(spec, messages.FIELD_NOT_DATE_TEXT.format(kind=type(value).__name__),
                          messages.HINT_FIELD_DATE.format(example="2026-11-23"))
    text = value.strip()
    if text == "":
        return None
    parse = {"date": date.fromisoformat, "time": time.fromisoformat}.get(spec.subtype or "", datetime.fromisoformat)
    try:
        parse(text)
    except ValueError:
        example = {"date": "2026-11-23", "time": "09:30"}.get(spec.subtype or "", "2026-11-23T09:30")
        kind = messages.DATE_KINDS.get(spec.subtype or "datetime", spec.subtype or "datetime")
        raise _data_error(spec, messages.FIELD_BAD_DATE.format(value=text, kind=kind),
                          messages.HINT_FIELD_DATE.format(example=example)) from None
    return text


def _check_constraints(spec: FormField, value: Any) -> None:
    c = spec.constraints
    if isinstance(value, str) and spec.type in ("textfield", "textarea"):
        if c.min_length is not None and len(value) < c.min_length:
            raise _data_error(spec, messages.FIELD_TOO_SHORT.format(limit=c.min_length), messages.HINT_FIELD_LONGER)
        if c.max_length is not None and len(value) > c.max_length:
            raise _data_error(spec, messages.FIELD_TOO_LONG.format(length=len(value), limit=c.max_length),
                              messages.HINT_FIELD_SHORTEN)
        if c.pattern is not None and not re.search(c.pattern, value):
            raise _data_error(spec, messages.FIELD_PATTERN.format(pattern=c.pattern), messages.HINT_FIELD_FORMAT)
        if c.validation_type is not None and not _VALIDATION_TYPES[c.validation_type].match(value):
            kind = messages.VALIDATION_KINDS[c.validation_type]
            raise _data_error(spec, messages.FIELD_VALIDATION_TYPE.format(kind=kind), messages.HINT_FIELD_FORMAT)
    if spec.type == "number":
        if c.minimum is not None and value < c.minimum:
            raise _data_error(spec, messages.FIELD_BELOW_MINIMUM.format(value=value, limit=c.minimum),
                              messages.HINT_FIELD_LARGER)
        if c.maximum is not None and value > c.maximum:
            raise _data_error(spec, messages.FIELD_ABOVE_MAXIMUM.format(value=value, limit=c.maximum),
                              messages.HINT_FIELD_SMALLER)


# -- loading --------------------------------------------------------------------


def load_form(path: Path) -> FormSpec:
    """Load a ``.form`` file strictly.

    :raises ModelError: unreadable, larger than :data:`MAX_FORM_BYTES`, not
        JSON (with the line), or a component the profile cannot use (named by
        index and label).
    """
    try:
        data = read_regular_file(path, limit=MAX_FORM_BYTES)
    except FileRefused as exc:
        if exc.reason == "too-large":
            raise ModelError(messages.FORM_FILE_TOO_LARGE.format(detail=exc.detail), where=str(path),
                             hint=messages.HINT_FORM_FILE_TOO_LARGE) from None
        raise ModelError(messages.FORM_FILE_UNREADABLE.format(detail=exc.detail), where=str(path)) from None
    return parse_form(data, source=str(path))


def parse_form(data: bytes, *, source: str) -> FormSpec:
    """Parse form JSON bytes; ``source`` names the file in errors.

    :raises ModelError: as :func:`load_form`.
    """
    if len(data) > MAX_FORM_BYTES:
        raise ModelError(messages.FORM_TOO_LARGE.format(size=len(data), limit=MAX_FORM_BYTES), where=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ModelError(messages.FORM_NOT_UTF8, where=f"{source}:{line}", hint=messages.HINT_FORM_UTF8) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(messages.FORM_NOT_JSON.format(detail=exc.msg), where=f"{source}:{exc.lineno}",
                         hint=messages.HINT_FORM_JSON) from None
    except RecursionError:
        raise ModelError(messages.FORM_TOO_DEEP, where=source) from None
    if not isinstance(document, dict) or not isinstance(document.get("components"), list):
        raise ModelError(messages.FORM_NO_COMPONENTS, where=source, hint=messages.HINT_FORM_COMPONENTS)
    form_id = document.get("id")
    form_id = form_id if isinstance(form_id, str) else Path(source).stem
    fields: list[FormField] = []
    _collect(document["components"], source, "components", fields)
    seen: set[str] = set()
    for spec in fields:
        if spec.key in seen:
            raise ModelError(messages.FORM_DUPLICATE_KEY.format(key=spec.key), where=source,
                             hint=messages.HINT_FORM_DUPLICATE_KEY)
        seen.add(spec.key)
    return FormSpec(id=form_id, source=source, fields=tuple(fields))


def _collect(components: list[Any], source: str, path: str, out: list[FormField]) -> None:
    for index, component in enumerate(components):
        where = f"{source}: {path}[{index}]"
        if not isinstance(component, dict):
            raise ModelError(messages.FORM_COMPONENT_NOT_OBJECT, where=where)
        kind = component.get("type")
        label = _label(component)
        if label:
            where += f" ({label!r})"
        if kind == "group":
            nested = component.get("components", [])
            if not isinstance(nested, list):
                raise ModelError(messages.FORM_GROUP_NO_COMPONENTS, where=where)
            _collect(nested, source, f"{path}[{index}].components", out)
        elif kind in _DISPLAY_TYPES:
            continue
        elif kind in INPUT_TYPES:
            out.append(_field(component, kind, label, where))
        else:
            raise ModelError(
                messages.FORM_COMPONENT_UNSUPPORTED.format(kind=kind), where=where,
                hint=messages.HINT_FORM_COMPONENT_TYPES.format(
                    types=", ".join(sorted(INPUT_TYPES | _DISPLAY_TYPES | {"group"}))),
            )


def _label(component: dict[str, Any]) -> str:
    """The label the official sees; a datetime field's is its ``dateLabel`` (``timeLabel`` for times)."""
    names = ["label"]
    if component.get("type") == "datetime":
        names = ["timeLabel", "label"] if component.get("subtype") == "time" else ["dateLabel", "label", "timeLabel"]
    for name in names:
        value = component.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _field(component: dict[str, Any], kind: str, label: str, where: str) -> FormField:
    key = component.get("key")
    if not isinstance(key, str) or not key:
        raise ModelError(messages.FORM_FIELD_NO_KEY.format(kind=kind), where=where, hint=messages.HINT_FORM_FIELD_KEY)
    if not _KEY.match(key):
        raise ModelError(messages.FORM_KEY_NOT_NAME.format(key=key), where=where, hint=messages.HINT_FORM_KEY_NAME)
    rules = component.get("validate", {})
    if not isinstance(rules, dict):
        raise ModelError(messages.FORM_VALIDATE_NOT_OBJECT, where=where)
    constraints = Constraints(
        min_length=_int_rule(rules, "minLength", where),
        max_length=_int_rule(rules, "maxLength", where),
        minimum=_number_rule(rules, "min", where),
        maximum=_number_rule(rules, "max", where),
        pattern=_pattern_rule(rules, where),
        validation_type=_validation_type(rules, where),
    )
    choices: tuple[Choice, ...] = ()
    if kind in _CHOICE_TYPES:
        choices = _choices(component, kind, where)
    subtype = component.get("subtype") if kind == "datetime" else None
    if subtype is not None and subtype not in ("date", "time", "datetime"):
        raise ModelError(messages.FORM_DATETIME_SUBTYPE.format(subtype=subtype), where=where)
    return FormField(
        key=key,
        label=label or key,
        type=kind,
        required=rules.get("required") is True,
        constraints=constraints,
        choices=choices,
        default=component.get("defaultValue"),
        subtype=subtype,
    )


def _int_rule(rules: dict[str, Any], name: str, where: str) -> int | None:
    value = rules.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ModelError(messages.FORM_RULE_NOT_COUNT.format(name=name, value=value), where=where)
    return value


def _number_rule(rules: dict[str, Any], name: str, where: str) -> float | None:
    value = rules.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(messages.FORM_RULE_NOT_NUMBER.format(name=name, value=value), where=where)
    return float(value)


def _pattern_rule(rules: dict[str, Any], where: str) -> str | None:
    pattern = rules.get("pattern")
    if pattern is None or pattern == "":
        return None
    if not isinstance(pattern, str):
        raise ModelError(messages.FORM_PATTERN_NOT_TEXT, where=where)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ModelError(messages.FORM_PATTERN_INVALID.format(pattern=pattern, detail=exc), where=where,
                         hint=messages.HINT_FORM_PATTERN) from None
    return pattern


def _validation_type(rules: dict[str, Any], where: str) -> str | None:
    value = rules.get("validationType")
    if value in (None, ""):
        return None
    if value not in _VALIDATION_TYPES:
        raise ModelError(messages.FORM_VALIDATION_TYPE.format(value=value), where=where,
                         hint=messages.HINT_FORM_VALIDATION_TYPE.format(types=", ".join(_VALIDATION_TYPES)))
    return str(value)


def _choices(component: dict[str, Any], kind: str, where: str) -> tuple[Choice, ...]:
    values = component.get("values")
    if not isinstance(values, list) or not values:
        raise ModelError(messages.FORM_NO_VALUES.format(kind=kind), where=where, hint=messages.HINT_FORM_VALUES)
    choices = []
    for number, item in enumerate(values):
        if not isinstance(item, dict) or "value" not in item:
            raise ModelError(messages.FORM_OPTION_NO_VALUE.format(number=number), where=where)
        value = item["value"]
        if isinstance(value, (list, dict)):
            raise ModelError(messages.FORM_OPTION_VALUE.format(number=number), where=where)
        label = item.get("label")
        choices.append(Choice(value=value, label=label if isinstance(label, str) else str(value)))
    return tuple(choices)


def is_form_key(form_key: str) -> bool:
    """Whether a form key is a plain file name stem (no path: letters, digits, '_', '.', '-')."""
    return bool(_FORM_KEY.match(form_key))


def find_form(form_key: str, model_path: Path, forms_dir: Path | None = None) -> Path:
    """Locate ``<form_key>.form`` for a model.

    Looks in ``forms/`` beside the model file, then ``forms/`` beside the
    model's folder, then ``forms_dir``.

    :raises ModelError: the key is not a plain file name, or no file exists.
    """
    if not is_form_key(form_key):
        raise ModelError(
            messages.FORM_KEY_NOT_ID.format(form_key=form_key), where=str(model_path),
            hint=messages.HINT_FORM_KEY_ID,
        )
    folder = model_path.parent
    candidates = [folder / "forms", folder.parent / "forms"]
    if forms_dir is not None:
        candidates.append(forms_dir)
    for directory in candidates:
        path = directory / f"{form_key}.form"
        if path.is_file():
            return path
    raise ModelError(
        messages.FORM_NOT_FOUND.format(form_key=form_key), where=str(model_path),
        hint=messages.HINT_FORM_NOT_FOUND.format(form_key=form_key, folders=", ".join(str(c) for c in candidates)),
    )
