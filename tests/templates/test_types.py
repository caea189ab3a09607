"""Document types as data files: discovery, codes, strict parsing."""

from __future__ import annotations

import pytest

from sopflow.errors import ModelError
from sopflow.templates import known_types, load_type, type_code
from sopflow.templates.doctype import parse_type

TYPES = ["berita_acara", "catatan_kegiatan", "jadwal_coaching", "laporan", "log_book", "nota_dinas", "surat_tugas"]


def test_every_type_is_known() -> None:
    assert known_types() == TYPES


@pytest.mark.parametrize(("doc_type", "code"), [
    ("surat_tugas", "ST"), ("nota_dinas", "ND"), ("berita_acara", "BA"), ("laporan", "LAP"),
    ("jadwal_coaching", None), ("log_book", None), ("catatan_kegiatan", None),
])
def test_type_codes(doc_type: str, code: str | None) -> None:
    assert type_code(doc_type) == code


def test_unknown_type_names_it_and_lists_known_ones() -> None:
    with pytest.raises(ModelError) as caught:
        load_type("surat_cinta")
    text = str(caught.value)
    assert "surat_cinta" in text
    assert "nota_dinas" in text and "surat_tugas" in text


def test_type_code_of_unknown_type_raises() -> None:
    with pytest.raises(ModelError, match="surat_cinta"):
        type_code("surat_cinta")


def test_unknown_top_level_key_is_rejected() -> None:
    with pytest.raises(ModelError, match="colour"):
        parse_type("x", 'title = "X"\ncolour = "red"\n')


def test_unknown_block_kind_is_rejected_with_its_place() -> None:
    with pytest.raises(ModelError) as caught:
        parse_type("x", 'title = "X"\n[[blocks]]\nkind = "poem"\n')
    assert "poem" in str(caught.value) and "x.toml" in str(caught.value)


def test_unknown_block_key_is_rejected() -> None:
    with pytest.raises(ModelError, match="colour"):
        parse_type("x", 'title = "X"\n[[blocks]]\nkind = "text"\nkey = "isi"\ncolour = "red"\n')


def test_broken_toml_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="TOML"):
        parse_type("x", 'title = "X\n')


def test_a_new_type_is_only_data() -> None:
    doc = parse_type("surat_edaran", 'title = "SURAT EDARAN"\ncode = "SE"\n[[blocks]]\nkind = "text"\nkey = "isi"\n')
    assert doc.code == "SE" and doc.blocks[0].key == "isi"
