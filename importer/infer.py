"""Infer lanes, tasks, loops and parallel branches from the steps of an SOP text; every guess is recorded."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sopflow.importer.reader import SopText, Step

__all__ = ["Inference", "Lane", "DraftTask", "Draft", "infer_draft"]

HIGH, MEDIUM, LOW = "tinggi", "sedang", "rendah"

DOCUMENT_TYPES: list[tuple[str, str]] = [
    (r"surat\s+tugas", "surat_tugas"),
    (r"nota\s+dinas", "nota_dinas"),
    (r"berita(?:\s+acara)?", "berita_acara"),
    (r"log\s*book", "log_book"),
    (r"jadwal", "jadwal_coaching"),
    (r"laporan", "laporan"),
]
"""Document phrase → document type (first match wins)."""

_VERBS: list[tuple[str, str]] = [
    (r"\b(?:membuat|menyusun|menyiapkan)\s+(?:konsep|draf|rancangan)\b", "create"),
    (r"\bmenyusun\b", "create"),
    (r"\bmenandatangani\b", "sign"),
    (r"\b(?:memaraf|meneliti|menyetujui|memeriksa)\b", "paraf"),
    (r"\bmenerima\b", "receive"),
    (r"\b(?:menatausahakan|mengarsipkan)\b", "file"),
]
"""Verb phrase → action, in the order tried at each position."""

_LEAD = re.compile(r"^(?:selanjutnya|kemudian|berdasarkan[^,]{0,200},|setelah[^,]{0,200},|masing-masing|setiap)"
                   r"[\s,]*", re.IGNORECASE)
_VERB = re.compile(r"\b(?:me|mem|men|meng|meny|ber|di)[a-z]{3,}\b")
_MORE_DOCUMENTS = re.compile(r"\b(?:dan|beserta|serta)\s+(?:konsep\s+)?(" + "|".join(p for p, _ in DOCUMENT_TYPES)
                             + r")\b", re.IGNORECASE)
_STOP_WORDS = frozenset({"tersebut", "kepada", "yang", "dan", "serta", "ini", "itu", "dari", "untuk", "beserta",
                         "dalam", "sesuai", "menjadi", "pada", "oleh", "dengan", "telah"})
_LOOP = re.compile(r"\b(?:apabila|jika|bila)\b(?P<cond>[^.;]{0,200}?)\bkembali\s+ke\s+langkah\s+(?P<n>\d{1,4})",
                   re.IGNORECASE)


@dataclass
class Inference:
    """One guess: where (step, phrase), what was inferred, how sure."""

    step: int
    phrase: str
    inferred: str
    confidence: str


@dataclass
class Lane:
    """A role of Pihak yang Terkait and the names steps call it by."""

    name: str
    aliases: list[str]


@dataclass
class DraftTask:
    """One user task of the draft."""

    id: str
    step: int
    lane: int
    name: str
    action: str
    document: str
    template: str
    sentence: str
    parallel_group: int = 0
    """Non-zero: tasks of the same step run side by side."""


@dataclass
class Draft:
    """Lanes, tasks in step order, loops (from task id → back to step) and the inference list."""

    lanes: list[Lane]
    tasks: list[DraftTask]
    loops: list[tuple[str, int, str]] = field(default_factory=list)
    inferences: list[Inference] = field(default_factory=list)
    deadline: float = 0.0
    durations: dict[str, float] = field(default_factory=dict)
    mutu: dict[str, dict[str, str]] = field(default_factory=dict)
    """Task id → Mutu Baku text properties (``completeness``, ``output``)."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def parse_lanes(section: str, notes: list[Inference]) -> list[Lane]:
    """Pihak yang Terkait items → lanes; "yang ditunjuk sebagai X" → X, "(ABBR)" → alias."""
    lanes: list[Lane] = []
    for item in re.split(r"\n|(?:^|\s)(?=(?:\d{1,2}|[a-z])\.\s)", section):
        item = re.sub(r"^\s*(?:\d{1,2}|[a-z])\.\s*", "", item).strip().rstrip(";.")
        if len(item) < 3:
            continue
        aliases: list[str] = []
        name = item
        if m := re.search(r"\byang\s+ditunjuk\s+sebagai\s+(.+)$", item, re.IGNORECASE):
            designated = m.group(1).strip()
            inner = re.findall(r"\(([^)]+)\)", designated)
            designated = re.sub(r"\s*\(([^)]*)\)", "", designated).strip() or (inner[0] if inner else designated)
            aliases += [designated, *inner]
            name = designated
            notes.append(Inference(0, item, f"peran '{name}' (yang ditunjuk sebagai)", HIGH))
        else:
            inner = re.findall(r"\(([^)]+)\)", item)
            base = re.sub(r"\s*\([^)]*\)", "", item).strip()
            name = base
            aliases += [base, *inner]
        aliases.append(name)
        lanes.append(Lane(name, list(dict.fromkeys(a for a in aliases if a))))
    return lanes


def _actor_phrase(clause: str) -> tuple[str, str]:
    """The words before the first verb of a clause, and the rest."""
    clause = _LEAD.sub("", clause.strip())
    clause = _LEAD.sub("", clause)
    for m in _VERB.finditer(clause):
        if m.start() > 0:
            return clause[: m.start()].strip(" ,"), clause[m.start():]
    return "", clause


def match_actors(phrase: str, lanes: list[Lane]) -> tuple[list[int], str]:
    """Lanes an actor phrase names, and how sure the match is."""
    low = phrase.lower()
    found: list[tuple[int, int]] = []
    for index, lane in enumerate(lanes):
        positions = [low.find(a.lower()) for a in lane.aliases if a.lower() in low]
        if positions:
            found.append((min(positions), index))
    if found:
        rest = low
        for _, index in found:
            for alias in sorted(lanes[index].aliases, key=len, reverse=True):
                rest = rest.replace(alias.lower(), ",")
        extra = [i for part in re.split(r",|\s+dan\s+|\s+serta\s+", rest) if len(part.strip()) > 3
                 for i in match_actors(part.strip(), lanes)[0][:3] if i not in {f for _, f in found}]
        return [i for _, i in sorted(found)] + extra, HIGH if not extra else MEDIUM
    prefix = [i for i, lane in enumerate(lanes) if any(a.lower().startswith(low) for a in lane.aliases)] if low else []
    if low and len(prefix) == 1:
        return prefix, MEDIUM
    if low and prefix:  # a generic name shared by several designated roles: every one of them
        return prefix, LOW
    group = [i for i, lane in enumerate(lanes) if low and any(low in a.lower() for a in lane.aliases)]
    if group:
        return group, MEDIUM
    scores = [(max(difflib.SequenceMatcher(None, low, a.lower()).ratio() for a in lane.aliases), i)
              for i, lane in enumerate(lanes)]
    best = max(scores, default=(0.0, -1))
    if best[0] >= 0.6:
        return [best[1]], LOW
    return [], LOW


def _actions(text: str) -> list[tuple[str, str, str]]:
    """(action, document phrase, verb phrase) for each action verb of a clause, in order."""
    hits: list[tuple[int, int, str]] = []
    for pattern, action in _VERBS:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if not any(s <= m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), action))
    hits = sorted(h for h in hits if not (re.search(r"\b(?:untuk|agar|guna)\s+$", text[max(0, h[0] - 8):h[0]])
                                          and re.search(r"\b(?:menugaskan|memerintahkan|meminta)\b", text[:h[0]])))
    out: list[tuple[str, str, str]] = []
    for index, (start, end, action) in enumerate(hits):
        stop = hits[index + 1][0] if index + 1 < len(hits) else len(text)
        out.append((action, text[end:stop], text[start:end]))
    for index in range(len(out) - 2, -1, -1):  # "meneliti, menyetujui dan menandatangani X": X for each verb
        action, obj, verb = out[index]
        if re.fullmatch(r"[\s,]*(?:dan|serta)?[\s,]*", obj):
            out[index] = (action, out[index + 1][1], verb)
    return out


def _document(phrase: str, lanes: list[Lane]) -> tuple[str, str, str]:
    """(document id, template, matched words) named at the start of an object phrase."""
    head = phrase[:160]
    best: tuple[int, str, str, str] | None = None
    for pattern, template in DOCUMENT_TYPES:
        m = re.search(pattern, head, re.IGNORECASE)
        if m and m.start() <= 25 and (best is None or m.start() < best[0]):
            best = (m.start(), template, m.group(0), head[m.end():])
    if best is None:
        return "", "", ""
    _, template, words, after = best
    document = template
    qualifier = re.match(r"\s*([A-Za-z]{3,})", after)
    if qualifier and qualifier.group(1).lower() not in _STOP_WORDS and qualifier.group(1).lower() not in template:
        document = f"{template}_{qualifier.group(1).lower()}"
    for lane in lanes:
        for alias in lane.aliases:
            if len(alias) <= 20 and re.match(r"\s*" + re.escape(alias) + r"\b", after, re.IGNORECASE):
                document = f"{template}_{_slug(alias)}"
    return document, template, words


def infer_draft(sop: SopText) -> Draft:
    """The draft of ``sop``: lanes, tasks (one per action of each actor), loops and every guess made."""
    notes: list[Inference] = [Inference(0, f"baris {line}: {phrase}", what, MEDIUM) for line, phrase, what in sop.notes]
    lanes = parse_lanes(sop.sections.get("pihak", ""), notes)
    draft = Draft(lanes=lanes, tasks=[], inferences=notes)
    group = 0
    previous: list[int] = []
    for step in sop.steps:
        clauses = re.split(r",?\s+sedangkan\s+|\s+secara\s+bersamaan\s+dengan\s+", step.text)
        units: list[tuple[int, str, str]] = []  # (lane, text, confidence)
        for clause in clauses:
            phrase, rest = _actor_phrase(clause)
            actors, sure = match_actors(phrase, lanes)
            if not actors:
                actors, sure = match_actors(clause[:120], lanes)
                actors, sure = actors[:1], LOW
            if not actors:
                if not lanes:
                    lanes.append(Lane("Pelaksana", ["Pelaksana"]))
                actors = [len(draft.tasks) and draft.tasks[-1].lane or 0]
                notes.append(Inference(step.number, clause[:80], f"pelaksana tidak dikenali; dianggap "
                                       f"'{lanes[actors[0]].name}'", LOW))
            else:
                notes.append(Inference(step.number, phrase or clause[:60],
                                       "pelaksana: " + ", ".join(lanes[a].name for a in actors), sure))
            units += [(a, rest, sure) for a in actors]
        parallel = len(units) > 1
        lanes_now = [u[0] for u in units]
        if parallel and lanes_now != previous:
            group += 1
        previous = lanes_now if parallel else []
        if parallel:
            notes.append(Inference(step.number, step.text[:80], f"{len(units)} cabang paralel "
                                   "(beberapa pelaksana dalam satu langkah)", MEDIUM))
        for lane, text, _ in units:
            _step_tasks(draft, step, lane, text, group if parallel else 0, single=not parallel)
        if m := _LOOP.search(step.text):
            target = int(m.group("n"))
            draft.loops.append((draft.tasks[-1].id, target, m.group(0)))
            notes.append(Inference(step.number, m.group(0)[:80], f"gerbang eksklusif: kembali ke langkah {target}",
                                   MEDIUM))
    _complete_documents(draft)
    for position, role in enumerate(lanes):
        if not any(t.lane == position for t in draft.tasks):
            notes.append(Inference(0, role.name, "lajur tanpa tugas: pihak ini tidak disebut sebagai pelaksana "
                                   "langkah mana pun; hapus lajurnya atau tetapkan tugasnya", MEDIUM))
    return draft


def _step_tasks(draft: Draft, step: Step, lane: int, text: str, group: int, *, single: bool) -> None:
    """Tasks of one actor in one step: one per (action, document); a step without one is a record task."""
    made: list[tuple[str, str]] = []
    for action, obj, verb in (_actions(text) if single else []):
        document, template, words = _document(obj, draft.lanes)
        latest = [t for t in draft.tasks if t.action == "create"]
        if not document and action in ("file", "receive") and latest and not re.match(
                r"\s*(?:penugasan|tugas|disposisi|arahan|pengarahan)\b", obj, re.IGNORECASE):
            document, template, words = latest[-1].document, latest[-1].template, obj.strip()[:40]
            draft.inferences.append(Inference(step.number, verb + obj[:40], f"tidak menyebut jenis naskah; dianggap "
                                              f"naskah terakhir yang dibuat ({document})", LOW))
        if not document:
            if action in ("create", "paraf", "sign", "receive", "file"):
                draft.inferences.append(Inference(step.number, verb + obj[:40],
                                                  f"'{verb}' tanpa jenis naskah dikenal; dicatat (record)", LOW))
            continue
        docs = [(document, template, words)]
        for extra in _MORE_DOCUMENTS.finditer(obj):
            more = _document(obj[extra.start(1):], draft.lanes)
            if more[0] and more[0] != document:
                docs.append(more)
        for doc, tmpl, found in docs:
            if (action, doc) in made:
                continue
            if action == "paraf" and ("sign", doc) in [(a, _document(o, draft.lanes)[0]) for a, o, _ in _actions(text)]:
                made.append((action, doc))
                _review(draft, step, lane, doc, f"{verb} {found}", group)
                continue
            made.append((action, doc))
            _add(draft, step, lane, action, doc, tmpl, f"{verb} {found}", group)
            draft.inferences.append(Inference(step.number, f"{verb} … {found}", f"{action} {doc}",
                                              HIGH if action in ("create", "sign", "file") else MEDIUM))
    if not made:
        _add(draft, step, lane, "record", "", "", text, group)
        draft.inferences.append(Inference(step.number, text[:60], "record (catatan kegiatan)", MEDIUM))
        review = re.search(r"\b(?:meneliti|memeriksa)\b[^.]{0,40}?\bkonsep\s+(\w+)", text, re.IGNORECASE)
        if review and single:
            drafting = re.compile(r"\b(?:menyusun|membuat)\s+konsep\s+" + re.escape(review.group(1)), re.IGNORECASE)
            drafted = [t for t in draft.tasks[:-1] if drafting.search(t.sentence)]
            if drafted:
                draft.loops.append((draft.tasks[-1].id, drafted[-1].step, review.group(0)))
                draft.inferences.append(Inference(step.number, review.group(0), "tinjauan konsep; gerbang eksklusif "
                                                  f"kembali ke langkah {drafted[-1].step} bila dikembalikan (tidak "
                                                  "tertulis di teks)", LOW))


def _review(draft: Draft, step: Step, lane: int, document: str, label: str, group: int) -> None:
    """A review before the signer signs: a decision task looping back to the step that drafted the document."""
    creators = [t for t in draft.tasks if t.action == "create" and t.document == document and t.step < step.number]
    if not creators:
        return
    _add(draft, step, lane, "record", "", "", label, group)
    target = creators[-1].step
    draft.loops.append((draft.tasks[-1].id, target, label))
    draft.inferences.append(Inference(step.number, label, f"tinjauan {document} sebelum ditandatangani; gerbang "
                                      f"eksklusif kembali ke langkah {target} bila dikembalikan (tidak tertulis di "
                                      "teks)", LOW))


def _add(draft: Draft, step: Step, lane: int, action: str, document: str, template: str, label: str,
         group: int) -> None:
    index = len(draft.tasks) + 1
    name = _LEAD.sub("", re.sub(r"\s+", " ", label).strip(" .,"))
    name = re.split(r"[,;.]\s|\s+(?:kepada|untuk|serta|yang|sesuai|dalam)\s", name)[0]
    if len(name) > 48:
        name = name[:48].rsplit(" ", 1)[0]
    draft.tasks.append(DraftTask(f"Task_{step.number}_{index}", step.number, lane, name[:1].upper() + name[1:],
                                 action, document, template if action == "create" else "", step.text, group))


def _complete_documents(draft: Draft) -> None:
    """Make the profile's document rules hold: paraf on a review-only doc → sign where none; create before use."""
    created: set[str] = set()
    for position, task in enumerate(list(draft.tasks)):
        if task.action in ("paraf", "sign", "receive", "file") and task.document not in created:
            template = next(t for p, t in DOCUMENT_TYPES if task.document.startswith(t))
            earlier = [t for t in draft.tasks[: draft.tasks.index(task)] if t.action == "create"
                       and t.document.startswith(template)]
            if earlier and task.document == template:  # a bare "laporan": the latest one of its type
                task.document = earlier[-1].document
                continue
            if earlier:
                draft.inferences.append(Inference(task.step, task.name, f"naskah {task.document} disamakan dengan "
                                                  f"{earlier[-1].document} yang dibuat pada langkah "
                                                  f"{earlier[-1].step}", LOW))
                task.document = earlier[-1].document
                continue
            index = draft.tasks.index(task)
            draft.tasks.insert(index, DraftTask(f"Task_{task.step}_c{position}", task.step, task.lane,
                                                f"Membuat {task.document.replace('_', ' ')}", "create",
                                                task.document, template, task.sentence, task.parallel_group))
            draft.inferences.append(Inference(task.step, task.name, f"naskah {task.document} tidak pernah dibuat; "
                                              "ditambahkan tugas create sebelum langkah ini", LOW))
            created.add(task.document)
        if task.action == "create":
            created.add(task.document)
    for task in list(draft.tasks):
        if task.action == "create" and not any(t.action == "sign" and t.document == task.document
                                               for t in draft.tasks):
            later = [t for t in draft.tasks if t.document == task.document and t.action == "paraf"]
            holder = later[-1] if later else task
            holder.action = "sign"
            if holder is task:
                index = draft.tasks.index(task)
                holder.action = "create"
                draft.tasks.insert(index + 1, DraftTask(f"{task.id}_ttd", task.step, task.lane,
                                                        f"Menandatangani {task.document.replace('_', ' ')}", "sign",
                                                        task.document, "", task.sentence, task.parallel_group))
            draft.inferences.append(Inference(holder.step, holder.name, f"naskah {task.document} tidak pernah "
                                              "ditandatangani; tanda tangan ditetapkan pada tugas ini", LOW))
    for task in draft.tasks:
        if task.parallel_group and task.action != "record":
            task.parallel_group = 0
