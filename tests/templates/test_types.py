"""Document types as data files: discovery, codes, strict parsing."""

from __future__ import annotations

import pytest

from sopflow.errors import ModelError
from sopflow.templates import document_keys, known_types, load_type, missing_keys, type_code
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


def test_document_keys_say_what_a_type_reads_and_requires() -> None:
    keys = {k.key: k for k in document_keys("nota_dinas")}
    assert list(keys)[:6] == ["yth", "dari", "sifat", "lampiran", "hal", "isi"]
    assert keys["yth"].required and keys["yth"].label == "Yth." and keys["yth"].default is None
    assert keys["sifat"].required and keys["sifat"].default == "Biasa"
    assert not keys["lampiran"].required
    assert {"atas_nama", "untuk_beliau", "tembusan"} <= set(keys)  # the closing reads them for every type
    petugas = {k.key: k for k in document_keys("surat_tugas")}["petugas"]
    assert petugas.multiline and petugas.columns == ("Nama", "NIP", "Pangkat/Gol", "Jabatan")
    assert "tempat" in {k.key for k in document_keys("berita_acara")}  # read through a {placeholder}
    assert "hari" not in {k.key for k in document_keys("berita_acara")}  # filled from the date


def test_every_type_but_the_activity_record_requires_content() -> None:
    for name in known_types():
        doctype = load_type(name)
        assert bool(doctype.required) != doctype.prints_form, name


def test_missing_keys_ignores_defaults_and_blank_text() -> None:
    assert missing_keys("nota_dinas", {"yth": "Kepala", "hal": "  ", "isi": ["", " "]}) == ["hal", "isi"]
    assert missing_keys("nota_dinas", {"yth": "Kepala", "hal": "Usulan", "isi": "Isi."}) == []


def test_a_required_key_no_block_prints_is_rejected() -> None:
    with pytest.raises(ModelError, match="required keys \\['nomor_surat'\\]"):
        parse_type("x", 'title = "X"\nrequired = ["nomor_surat"]\n[[blocks]]\nkind = "text"\nkey = "isi"\n')
