"""Shared helpers of the runner and CLI tests (also imported by the child processes they start).

Everything is real: a test PKI, PKCS#12 signers, rendered and signed PDFs,
SQLite (or PostgreSQL) databases.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sopflow.bpmn import resolve_model
from sopflow.runner.blobs import BlobError
from sopflow.runner.cases import CaseService, TaskView
from sopflow.runner.completion import Completion, complete_task
from sopflow.runner.engine import Engine, ReadyTask
from sopflow.runner.journal import GENESIS, chain_problems
from sopflow.runner.roster import Roster
from sopflow.runner.store import CaseRow, DocumentRow, LetterNumberRow, RevisionRow, TaskRow
from sopflow.signing import open_signer

SEED = "lip20-0013"
"""The seed used by most runner tests: record, create (ST, ND, LAP), sign, receive, file."""
LOOP_SEED = "lip30-0006"
"""The seed with a return-for-revision loop (Task_TelitiLaporan, keputusan = "kembalikan")."""
NUMBERED_TASK = "Task_SusunKonsepSuratTugas"
"""First task of :data:`SEED` that takes a letter number (surat tugas, ST)."""


def seed(name: str) -> Path:
    """Path of a seed model."""
    path = resolve_model(name)
    assert path is not None, f"seed model {name} is missing from bpmn/"
    return path


def defaults(service: CaseService, view: TaskView, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The task form's default values, with overrides."""
    data = service.form_of(view.case_id, view.form_key).defaults() if view.form_key else {}
    return {**data, **(overrides or {})}


def ready(service: CaseService, case_id: str, spec_id: str | None = None) -> TaskView:
    """The first ready task of a case (of one BPMN element, when given)."""
    views = [v for v in service.ready_tasks(case_id) if spec_id is None or v.spec_id == spec_id]
    assert views, f"no ready task {spec_id or ''} in case {case_id}"
    return views[0]


def complete(service: CaseService, roster: Roster, view: TaskView,
             overrides: Mapping[str, Any] | None = None) -> Completion:
    """Complete a ready task as its rostered official with the form defaults."""
    with open_signer(roster.for_role(view.role or "").signer) as signer:
        return complete_task(service, view.case_id, view.id, defaults(service, view, overrides), signer)


def drive_until(service: CaseService, roster: Roster, case_id: str, spec_id: str) -> TaskView:
    """Complete the first ready tasks until ``spec_id`` is ready; return its view."""
    for _ in range(100):
        views = service.ready_tasks(case_id)
        hit = [v for v in views if v.spec_id == spec_id]
        if hit:
            return hit[0]
        assert views, f"case {case_id} finished without reaching {spec_id}"
        complete(service, roster, views[0])
    raise AssertionError(f"{spec_id} never became ready")


def drive_to_end(service: CaseService, roster: Roster, case_id: str) -> int:
    """Complete every task with defaults; return how many."""
    count = 0
    while views := service.ready_tasks(case_id):
        complete(service, roster, views[0])
        count += 1
    return count


def snapshot(service: CaseService, case_id: str) -> dict[str, Any]:
    """Everything a completion may change, to compare before and after."""
    with service.store.session() as session:
        case = session.get(CaseRow, case_id)
        return {
            "version": case.version, "state": hashlib.sha256(case.state).hexdigest(),
            "journal": service.journal(case_id),
            "documents": [(d.document_id, d.revision, d.nomor) for d in service.documents(case_id)],
            "revisions": [(r.document_id, r.revision, r.sha256) for r in service.revisions(case_id)],
            "numbers": sorted((n.nomor, n.document_id) for n in session.scalars(
                select(LetterNumberRow).where(LetterNumberRow.case_id == case_id))),
            "ready": [v.id for v in service.ready_tasks(case_id)],
        }


def workflow_ready(service: CaseService, case: CaseRow) -> list[ReadyTask]:
    """The ready user tasks of a running case, from its stored workflow state (none once it ended)."""
    if case.status != "running":
        return []
    engine = Engine(service.model_of(case.id))
    return engine.ready_tasks(engine.restore(case.state))


def consistency_problems(service: CaseService, case_id: str) -> list[str]:
    """Everything that must hold between journal, revisions, documents, numbers, tasks and blobs."""
    problems: list[str] = []
    journal = service.journal(case_id)
    problems += [f"journal line {p.line}: {p.message}" for p in chain_problems(journal)]
    with service.store.session() as session:
        case = session.get(CaseRow, case_id)
        if case.journal_length != len(journal):
            problems.append(f"journal_length {case.journal_length} but {len(journal)} entries")
        if case.journal_head != (journal[-1]["hash"] if journal else GENESIS):
            problems.append("journal_head is not the last entry's hash")
        revisions = session.scalars(select(RevisionRow).where(RevisionRow.case_id == case_id)).all()
        documents = {d.document_id: d for d in session.scalars(
            select(DocumentRow).where(DocumentRow.case_id == case_id))}
        numbers = session.scalars(select(LetterNumberRow).where(LetterNumberRow.case_id == case_id)).all()
        completed = {t.task_id for t in session.scalars(
            select(TaskRow).where(TaskRow.case_id == case_id, TaskRow.completed_at.is_not(None)))}
        waiting = {t.task_id for t in session.scalars(
            select(TaskRow).where(TaskRow.case_id == case_id, TaskRow.status == "ready"))}
        in_workflow = {task.id for task in workflow_ready(service, case)}
    by_seq = {r.journal_seq: r for r in revisions}
    if len(by_seq) != len(revisions) or len(revisions) != len(journal):
        problems.append(f"{len(revisions)} revisions for {len(journal)} journal entries")
    for entry in journal:
        rev = by_seq.get(entry["seq"])
        if rev is None or (rev.document_id, rev.revision, rev.sha256) != (
                entry["document"], entry["revision"], entry["doc_sha256"]):
            problems.append(f"journal entry {entry['seq']} has no matching revision")
        if entry["task"]["id"] not in completed:
            problems.append(f"task of journal entry {entry['seq']} is not marked completed")
        try:
            service.store.blobs.get(entry["doc_sha256"])  # checks the digest
        except BlobError:
            problems.append(f"blob of journal entry {entry['seq']} is missing or corrupt")
    if waiting != in_workflow:
        problems.append(f"ready-task rows {sorted(waiting)} differ from the workflow's ready tasks "
                        f"{sorted(in_workflow)}")
    if len(completed) != len(journal):
        problems.append(f"{len(completed)} tasks marked completed for {len(journal)} journal entries")
    for doc in documents.values():
        last = max((r.revision for r in revisions if r.document_id == doc.document_id), default=0)
        if doc.revision != last:
            problems.append(f"document {doc.document_id} points at revision {doc.revision}, newest is {last}")
    for number in numbers:
        doc = documents.get(number.document_id)
        if doc is None or doc.nomor != number.nomor:
            problems.append(f"letter number {number.nomor} is taken but no document carries it")
    for doc in documents.values():
        if doc.nomor and not any(n.nomor == doc.nomor for n in numbers):
            problems.append(f"document {doc.document_id} carries {doc.nomor}, not in the registry")
    return problems


def taken_numbers(service: CaseService) -> dict[tuple[str, str, int], list[int]]:
    """Sequence numbers taken per (unit, type, year), sorted."""
    taken: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    with service.store.session() as session:
        for row in session.scalars(select(LetterNumberRow)):
            taken[(row.unit_code, row.type_code, row.year)].append(row.seq)
    return {key: sorted(seqs) for key, seqs in taken.items()}


def dump(value: Any) -> str:
    """JSON for passing arguments to child processes."""
    return json.dumps(value)
