"""``import_sop``: an SOP text file → a BPMN draft, its forms and the list of every guess made."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sopflow.errors import InputError
from sopflow.importer.infer import HIGH, LOW, MEDIUM, Draft, Inference, infer_draft
from sopflow.importer.mutu_baku import HOURS_PER_WORKDAY, waktu_workdays
from sopflow.importer.reader import MAX_BYTES, SopText, read_sop_text
from sopflow.importer.writer import write_bpmn

__all__ = ["ImportResult", "import_sop", "draft_from_text"]

_DEADLINE = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*(?:\([^)]{0,40}\)\s*)?hari", re.IGNORECASE)


@dataclass
class ImportResult:
    """What ``import_sop`` wrote and guessed."""

    model: Path
    forms: list[Path]
    lanes: int
    tasks: int
    inferences: list[Inference]


def draft_from_text(sop: SopText, *, stem: str) -> tuple[Draft, bytes]:
    """Infer the draft of ``sop`` and write its BPMN bytes; missing identity is filled and reported."""
    draft = infer_draft(sop)
    notes = draft.inferences
    if not sop.number:
        sop.number = "DRAFT-" + (re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").upper()[:30] or "SOP")
        notes.append(Inference(0, "Nomor", f"nomor SOP tidak ditemukan; sementara '{sop.number}'", LOW))
    if not sop.title:
        description = sop.sections.get("deskripsi", "")
        m = re.search(r"\bproses\s+(.{10,80}?)(?:\s+yang\b|[.,])", description, re.IGNORECASE)
        sop.title = ("TATA CARA " + m.group(1)).upper() if m else f"SOP {sop.number}"
        notes.append(Inference(0, "Judul", f"judul SOP tidak ditemukan; sementara '{sop.title}'", LOW))
    if not sop.unit:
        sop.unit = ["UNIT KERJA (ISI KOP)"]
        notes.append(Inference(0, "Kop", "baris unit kerja (kop) tidak ditemukan; isi sop.unit", LOW))
    m = _DEADLINE.search(sop.sections.get("jangka_waktu", ""))
    if m:
        draft.deadline = float(m.group(1).replace(",", "."))
        notes.append(Inference(0, m.group(0), f"jangka waktu {draft.deadline:g} hari kerja", HIGH))
    else:
        draft.deadline = float(len(draft.tasks))
        notes.append(Inference(0, "Jangka Waktu", f"jangka waktu tidak ditemukan; sementara {draft.deadline:g} hari "
                               "kerja (satu hari per tugas)", LOW))
    share = max(round(draft.deadline / max(len(draft.tasks), 1), 2), 0.01)
    draft.durations = {t.id: share for t in draft.tasks}
    notes.append(Inference(0, "Jangka Waktu", f"waktu tiap tugas {share:g} hari kerja (jangka waktu dibagi rata "
                           f"atas {len(draft.tasks)} tugas) kecuali Waktu Mutu Baku-nya terbaca", MEDIUM))
    read = _apply_mutu_baku(sop, draft, share)
    if "mutu_baku" in sop.sections and not read:
        notes.append(Inference(0, "Mutu Baku", "bagian Mutu Baku tidak memberi nilai untuk langkah mana pun; tulis "
                               "tabel No | Kelengkapan | Waktu | Output, atau Kelengkapan/Waktu/Output di bawah tiap "
                               "langkah", LOW))
    for key in ("bagan", "rasci"):
        if sop.sections.get(key):
            line = sop.section_lines.get(key, 0)
            notes.append(Inference(0, f"baris {line}", f"bagian {key} tidak dibaca (diagram dibuat ulang)", MEDIUM))
    notes.sort(key=lambda item: item.step)
    prefix = re.sub(r"[^a-z0-9]+", "_", sop.number.lower()).strip("_")
    return draft, write_bpmn(sop, draft, form_prefix=prefix)


def _apply_mutu_baku(sop: SopText, draft: Draft, share: float) -> bool:
    """Each step's Kelengkapan, Waktu and Output onto its tasks; True when any step gave one."""
    notes = draft.inferences
    found = False
    for step in sop.steps:
        mutu = step.mutu
        tasks = [t for t in draft.tasks if t.step == step.number]
        if mutu.empty() or not tasks:
            continue
        found = True
        where = f"baris {mutu.line}: "
        for key, label in (("completeness", "Kelengkapan"), ("output", "Output")):
            if value := getattr(mutu, key):
                for task in tasks:
                    draft.mutu.setdefault(task.id, {})[key] = value
                notes.append(Inference(step.number, f"{where}{label}: {value[:60]}", f"{label.lower()} "
                                       f"'{value[:60]}'", HIGH))
        if not mutu.waktu:
            continue
        days = waktu_workdays(mutu.waktu)
        if days is None:
            notes.append(Inference(step.number, where + "Waktu: " + mutu.waktu[:40], "waktu tidak terbaca (tulis "
                                   f"mis. '1 hari', '2 jam', '30 menit'); dipakai bagian rata {share:g} hari kerja",
                                   LOW))
            continue
        sequential = [t for t in tasks if not t.parallel_group]
        each = days / len(sequential) if sequential else days
        for task in tasks:
            draft.durations[task.id] = max(round(days if task.parallel_group else each, 2), 0.01)
        split = f", dibagi atas {len(sequential)} tugas berurutan langkah ini" if len(sequential) > 1 else ""
        exact = re.fullmatch(r"\s*\d+\s*hari(?:\s+kerja)?\s*", mutu.waktu, re.IGNORECASE)
        notes.append(Inference(step.number, where + "Waktu: " + mutu.waktu[:40], f"durationWorkdays {days:.2f} "
                               f"(1 hari kerja = {HOURS_PER_WORKDAY:g} jam){split}", HIGH if exact and not split
                               else MEDIUM))
    return found


def import_sop(source: Path, out: Path, *, forms_dir: Path | None = None) -> ImportResult:
    """Draft ``out`` (a .bpmn) from the SOP text ``source`` and scaffold its forms into ``forms_dir``.

    :raises InputError: unreadable or malformed input (nothing is written then).
    """
    from sopflow.cli.runtime import read_input_file
    from sopflow.model.profile import load_model
    from sopflow.modeler.scaffold import scaffold_forms

    suffix = source.suffix.lower()
    if suffix not in (".txt", ".md", ".text", ".docx", ""):
        raise InputError(f"jenis berkas {source.suffix!r} tidak dibaca", where=str(source),
                         hint="simpan SOP sebagai .docx, atau teks .txt/.md (UTF-8)")
    if suffix == ".docx":
        from sopflow.importer.docx_text import docx_text

        data = read_input_file(source, what="dokumen SOP", limit=10 * MAX_BYTES)
        sop = read_sop_text(source, docx_text(source, data).encode("utf-8"))
    else:
        data = read_input_file(source, what="teks SOP", limit=MAX_BYTES + 1)
        sop = read_sop_text(source, data)
    draft, bpmn = draft_from_text(sop, stem=source.stem)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bpmn)
    target = forms_dir or out.parent / "forms"
    results = scaffold_forms(load_model(out), out, target, forms_dir=target)
    return ImportResult(out, [Path(r.path) for r in results if r.written], len(draft.lanes), len(draft.tasks),
                        draft.inferences)
