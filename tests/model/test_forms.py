"""Camunda Forms JSON: strict loading, data validation naming the field, lookup beside the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sopflow import messages
from sopflow.errors import FormDataError, ModelError
from sopflow.model.forms import MAX_FORM_BYTES, FormSpec, find_form, load_form

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def konsep(forms_dir: Path) -> FormSpec:
    return load_form(forms_dir / "konsep.form")


def _form(tmp_path: Path, components: list, name: str = "f") -> Path:
    path = tmp_path / f"{name}.form"
    path.write_text(json.dumps({"id": name, "components": components}), encoding="utf-8")
    return path


def test_fields_are_parsed(konsep: FormSpec) -> None:
    assert [f.key for f in konsep.fields] == [
        "judul", "jumlah", "kode", "isi", "lampiran", "sifat", "tembusan", "tanggal"]
    judul = konsep.field("judul")
    assert (judul.label, judul.type, judul.required) == ("Judul laporan", "textfield", True)
    assert (judul.constraints.min_length, judul.constraints.max_length) == (3, 200)
    assert konsep.field("jumlah").constraints.maximum == 500
    assert [(c.value, c.label) for c in konsep.field("sifat").choices] == [("biasa", "Biasa"), ("segera", "Segera")]
    assert konsep.field("tanggal").subtype == "date"
    assert konsep.defaults() == {"judul": "Laporan uji", "jumlah": 10, "lampiran": False, "sifat": "biasa"}


def test_validate_cleans_and_coerces(konsep: FormSpec) -> None:
    cleaned = konsep.validate({
        "judul": "  Laporan <b>uji</b> ",
        "jumlah": "12",
        "isi": "baris satu\r\nbaris\tdua",
        "lampiran": "true",
        "sifat": "segera",
        "tembusan": ["direktur", "direktur"],
        "tanggal": "2026-11-23",
        "kode": "PJ",
    })
    assert cleaned == {
        "judul": "Laporan <b>uji</b>",  # data, never markup: kept as written, escaped when rendered
        "jumlah": 12,
        "isi": "baris satu\r\nbaris\tdua",  # kept as typed: the renderer reads every line break
        "lampiran": True,
        "sifat": "segera",
        "tembusan": ["direktur"],
        "tanggal": "2026-11-23",
        "kode": "PJ",
    }
    assert konsep.validate({"judul": "abc", "jumlah": "2.5"})["jumlah"] == 2.5
    assert konsep.validate({"judul": "abc", "jumlah": "", "isi": "  "}) == {"judul": "abc"}


def test_defaults_are_valid_data(konsep: FormSpec) -> None:
    assert konsep.validate(konsep.defaults()) == konsep.defaults()


@pytest.mark.parametrize(
    "data,field,problem",
    [
        ({}, "judul", "wajib diisi"),
        ({"judul": "   "}, "judul", "wajib diisi"),
        ({"judul": 5}, "judul", "harus berupa teks"),
        ({"judul": "ab"}, "judul", "lebih pendek dari 3"),
        ({"judul": "x" * 201}, "judul", "lebih dari 200"),
        ({"judul": "abc", "jumlah": "dua belas"}, "jumlah", "harus berupa angka"),
        ({"judul": "abc", "jumlah": True}, "jumlah", "bukan true/false"),
        ({"judul": "abc", "jumlah": "nan"}, "jumlah", "angka terhingga"),
        ({"judul": "abc", "jumlah": 0}, "jumlah", "kurang dari batas minimum 1"),
        ({"judul": "abc", "jumlah": 501}, "jumlah", "lebih dari batas maksimum 500"),
        ({"judul": "abc", "kode": "pj"}, "kode", "tidak sesuai pola"),
        ({"judul": "abc", "lampiran": "mungkin"}, "lampiran", "true atau false"),
        ({"judul": "abc", "sifat": "rahasia"}, "sifat", "bukan salah satu pilihannya"),
        ({"judul": "abc", "tembusan": "direktur"}, "tembusan", "harus berupa daftar"),
        ({"judul": "abc", "tembusan": ["menteri"]}, "tembusan", "bukan salah satu pilihannya"),
        ({"judul": "abc", "tanggal": "23/11/2026"}, "tanggal", "bukan tanggal yang sah"),
        ({"judul": "abc", "isi": "x" * 70_000}, "isi", "lebih panjang dari"),
    ],
)
def test_rejections_name_the_field(konsep: FormSpec, data: dict, field: str, problem: str) -> None:
    with pytest.raises(FormDataError) as info:
        konsep.validate(data)
    assert info.value.where == field
    assert problem in info.value.message
    assert konsep.field(field).label in info.value.message


def test_unknown_keys_are_rejected_by_name(konsep: FormSpec) -> None:
    with pytest.raises(FormDataError) as info:
        konsep.validate({"judul": "abc", "__class__": 1, "nip": "1"})
    assert info.value.where == "__class__"
    assert "'__class__', 'nip'" in info.value.message
    assert "judul" in (info.value.hint or "")


def test_select_accepts_a_number_choice_sent_as_text(tmp_path: Path) -> None:
    spec = load_form(_form(tmp_path, [{"type": "radio", "key": "nilai", "label": "Nilai",
                                       "values": [{"label": "Satu", "value": 1}, {"label": "Dua", "value": 2}]}]))
    assert spec.validate({"nilai": "2"}) == {"nilai": 2}


def test_group_components_are_flattened_and_display_components_skipped(tmp_path: Path) -> None:
    spec = load_form(_form(tmp_path, [
        {"type": "text", "text": "Judul"},
        {"type": "group", "label": "Data", "components": [{"type": "textfield", "key": "nama", "label": "Nama"}]},
        {"type": "separator"},
    ]))
    assert [f.key for f in spec.fields] == ["nama"]


def test_malformed_json_is_located_by_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.form"
    path.write_text('{\n  "components": [\n    {"type": "textfield",, "key": "a"}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_form(path)
    assert info.value.where == f"{path}:3"


@pytest.mark.parametrize(
    "components,where_part,problem",
    [
        ([{"type": "text", "text": "x"}, {"type": "textfield", "label": "Nama"}], "components[1] ('Nama')",
         messages.FORM_FIELD_NO_KEY.format(kind="textfield")),
        ([{"type": "number", "key": "a-b"}], "components[0]", messages.FORM_KEY_NOT_NAME.format(key="a-b")),
        ([{"type": "select", "key": "a", "valuesKey": "opsi"}], "components[0]",
         messages.FORM_NO_VALUES.format(kind="select")),
        ([{"type": "filepicker", "key": "a"}], "components[0]",
         messages.FORM_COMPONENT_UNSUPPORTED.format(kind="filepicker")),
        ([{"type": "textfield", "key": "a", "validate": {"pattern": "("}}], "components[0]",
         messages.FORM_PATTERN_INVALID.split("{detail}")[0].format(pattern="(")),
        ([{"type": "textfield", "key": "a", "validate": {"maxLength": "10"}}], "components[0]", "maxLength"),
        ([{"type": "textfield", "key": "a"}, {"type": "textarea", "key": "a"}], "",
         messages.FORM_DUPLICATE_KEY.format(key="a")),
        ([{"type": "group", "components": [{"type": "checkbox"}]}], "components[0].components[0]",
         messages.FORM_FIELD_NO_KEY.format(kind="checkbox")),
    ],
)
def test_unusable_components_are_model_errors(tmp_path: Path, components: list, where_part: str,
                                              problem: str) -> None:
    with pytest.raises(ModelError) as info:
        load_form(_form(tmp_path, components))
    assert where_part in (info.value.where or "")
    assert problem in info.value.message


def test_oversized_and_non_form_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.form"
    big.write_text('{"components": [], "pad": "' + "x" * MAX_FORM_BYTES + '"}', encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(messages.FORM_FILE_TOO_LARGE.split("{")[0])):
        load_form(big)
    for text in ("[]", '{"id": "x"}', "\xff"):
        path = tmp_path / "x.form"
        path.write_bytes(text.encode("latin-1"))
        with pytest.raises(ModelError):
            load_form(path)


def test_find_form_lookup_order(tmp_path: Path) -> None:
    model = tmp_path / "repo" / "bpmn" / "sop.bpmn"
    model.parent.mkdir(parents=True)
    model.write_text("<x/>")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "a.form").write_text("{}")
    assert find_form("a", model, extra) == extra / "a.form"
    (tmp_path / "repo" / "forms").mkdir()
    (tmp_path / "repo" / "forms" / "a.form").write_text("{}")
    assert find_form("a", model, extra) == tmp_path / "repo" / "forms" / "a.form"
    (model.parent / "forms").mkdir()
    (model.parent / "forms" / "a.form").write_text("{}")
    assert find_form("a", model, extra) == model.parent / "forms" / "a.form"
    with pytest.raises(ModelError, match=re.escape(messages.FORM_NOT_FOUND.format(form_key="b"))):
        find_form("b", model, extra)
    with pytest.raises(ModelError, match=re.escape(messages.FORM_KEY_NOT_ID.format(form_key="../forms/a"))):
        find_form("../forms/a", model, extra)


def test_every_repository_form_loads_and_its_defaults_validate() -> None:
    paths = sorted((REPO / "forms").glob("*.form"))
    assert paths, "no forms in forms/"
    for path in paths:
        spec = load_form(path)
        assert spec.validate(spec.defaults()) == {k: v for k, v in spec.defaults().items() if v != ""}


@pytest.mark.parametrize(
    "data,field,code_point,position",
    [
        ({"judul": "Lapo\x00ran"}, "judul", "U+0000", 5),
        ({"judul": "abc", "isi": "baris\x07satu"}, "isi", "U+0007", 6),
        ({"judul": "  ab\x1b[31mc"}, "judul", "U+001B", 5),
        ({"judul": "abc", "isi": "a\x7fb"}, "isi", "U+007F", 2),
        ({"judul": "abc", "isi": "a\x9bb"}, "isi", "U+009B", 2),
        ({"judul": "satu\nbaris"}, "judul", "U+000A", 5),
        ({"judul": "satu\tkolom"}, "judul", "U+0009", 5),
        ({"judul": "satu\u2028baris"}, "judul", "U+2028 (LINE SEPARATOR)", 5),
        ({"judul": "abc", "isi": "x\ud800y"}, "isi", "U+D800", 2),
    ],
)
def test_control_characters_are_refused_by_field_and_position(
    konsep: FormSpec, data: dict, field: str, code_point: str, position: int
) -> None:
    with pytest.raises(FormDataError) as info:
        konsep.validate(data)
    assert info.value.where == field
    assert f"{code_point}" in info.value.message and f"posisi {position}" in info.value.message
    assert konsep.field(field).label in info.value.message


def test_a_textarea_keeps_every_line_break_and_tab_as_typed(konsep: FormSpec) -> None:
    isi = "satu\u2028dua\u2029tiga\x85empat\r\nlima\renam\ttujuh"
    assert konsep.validate({"judul": "abc", "isi": isi})["isi"] == isi


def test_the_renderers_check_refuses_by_code_point(konsep: FormSpec) -> None:
    def drawable(text: str) -> int | None:
        return text.find("\u4e2d") if "\u4e2d" in text else None

    with pytest.raises(FormDataError) as info:
        konsep.validate({"judul": "  Nama \u4e2d"}, drawable=drawable)
    assert info.value.where == "judul"
    assert "U+4E2D (CJK UNIFIED IDEOGRAPH-4E2D) pada posisi 8" in info.value.message


def test_datetime_fields_keep_their_camunda_date_label(konsep: FormSpec) -> None:
    """Camunda Modeler writes a datetime field's label as ``dateLabel``; it is not replaced by the key."""
    assert konsep.field("tanggal").label == "Tanggal kegiatan"
