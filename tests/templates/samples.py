"""Sample requests: one per document type, with the form keys the forms use."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from typing import Any

from sopflow.model.forms import parse_form
from sopflow.officials import Official
from sopflow.templates import DocumentRequest, SignatureSlot

UNIT = (
    "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
    "DIREKTORAT JENDERAL PAJAK",
    "KANTOR LAYANAN INFORMASI DAN PENGADUAN",
)
DATE = datetime.date(2026, 11, 23)

KONSEPTOR = Official("Rina Marlina, S.E.", "199001012015022001", "Pelaksana Seksi Operasional", "Penata Muda (III/a)")
KASI = Official("Dedi Rudaedi, S.E., M.M.", "198001012005011001", "Kepala Seksi Operasional", "Penata Tk. I (III/d)")
KEPALA = Official("Ir. Bambang Sutrisno, M.Sc.", "197005052000031002", "Kepala Kantor Layanan Informasi dan Pengaduan", "Pembina (IV/a)")
SEKRETARIS = Official("Siti Aminah", "198505052010012003", "Pelaksana Tata Usaha")

SLOTS = (
    SignatureSlot("create_Task_Draft", "create", "Pelaksana Seksi Operasional", KONSEPTOR),
    SignatureSlot("paraf_Task_Review", "paraf", "Kepala Seksi Operasional", KASI),
    SignatureSlot("sign_Task_Approve", "sign", "Kepala Kantor", KEPALA),
    SignatureSlot("receive_Task_Receive", "receive", "Pelaksana Tata Usaha", SEKRETARIS),
    SignatureSlot("file_Task_File", "file", "Pelaksana Tata Usaha", SEKRETARIS),
)

DATA: dict[str, dict[str, Any]] = {
    "surat_tugas": {
        "menimbang": "bahwa dalam rangka menjaga mutu layanan Kring Pajak perlu dilaksanakan kalibrasi "
                     "penilaian agen secara berkala.",
        "dasar": "Peraturan Menteri Keuangan Nomor 164/PMK.01/2021 tentang Tata Naskah Dinas\n"
                 "Keputusan Direktur Jenderal Pajak Nomor KEP-100/PJ/2026",
        "petugas": "Rina Marlina, S.E. | 199001012015022001 | Penata Muda (III/a) | Pelaksana Seksi Operasional\n"
                   "Agus Salim | 199202022016021002 | Pengatur (II/c) | Pelaksana Seksi Operasional",
        "untuk": "melaksanakan kalibrasi penilaian agen pada tanggal 24 s.d. 26 November 2026 dan "
                 "melaporkan hasilnya kepada Kepala Kantor.",
        "tembusan": "Direktur Jenderal Pajak\nSekretaris Direktorat Jenderal Pajak",
    },
    "nota_dinas": {
        "yth": "Kepala Kantor Layanan Informasi dan Pengaduan",
        "sifat": "Segera",
        "lampiran": "1 (satu) berkas",
        "hal": "Usulan penentuan waktu online ASA",
        "isi": "Sehubungan dengan evaluasi layanan Kring Pajak, dengan ini kami sampaikan usulan waktu "
               "online Agen Services Assistant (ASA) untuk periode Desember 2026.\n"
               "Usulan terlampir telah mempertimbangkan volume panggilan tiga bulan terakhir.",
        "atas_nama": "Direktur Jenderal Pajak",
        "tembusan": "Kepala Seksi Operasional",
        "keputusan": "setuju",
    },
    "berita_acara": {
        "judul": "Serah Terima Dokumen",
        "tempat": "Ruang Rapat Lantai 3",
        "pihak": "Rina Marlina, S.E. | 199001012015022001 | Pelaksana Seksi Operasional\n"
                 "Siti Aminah | 198505052010012003 | Pelaksana Tata Usaha",
        "isi": "Pihak pertama menyerahkan kepada pihak kedua laporan kalibrasi beserta lampirannya.",
    },
    "laporan": {
        "judul": "Hasil Kalibrasi Penilaian Agen",
        "umum": "Kalibrasi dilaksanakan untuk menyamakan persepsi penilai mutu.",
        "maksud_tujuan": "Menyeragamkan penilaian agen.",
        "ruang_lingkup": "Seluruh agen Kring Pajak.",
        "dasar": "Surat Tugas Nomor ST-12/PJ.09/2026",
        "kegiatan": "Penilaian ulang 30 rekaman panggilan oleh dua penilai.",
        "hasil": "Selisih penilaian rata-rata 3,5 poin.",
        "simpulan": "Penilaian sudah cukup seragam.",
        "saran": "Kalibrasi dilanjutkan setiap triwulan.",
    },
    "jadwal_coaching": {
        "judul": "Triwulan IV 2026",
        "hal": "Jadwal coaching agen",
        "jadwal": "Senin, 30 November 2026 | 09.00-10.00 | Agus Salim | Ruang Coaching 1\n"
                  "Selasa, 1 Desember 2026 | 13.00-14.00 | Budi Hartono | Ruang Coaching 2",
    },
    "log_book": {
        "hal": "Gangguan aplikasi telepon",
        "pelapor": "Agus Salim",
        "waktu_kejadian": "23 November 2026 pukul 10.15 WIB",
        "uraian": "Aplikasi telepon tidak dapat menerima panggilan masuk.",
        "tindak_lanjut": "Dilaporkan ke helpdesk TI; layanan pulih pukul 10.45 WIB.",
    },
    "catatan_kegiatan": {
        "hal": "Pemeriksaan konsep",
        "keputusan": "setuju",
        "tanggal_periksa": "2026-11-20",
        "catatan": "Konsep sudah sesuai.",
    },
}

RECORD_FORM = parse_form(json.dumps({"id": "periksa", "components": [
    {"type": "textfield", "key": "hal", "label": "Hal"},
    {"type": "select", "key": "keputusan", "label": "Keputusan",
     "values": [{"value": "setuju", "label": "Setuju"}, {"value": "kembalikan", "label": "Kembalikan untuk diperbaiki"}]},
    {"type": "datetime", "subtype": "date", "key": "tanggal_periksa", "dateLabel": "Tanggal pemeriksaan"},
    {"type": "textarea", "key": "catatan", "label": "Catatan"},
]}).encode(), source="periksa.form")
"""The form of the ``catatan_kegiatan`` sample: a choice and a date field."""

NOMOR = {"surat_tugas": "ST-12/PJ.09/2026", "nota_dinas": "ND-123/PJ.09/2026", "berita_acara": "BA-7/PJ.09/2026",
         "laporan": "LAP-3/PJ.09/2026"}


def sample_request(doc_type: str, **changes: Any) -> DocumentRequest:
    """A full request of ``doc_type``; ``changes`` replace fields."""
    slots = SLOTS
    if doc_type == "catatan_kegiatan":
        slots = (SignatureSlot("record_Task_Check", "record", "Kepala Seksi Operasional", KASI),)
    request = DocumentRequest(
        doc_type=doc_type, document_id=doc_type, case_id="LIP20-0013-0001", task_id="3f1c6f7e-task",
        unit_lines=UNIT, nomor=NOMOR.get(doc_type), date=DATE, place="Jakarta", data=DATA[doc_type],
        form=RECORD_FORM, activity="Meneliti konsep usulan", slots=slots, sop_number="LIP20-0013", sop_title="Penentuan Waktu Online ASA",
        prev_journal_hash="a" * 64, verify_payload=":".join(["sopflow:LIP20-0013-0001", doc_type, *NOMOR.get(doc_type, "").split()]),
    )
    return replace(request, **changes)
