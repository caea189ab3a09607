"""Every document type renders as a naskah dinas: content, metadata and field boxes."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from itertools import combinations

import pytest
from pypdf import PdfReader

from sopflow.errors import ModelError
from sopflow.templates import RenderedDocument, SignatureSlot, known_types, render_document
from tests.templates.conftest import flat, pdf_text
from tests.templates.samples import DATA, KASI, KEPALA, KONSEPTOR, NOMOR, SLOTS, UNIT, sample_request

TITLES = {
    "surat_tugas": "SURAT TUGAS",
    "nota_dinas": "NOTA DINAS",
    "berita_acara": "BERITA ACARA SERAH TERIMA DOKUMEN",
    "laporan": "LAPORAN HASIL KALIBRASI PENILAIAN AGEN",
    "jadwal_coaching": "JADWAL COACHING TRIWULAN IV 2026",
    "log_book": "LOG BOOK KEGAGALAN SISTEM",
    "catatan_kegiatan": "CATATAN KEGIATAN MENELITI KONSEP USULAN",
}

CONTENT = {
    "surat_tugas": ["Menimbang", "Dasar", "Memberi Tugas", "Kepada", "Untuk", "Pangkat/Gol",
                    "Agus Salim", "199202022016021002", "Pengatur (II/c)", "164/PMK.01/2021",
                    "Jakarta, 23 November 2026", "Tembusan:", "Sekretaris Direktorat Jenderal Pajak"],
    "nota_dinas": ["Yth.", "Dari", "Sifat", "Lampiran", "Hal", "Tanggal", "23 November 2026", "Segera",
                   "Usulan penentuan waktu online ASA", "a.n. Direktur Jenderal Pajak", "1 (satu) berkas"],
    "berita_acara": ["Pada hari ini Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
                     "Ruang Rapat Lantai 3", "Siti Aminah", "198505052010012003",
                     "Demikian berita acara ini dibuat"],
    "laporan": ["I. PENDAHULUAN", "A. Umum", "B. Maksud dan Tujuan", "C. Ruang Lingkup", "D. Dasar",
                "II. KEGIATAN", "III. HASIL", "IV. SIMPULAN DAN SARAN", "V. PENUTUP",
                "Selisih penilaian rata-rata 3,5 poin.", "Jakarta, 23 November 2026"],
    "jadwal_coaching": ["Hari/Tanggal", "Waktu", "Peserta", "Tempat", "Budi Hartono", "Ruang Coaching 2"],
    "log_book": ["Pelapor", "Waktu Kejadian", "Uraian Kejadian", "Tindak Lanjut", "pulih pukul 10.45 WIB"],
    "catatan_kegiatan": ["Keputusan : Setuju", "Catatan : Konsep sudah sesuai.", "Yang mencatat,",
                         "Tanggal pemeriksaan : 20 November 2026", KASI.name, f"NIP {KASI.nip}"],
}


@pytest.mark.parametrize("doc_type", known_types())
def test_kop_title_and_nomor(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    text = flat(pdf_text(rendered[doc_type].pdf))
    for line in UNIT:
        assert line in text
    assert TITLES[doc_type] in text
    assert text.index(UNIT[-1]) < text.index(TITLES[doc_type])
    if doc_type in NOMOR:
        assert f"NOMOR {NOMOR[doc_type]}" in text
        assert text.index(TITLES[doc_type]) < text.index(NOMOR[doc_type])
    else:
        assert "NOMOR" not in text


@pytest.mark.parametrize("doc_type", known_types())
def test_content(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    text = flat(pdf_text(rendered[doc_type].pdf))
    for phrase in CONTENT[doc_type]:
        assert phrase in text, phrase


@pytest.mark.parametrize("doc_type", sorted(set(known_types()) - {"catatan_kegiatan"}))
def test_signature_block_and_paraf(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    text = flat(pdf_text(rendered[doc_type].pdf))
    assert f"{KEPALA.name} NIP {KEPALA.nip}" in text
    assert "Konseptor: Pelaksana Seksi Operasional" in text
    assert "Paraf: Kepala Seksi Operasional" in text
    assert "Diterima" in text and "Ditatausahakan" in text
    assert KONSEPTOR.name not in text.split("Ditatausahakan")[-1]


def test_decision_keys_are_not_document_content(rendered: dict[str, RenderedDocument]) -> None:
    text = pdf_text(rendered["nota_dinas"].pdf)
    assert DATA["nota_dinas"]["keputusan"] not in text


def test_place_and_date_at_signature_only_where_the_type_says(rendered: dict[str, RenderedDocument]) -> None:
    assert "Jakarta, 23 November 2026" not in pdf_text(rendered["nota_dinas"].pdf)
    assert "Jakarta, 23 November 2026" in pdf_text(rendered["surat_tugas"].pdf)


@pytest.mark.parametrize("doc_type", known_types())
def test_metadata(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    meta = PdfReader(io.BytesIO(rendered[doc_type].pdf)).metadata
    request = sample_request(doc_type)
    assert meta["/SopflowCase"] == request.case_id
    assert meta["/SopflowDocument"] == request.document_id
    assert meta["/SopflowTask"] == request.task_id
    assert meta["/SopflowPrevJournal"] == request.prev_journal_hash
    assert meta["/Creator"] == "sopflow"
    assert meta["/Title"].startswith(TITLES[doc_type])
    assert meta["/Author"] == request.slots[0].official.name
    assert request.sop_number in meta["/Subject"]


@pytest.mark.parametrize("doc_type", known_types())
def test_footer_on_every_page(rendered: dict[str, RenderedDocument], doc_type: str) -> None:
    pages = pdf_text(rendered[doc_type].pdf).split("\f")
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert "SOP LIP20-0013" in text and "Kasus LIP20-0013-0001" in text
        assert f"Halaman {number} dari {len(pages)}" in text


def test_fonts_are_embedded(rendered: dict[str, RenderedDocument]) -> None:
    reader = PdfReader(io.BytesIO(rendered["surat_tugas"].pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def _check_boxes(document: RenderedDocument, names: list[str]) -> None:
    reader = PdfReader(io.BytesIO(document.pdf))
    assert sorted(document.fields) == sorted(names)
    for name, field in document.fields.items():
        assert field.name == name
        page = reader.pages[field.page]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        x1, y1, x2, y2 = field.box
        assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height, name
    for a, b in combinations(document.fields.values(), 2):
        if a.page != b.page:
            continue
        apart = a.box[2] <= b.box[0] or b.box[2] <= a.box[0] or a.box[3] <= b.box[1] or b.box[3] <= a.box[1]
        assert apart, (a, b)


@pytest.mark.parametrize("doc_type", known_types())
def test_one_field_box_per_slot_inside_the_page_and_apart(rendered: dict[str, RenderedDocument],
                                                           doc_type: str) -> None:
    _check_boxes(rendered[doc_type], [slot.field_name for slot in sample_request(doc_type).slots])


def test_box_sizes(rendered: dict[str, RenderedDocument]) -> None:
    boxes = rendered["surat_tugas"].fields
    size = {name: (round(b.box[2] - b.box[0]), round(b.box[3] - b.box[1])) for name, b in boxes.items()}
    assert size["sign_Task_Approve"] == (200, 70)
    assert size["create_Task_Draft"] == (70, 40)
    assert size["paraf_Task_Review"] == (70, 40)


def test_signature_box_lies_between_jabatan_and_name(rendered: dict[str, RenderedDocument]) -> None:
    """The blank signature field sits under the jabatan line and above the printed name."""
    document = rendered["surat_tugas"]
    page = PdfReader(io.BytesIO(document.pdf)).pages[0]
    found: dict[str, float] = {}

    def visit(text: str, cm, tm, font, size) -> None:  # noqa: ANN001
        for needle in ("Pengaduan,", KEPALA.name):
            if text.strip().startswith(needle):
                found[needle] = cm[5] + tm[5]

    page.extract_text(visitor_text=visit)
    box = document.fields["sign_Task_Approve"].box
    assert found["Pengaduan,"] > box[3] - 2
    assert found[KEPALA.name] < box[1]


def test_every_action_gets_a_field_even_where_the_type_has_no_place_for_it() -> None:
    request = sample_request("catatan_kegiatan", slots=sample_request("surat_tugas").slots)
    document = render_document(request)
    _check_boxes(document, [slot.field_name for slot in request.slots])


def test_many_slots_still_fit_apart() -> None:
    base = sample_request("berita_acara").slots
    slots = tuple(
        type(slot)(field_name=f"{slot.field_name}_{i}", action=slot.action, role=slot.role, official=slot.official)
        for i in range(3) for slot in base
    )
    document = render_document(sample_request("berita_acara", slots=slots))
    _check_boxes(document, [slot.field_name for slot in slots])


def test_duplicate_field_names_are_refused() -> None:
    slots = sample_request("laporan").slots
    with pytest.raises(ModelError, match="create_Task_Draft"):
        render_document(sample_request("laporan", slots=slots + slots[:1]))


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ModelError, match="surat_cinta"):
        render_document(replace(sample_request("laporan"), doc_type="surat_cinta"))


def test_rendering_is_deterministic() -> None:
    request = sample_request("nota_dinas")
    assert render_document(request).pdf == render_document(request).pdf


@pytest.mark.parametrize("doc_type", known_types())
def test_empty_form_data_renders(doc_type: str) -> None:
    document = render_document(sample_request(doc_type, data={}, nomor=None))
    text = flat(pdf_text(document.pdf))
    assert TITLES[doc_type].split()[0] in text
    assert "Halaman 1 dari 1" in text
    assert len(document.fields) == len(sample_request(doc_type).slots)


def test_missing_optional_sections_are_omitted_and_renumbered() -> None:
    data = {"judul": "Singkat", "kegiatan": "Rapat.", "simpulan": "Selesai."}
    text = flat(pdf_text(render_document(sample_request("laporan", data=data)).pdf))
    assert "PENDAHULUAN" not in text and "HASIL YANG DICAPAI" not in text
    assert "I. KEGIATAN" in text and "II. SIMPULAN DAN SARAN" in text and "III. PENUTUP" in text
    assert "A. Simpulan" in text and "Saran" not in text.replace("SIMPULAN DAN SARAN", "")


def test_missing_labelled_values_print_a_dash() -> None:
    text = pdf_text(render_document(sample_request("nota_dinas", data={"hal": "Uji"})).pdf)
    assert "Yth. : - Dari" in flat(text)
    assert "Dari : Kepala Kantor Layanan Informasi dan Pengaduan" in flat(text)
    assert "Sifat : Biasa" in flat(text)


def test_atas_nama_line() -> None:
    text = flat(pdf_text(render_document(sample_request("surat_tugas", data={"atas_nama": "Direktur Jenderal Pajak"})).pdf))
    assert "a.n. Direktur Jenderal Pajak Kepala Kantor Layanan Informasi dan Pengaduan," in text


def test_rendered_text_matches_the_pdf(rendered: dict[str, RenderedDocument]) -> None:
    document = rendered["laporan"]
    assert "LAPORAN HASIL KALIBRASI PENILAIAN AGEN" in document.text
    assert "Penilaian ulang 30 rekaman panggilan oleh dua penilai." in document.text


def test_a_title_value_that_repeats_the_type_is_not_doubled() -> None:
    data = dict(DATA["laporan"], judul="Laporan Hasil Pelaksanaan Tugas")
    text = flat(pdf_text(render_document(sample_request("laporan", data=data)).pdf))
    assert "LAPORAN HASIL PELAKSANAAN TUGAS" in text and "LAPORAN LAPORAN" not in text


def test_the_signature_page_carries_body_text() -> None:
    """However the body ends, its last paragraph shares the page of the signature block."""
    for count in range(30, 50, 3):
        data = dict(DATA["log_book"], uraian="\n".join(f"Kejadian nomor {i}." for i in range(count)))
        document = render_document(sample_request("log_book", data=data))
        page = pdf_text(document.pdf).split("\f")[document.fields["sign_Task_Approve"].page]
        assert "Tindak Lanjut" in page


def test_untuk_beliau_follows_atas_nama_and_acting_officials_are_marked() -> None:
    acting = tuple(replace(s, official=replace(s.official, acting="Plt.")) if s.action == "sign" else s
                   for s in SLOTS)
    data = {"atas_nama": "Direktur Jenderal Pajak", "untuk_beliau": "Kepala Kantor Wilayah"}
    request = replace(sample_request("surat_tugas", data=data), slots=acting)
    text = flat(pdf_text(render_document(request).pdf))
    assert ("a.n. Direktur Jenderal Pajak u.b. Kepala Kantor Wilayah Plt. Kepala Kantor Layanan Informasi dan "
            "Pengaduan,") in text


def test_untuk_beliau_needs_atas_nama() -> None:
    text = flat(pdf_text(render_document(sample_request("surat_tugas", data={"untuk_beliau": "X Y"})).pdf))
    assert "u.b." not in text


def test_activity_record_prints_labels_not_keys_or_raw_values(rendered: dict[str, RenderedDocument]) -> None:
    text = flat(pdf_text(rendered["catatan_kegiatan"].pdf))
    for raw in ("keputusan", "setuju", "tanggal_periksa", "2026-11-20"):
        assert raw not in text, raw


def test_created_documents_print_choice_labels_and_indonesian_dates() -> None:
    from sopflow.model.forms import parse_form

    form = parse_form(json.dumps({"id": "log", "components": [
        {"type": "datetime", "subtype": "datetime", "key": "waktu_kejadian", "dateLabel": "Waktu kejadian"},
        {"type": "radio", "key": "pelapor", "label": "Pelapor",
         "values": [{"value": "tl", "label": "Team Leader Informasi"}, {"value": "agen", "label": "Agen"}]},
    ]}).encode(), source="log.form")
    data = {**DATA["log_book"], "waktu_kejadian": "2026-11-23T10:15", "pelapor": "tl"}
    text = flat(pdf_text(render_document(sample_request("log_book", data=data, form=form)).pdf))
    assert "Waktu Kejadian : 23 November 2026 pukul 10.15" in text
    assert "Pelapor : Team Leader Informasi" in text
    assert "2026-11-23T10:15" not in text and " tl " not in text


def test_two_signers_names_stand_on_one_line() -> None:
    """Side by side signature blocks end together, whatever the length of each jabatan."""
    slots = (*SLOTS, SignatureSlot("sign_Task_Second", "sign", "Kepala Seksi Operasional", KASI))
    document = render_document(sample_request("berita_acara", slots=slots))
    page = PdfReader(io.BytesIO(document.pdf)).pages[0]
    found: dict[str, float] = {}

    def visit(text: str, cm, tm, font, size) -> None:  # noqa: ANN001
        for needle in (KEPALA.name, KASI.name):
            if text.strip().startswith(needle):
                found[needle] = cm[5] + tm[5]

    page.extract_text(visitor_text=visit)
    assert abs(found[KEPALA.name] - found[KASI.name]) < 0.5, found
    boxes = document.fields
    assert abs(boxes["sign_Task_Approve"].box[1] - boxes["sign_Task_Second"].box[1]) < 0.5
