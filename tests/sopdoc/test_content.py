"""Identity part: lenient section headings, approver lines, Prosedur Kerja sentences."""

from __future__ import annotations

from sopflow.model.profile import load_model
from sopflow.sopdoc.content import read_content, step_sentence

from .conftest import FIXTURES


def test_sections_from_documentation_headings():
    content = read_content(load_model(FIXTURES / "review_loop.bpmn"))
    by_key = {s.key: s for s in content.sections}
    assert [s.key for s in content.sections] == [
        "deskripsi", "dasar_hukum", "keterkaitan", "pihak", "input", "output", "extra"
    ]
    # Wrapped lines join into one paragraph; "A." enumerators and ** emphasis are not part of titles.
    assert by_key["deskripsi"].paragraphs == (
        "Prosedur ini menguraikan tata cara penyusunan dan penilaian laporan kualitas layanan & tindak lanjutnya.",
    )
    assert len(by_key["dasar_hukum"].paragraphs) == 2
    assert by_key["keterkaitan"].title == "Surat Edaran Terkait"
    # Text on the heading line itself is the body.
    assert by_key["output"].paragraphs == ("Laporan penilaian kualitas layanan yang telah ditandatangani",)
    assert by_key["extra"].title == "Perhatian"
    assert content.deadline_text == "Paling lama 12 (dua belas) hari kerja"
    assert content.related_parties[0] == "Kepala Seksi Penjaminan Kualitas Layanan"


def test_approver_lines():
    approval = read_content(load_model(FIXTURES / "review_loop.bpmn")).approval
    assert approval is not None
    assert approval.jabatan == ("a.n. Direktur Jenderal", "Sekretaris Direktorat Jenderal")
    assert approval.name == "Dedi Rudaedi"
    assert approval.after_name == ("NIP 195309231976101001",)


def test_step_sentence():
    assert step_sentence("Kepala Seksi", "Meneliti konsep usulan.") == "Kepala Seksi meneliti konsep usulan."
    assert step_sentence("CSO", "SMS dikirim") == "CSO SMS dikirim."
