"""Completing a user task: the only way a case moves.

Steps (DESIGN.md "A case"): role check, form validation, render or take the
current revision, sign (one incremental update), verify every signature, then
one transaction for journal entry, document revision, letter number and
workflow state. Any failure before the commit leaves the case as it was;
the optimistic ``version`` check makes a second, concurrent completion of the
same task fail with :class:`TaskAlreadyCompleted`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from sopflow import messages
from sopflow.documents import FieldBox
from sopflow.errors import CaseError, FormDataError, RoleError, SigningError, TaskAlreadyCompleted
from sopflow.localtime import unit_time, utc
from sopflow.model.forms import FormSpec
from sopflow.model.profile import SopModel, TaskProfile
from sopflow.officials import Official
from sopflow.runner import numbering
from sopflow.runner.binding import roster_digest, task_binding
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import TODAY_VARIABLE, is_system_time
from sopflow.runner.engine import Engine
from sopflow.runner.journal import canonical_json, seal
from sopflow.runner.sealing import open_unit_seal, seal_case_history
from sopflow.runner.signing_setup import case_signing_context
from sopflow.runner.store import CaseRow, CaseSealRow, DocumentRow, JournalRow, RevisionRow, TaskRow
from sopflow.signing import (
    Appearance,
    LoadedSigner,
    SigningContext,
    SigningLevel,
    sign_pdf,
    signer_identity,
    verify_pdf,
)
from sopflow.templates import (
    DocumentRequest,
    SignatureSlot,
    document_keys,
    first_undrawable,
    missing_keys,
    render_document,
    type_code,
)

__all__ = ["ACTION_LABELS", "Completion", "Draft", "ReadyTask", "complete_task", "draft_document", "open_ready_task",
           "validated_data"]

ACTION_LABELS = {
    "create": "Paraf konseptor",
    "paraf": "Paraf",
    "sign": "Tanda tangan",
    "receive": "Diterima",
    "file": "Ditatausahakan",
    "record": "Dicatat",
}
"""How each action is named in signature reasons and reports."""

RECORD_TEMPLATE = "catatan_kegiatan"
"""Document type of ``record`` tasks."""


@dataclass(frozen=True)
class Completion:
    """What completing a task produced."""

    case_id: str
    """The case."""
    task_id: str
    """The completed task."""
    journal_seq: int
    """Sequence number of the new journal entry."""
    document: str
    """Document signed."""
    revision: int
    """Its new revision number."""
    sha256: str
    """Digest of the signed revision."""
    nomor: str | None
    """Letter number, for numbered documents."""
    case_completed: bool
    """Whether the workflow reached its end."""


@dataclass(frozen=True)
class Draft:
    """A task's document before the task's signature: the bytes to sign and what to persist with them."""

    document: str
    """Case document id."""
    doc_type: str
    """Document type."""
    revision: int
    """The revision the signature creates."""
    pdf: bytes
    """The bytes the signature is added to (incremental update)."""
    fields: dict[str, Any]
    """Signature boxes and the fields signed so far, including this one."""
    nomor: str | None
    """Letter number (for a new numbered document: the next free one, taken when the completion commits)."""
    number: tuple[str, str, int, int] | None
    """Registry key of a newly taken number."""
    field: FieldBox
    """Where this task's signature goes."""


def complete_task(
    service: CaseService,
    case_id: str,
    task_id: str,
    data: Mapping[str, Any],
    signer: LoadedSigner,
    *,
    context: SigningContext | None = None,
    unit_seal: LoadedSigner | None = None,
) -> Completion:
    """Complete a ready user task with form data and the official's signer.

    Completing the case's last task also closes the case: its Lembar Riwayat
    is sealed with the unit's seal (``unit_seal``, else the one the case's roster
    configures) in the same step, or nothing is recorded.

    The roster, trust roots and signing level are those the case started
    with; ``context`` overrides the signing set-up (tests, benchmarks).

    :raises CaseError: unknown case/task or task not ready.
    :raises TaskAlreadyCompleted: another process completed it first.
    :raises RoleError: the signer does not hold the task's role.
    :raises FormDataError: the data fails the form, a task without a form got data, or a
        ``create`` task's data lacks content its document type requires.
    :raises SigningError: signing or verification of the result failed.
    """
    context = context or case_signing_context(service.roster_of(case_id))
    if context.level is SigningLevel.B_LTA:  # B-LTA's document timestamp is added once, at archive export
        context = replace(context, level=SigningLevel.B_LT)
    for _attempt in range(_ATTEMPTS):
        try:
            return _complete_once(service, context, case_id, task_id, data, signer, unit_seal)
        except (_NumberTaken, _CaseMoved):
            continue
    raise CaseError(f"task {task_id} could not be recorded after {_ATTEMPTS} tries: other completions kept "
                    "taking the case or the letter number first", hint="retry the completion")


_ATTEMPTS = 20
"""Completions re-run (re-render, re-sign) when another one commits first."""


class _NumberTaken(Exception):
    """Another case took the letter number first; render again."""


class _CaseMoved(Exception):
    """Another task of the same case was recorded first; start again from the new state."""


def _complete_once(
    service: CaseService,
    context: SigningContext,
    case_id: str,
    task_id: str,
    data: Mapping[str, Any],
    signer: LoadedSigner,
    unit_seal: LoadedSigner | None,
) -> Completion:
    ready = open_ready_task(service, case_id, task_id)
    model, engine, workflow, task, profile, entry = (
        ready.model, ready.engine, ready.workflow, ready.task, ready.profile, ready.holder)
    version, head, length = ready.version, ready.journal_head, ready.journal_length
    _check_role(signer, entry, profile)

    form = service.form_of(case_id, profile.form_key) if profile.form_key else None
    cleaned = validated_data(profile, form, data)
    now = utc(service.clock())
    _check_clock(now, ready.latest, context)
    draft = draft_document(service, ready, cleaned, form, now)
    signed = _sign(service, draft, signer, ready, context, now)
    report = verify_pdf(signed, trust_roots=context.trust_roots, validation=context.validation)
    if not report.ok or not report.signatures:
        problems = "; ".join(p for s in report.signatures for p in s.problems) or "no valid signature found"
        raise SigningError(f"the signed document does not verify: {problems}", where=f"{case_id}/{draft.document}")
    last = report.signatures[-1]
    if last.cert_sha256 != _cert_sha256(signer):
        raise SigningError("the newest signature is not the one just made", where=f"{case_id}/{draft.document}")

    engine.complete(workflow, task, cleaned)
    finished = workflow.is_completed()
    digest = service.store.blobs.put(signed)
    body = {
        "seq": length + 1,
        "case": case_id,
        "time": now.isoformat(),  # UTC with its offset; documents print the unit's local time
        "task": {"id": task_id, "spec": profile.id, "name": profile.name},
        "role": profile.lane,
        "action": profile.action,
        "document": draft.document,
        "doc_type": draft.doc_type,
        "revision": draft.revision,
        "doc_sha256": digest,
        "nomor": draft.nomor,
        "official": {"name": entry.official.name, "nip": entry.official.nip, "jabatan": entry.official.jabatan},
        "signer_cert_sha256": last.cert_sha256,
        "data": cleaned,
    }
    entry_sealed = seal(body, prev=head)
    # cases started before rosters named a unit seal end without one (verify reports it)
    sealable = unit_seal is not None or bool(ready.roster.get("seal_signer"))
    closing = _close_case(service, ready, entry_sealed, now, seal_signer=unit_seal) if finished and sealable else None
    try:
        with service.store.session() as session, session.begin():
            moved = session.execute(
                update(CaseRow)
                .where(CaseRow.id == case_id, CaseRow.version == version)
                .values(
                    version=version + 1, state=engine.save(workflow), journal_head=entry_sealed["hash"],
                    journal_length=length + 1, status="completed" if finished else "running",
                    completed_at=now if finished else None,
                )
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
                other = session.get(TaskRow, (case_id, task_id))
                if other is None or other.completed_at is None:
                    raise _CaseMoved()
                raise TaskAlreadyCompleted(messages.TASK_COMPLETED_FIRST.format(task=task_id, name=profile.name),
                                           hint=messages.HINT_LIST_TASKS)
            if draft.number:
                unit, code, year, seq = draft.number
                numbering.record_number(session, unit=unit, type_code=code, year=year, seq=seq,
                                        case_id=case_id, document_id=draft.document)
            _store_document(session, case_id, draft, digest, task_id, length + 1)
            if closing:
                session.add(closing)
            session.add(JournalRow(case_id=case_id, seq=length + 1, hash=entry_sealed["hash"],
                                   body=canonical_json(entry_sealed)))
            row = session.get(TaskRow, (case_id, task_id))
            if row:
                row.completed_at, row.status = now, "completed"
            service.record_ready(session, case_id, model, engine.ready_tasks(workflow), now)
    except IntegrityError as exc:
        if "letter_numbers" in str(exc.orig):
            raise _NumberTaken() from None
        raise
    return Completion(case_id=case_id, task_id=task_id, journal_seq=length + 1, document=draft.document,
                      revision=draft.revision, sha256=digest, nomor=draft.nomor, case_completed=finished)


@dataclass(frozen=True)
class ReadyTask:
    """A ready user task loaded with everything completing or previewing it needs."""

    case_id: str
    """The case."""
    task_id: str
    """The task."""
    version: int
    """The case's optimistic-lock version when loaded."""
    journal_head: str
    """Hash of the case's newest journal entry."""
    journal_length: int
    """Entries in the journal."""
    model: SopModel
    """The case's own model."""
    engine: Engine
    """Engine on that model."""
    workflow: Any
    """The restored workflow."""
    task: Any
    """The SpiffWorkflow task."""
    profile: TaskProfile
    """The task's SOP profile."""
    roster: Mapping[str, Any]
    """The case's public roster."""
    holder: _Holder
    """The official the roster assigns to the task's role."""
    latest: datetime
    """UTC time of the case's last event: its start or its newest journal entry."""


def open_ready_task(service: CaseService, case_id: str, task_id: str) -> ReadyTask:
    """Load a ready user task of a running case.

    :raises CaseError: unknown case/task, case not running, task not ready.
    :raises TaskAlreadyCompleted: the task was completed.
    """
    with service.store.session() as session:
        case = service.case_row(session, case_id)
        seen = session.get(TaskRow, (case_id, task_id))
        last = session.get(JournalRow, (case_id, case.journal_length)) if case.journal_length else None
        latest = utc(datetime.fromisoformat(json.loads(last.body)["time"]) if last else case.created_at)
    if seen is not None and seen.completed_at is not None:
        raise TaskAlreadyCompleted(messages.TASK_ALREADY_COMPLETED.format(task=task_id, case=case_id),
                                   hint=messages.HINT_LIST_TASKS)
    if case.status != "running":
        raise CaseError(messages.CASE_NOT_RUNNING.format(case=case_id, status=case.status))
    model = service.model_of(case_id)
    engine = Engine(model)
    workflow = engine.restore(case.state)
    task = engine.find_task(workflow, task_id)
    if task.state == TaskState.COMPLETED:
        raise TaskAlreadyCompleted(messages.TASK_ALREADY_COMPLETED.format(task=task_id, case=case_id),
                                   hint=messages.HINT_LIST_TASKS)
    if task.state != TaskState.READY or not task.task_spec.manual:
        raise CaseError(messages.TASK_NOT_READY.format(task=task_id, state=TaskState.get_name(task.state)),
                        hint=messages.HINT_LIST_TASKS)
    profile = model.tasks[task.task_spec.name]
    roster = service.roster_of(case_id)
    return ReadyTask(case_id=case_id, task_id=task_id, version=case.version, journal_head=case.journal_head,
                     journal_length=case.journal_length, model=model, engine=engine, workflow=workflow,
                     task=task, profile=profile, roster=roster, holder=_rostered(roster, profile), latest=latest)
def validated_data(profile: TaskProfile, form: FormSpec | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """The task's data, cleaned by its form, checked before anything is rendered or signed.

    :raises FormDataError: the data fails the form; the task has no form but data was given;
        or a ``create`` task leaves empty a key its document type requires.
    """
    where = f"task {profile.id} ({profile.name})"
    if form is None:
        if data:
            raise FormDataError(messages.TASK_TAKES_NO_DATA.format(names=", ".join(repr(str(k)) for k in data)),
                                where=where, hint=messages.HINT_TASK_TAKES_NO_DATA)
        return {}
    cleaned = form.validate(data, drawable=first_undrawable)
    if profile.action == "create" and profile.template:
        missing = missing_keys(profile.template, cleaned)
        if missing:
            labels = {k.key: k.label for k in document_keys(profile.template)}
            keys = ", ".join(f"{key} ({labels[key]})" for key in missing)
            raise FormDataError(messages.DOCUMENT_CONTENT_MISSING.format(doc_type=profile.template, keys=keys),
                                where=where, hint=messages.HINT_DOCUMENT_CONTENT_MISSING.format(keys=keys))
    return cleaned


def _close_case(
    service: CaseService, ready: ReadyTask, last: Mapping[str, Any], now: datetime, *, seal_signer: LoadedSigner | None
) -> CaseSealRow:
    """Seal the Lembar Riwayat of a case whose last task is being completed; the row records it."""
    journal = [*service.journal(ready.case_id), last]
    with nullcontext(seal_signer) if seal_signer else open_unit_seal(ready.roster) as opened:
        sealed = seal_case_history(
            case_id=ready.case_id, model=ready.model, roster=ready.roster,
            files_digest=service.files_digest(ready.case_id), journal=journal, outcome="completed", reason=None,
            started=service.summary(ready.case_id).created_at, now=now, seal=opened,
        )
    return CaseSealRow(case_id=ready.case_id, outcome="completed", sha256=service.store.blobs.put(sealed),
                       journal_head=str(last["hash"]), sealed_at=now)


def _check_clock(now: datetime, latest: datetime, context: SigningContext) -> None:
    """Refuse a moment an archive could not verify: before the case's last event, or a test clock
    at a level whose time-stamping authority reports the real time."""
    if now < latest:
        raise CaseError(messages.CLOCK_BEFORE_LAST_EVENT.format(now=now.isoformat(), latest=latest.isoformat()),
                        hint=messages.HINT_CLOCK_BEFORE_LAST_EVENT.format(variable=TODAY_VARIABLE))
    if context.level.timestamped and not is_system_time(now):
        raise CaseError(messages.TEST_CLOCK_TIMESTAMPED.format(variable=TODAY_VARIABLE, level=context.level.value),
                        hint=messages.HINT_TEST_CLOCK_TIMESTAMPED.format(variable=TODAY_VARIABLE))


def _cert_sha256(signer: LoadedSigner) -> str:
    return hashlib.sha256(signer.certificate.dump()).hexdigest()


@dataclass(frozen=True)
class _Holder:
    """The official a case's roster assigns to a task's role."""

    role: str
    official: Official
    cert_sha256: str | None


def _rostered(roster: Mapping[str, Any], profile: TaskProfile) -> _Holder:
    person = roster["officials"].get(profile.lane or "")
    if not person:
        raise CaseError(f"the case's roster has no official for role {profile.lane!r}", where=f"task {profile.id}")
    official = Official.from_dict(person)
    return _Holder(role=profile.lane or "", official=official, cert_sha256=person.get("cert_sha256"))


def _check_role(signer: LoadedSigner, holder: _Holder, profile: TaskProfile) -> None:
    name, nip = signer_identity(signer.certificate)
    pinned = holder.cert_sha256
    if nip != holder.official.nip or (pinned and pinned != _cert_sha256(signer)):
        raise RoleError(
            f"penanda tangan {name} (NIP {nip}) bukan pejabat yang ditetapkan untuk peran "
            f"'{holder.role}' ({holder.official.name}, NIP {holder.official.nip}); tugas tidak diselesaikan",
            where=f"task {profile.id} ({profile.name})",
            hint="tandatangani dengan kunci pejabat yang ditetapkan dalam roster untuk peran ini",
        )


def draft_document(
    service: CaseService, ready: ReadyTask, data: Mapping[str, Any], form: Any, now: datetime
) -> Draft:
    """The document bytes the task's signature will be added to: rendered (create, record) or the
    current revision (paraf, sign, receive, file). Nothing is stored."""
    model, roster, case_id, task_id, profile = ready.model, ready.roster, ready.case_id, ready.task_id, ready.profile
    local = unit_time(now, model.time_zone)
    head_sha256 = None
    with service.store.session() as session:  # reads only: rendering and blob reads need no connection
        if profile.action in ("create", "record"):
            if profile.action == "create":
                document, doc_type = str(profile.document), str(profile.template)
                slots = _slots(model, roster, document)
            else:
                count = len(session.scalars(select(DocumentRow.document_id).where(
                    DocumentRow.case_id == case_id,
                    DocumentRow.document_id.like(f"catatan_{profile.id}%"))).all())
                document, doc_type = f"catatan_{profile.id}_{count + 1}", RECORD_TEMPLATE
                slots = (SignatureSlot(field_name=f"record_{profile.id}", action="record",
                                       role=profile.lane or "", official=ready.holder.official),)
            existing = session.get(DocumentRow, (case_id, document))
            revision = (existing.revision + 1) if existing else 1
            nomor, number = _number_for(session, model, case_id, document, doc_type, local.year)
        else:
            existing = session.get(DocumentRow, (case_id, str(profile.document)))
            if existing is None:
                raise CaseError(
                    f"document {profile.document!r} does not exist yet in case {case_id}",
                    where=f"task {profile.id}", hint="the model must create a document before it is acted on",
                )
            document, doc_type, nomor, number = existing.document_id, existing.doc_type, existing.nomor, None
            revision = existing.revision + 1
            head_rev = session.get(RevisionRow, (case_id, document, existing.revision))
            if head_rev is None:
                raise CaseError(f"revision {existing.revision} of document {document!r} is missing",
                                where=f"case {case_id}")
            head_sha256 = head_rev.sha256
            fields = json.loads(existing.fields)
    if head_sha256 is not None:
        pdf = service.store.blobs.get(head_sha256)
    else:
        rendered = render_document(
            DocumentRequest(
                doc_type=doc_type, document_id=document, case_id=case_id, task_id=task_id,
                unit_lines=model.unit_lines, nomor=nomor, date=local.date(), place=model.place,
                data=dict(data), form=form, activity=profile.name,
                slots=slots, sop_number=model.number, sop_title=model.title,
                prev_journal_hash=ready.journal_head,
                verify_payload=":".join(["sopflow", case_id, document, *([nomor] if nomor else [])]),
            )
        )
        pdf = rendered.pdf
        fields = {"boxes": {k: _box_dict(v) for k, v in rendered.fields.items()}, "signed": []}
    field_name = f"{profile.action}_{profile.id}"
    box = fields["boxes"].get(field_name)
    if box is None:
        raise CaseError(f"document {document!r} has no place for {field_name}", where=f"task {profile.id}",
                        hint="the document was drafted before this task was added to the model")
    name = field_name
    while name in fields["signed"]:
        name = f"{field_name}_{len(fields['signed']) + 1}"
    fields["signed"].append(name)
    return Draft(document=document, doc_type=doc_type, revision=revision, pdf=pdf, fields=fields, nomor=nomor,
                 number=number, field=FieldBox(name=name, page=box["page"], box=tuple(box["box"])))


def _sign(
    service: CaseService, draft: Draft, signer: LoadedSigner, ready: ReadyTask, context: SigningContext, now: datetime
) -> bytes:
    profile, official = ready.profile, ready.holder.official
    return sign_pdf(
        draft.pdf, signer, field=draft.field,
        appearance=Appearance(action=profile.action, jabatan=official.printed_jabatan, name=official.name,
                              nip=official.nip, signed_at=unit_time(now, ready.model.time_zone)),
        reason=f"{ACTION_LABELS[profile.action]}: {profile.lane} — {profile.name} "
               f"(kasus {ready.case_id}, tugas {ready.task_id})",
        context=context, location=ready.model.place, signed_at=now,
        binding=task_binding(case_id=ready.case_id, task_id=ready.task_id, document=draft.document,
                             seq=ready.journal_length + 1, prev=ready.journal_head,
                             files=service.files_digest(ready.case_id), roster=roster_digest(ready.roster),
                             boxes=_reserved(draft)),
    )


def _reserved(draft: Draft) -> list[FieldBox] | None:
    """The document's reserved boxes when this signature creates it (its first), else ``None``."""
    if draft.fields["signed"] != [draft.field.name]:
        return None
    return [FieldBox(name=name, page=spec["page"], box=tuple(spec["box"]))
            for name, spec in draft.fields["boxes"].items()]


def _slots(model: SopModel, roster: Mapping[str, Any], document: str) -> tuple[SignatureSlot, ...]:
    slots = []
    for task in model.tasks_on_document(document):
        person = roster["officials"].get(task.lane or "", {})
        slots.append(
            SignatureSlot(
                field_name=f"{task.action}_{task.id}", action=task.action, role=task.lane or "",
                official=Official.from_dict(person, default_jabatan=task.lane or ""),
            )
        )
    return tuple(slots)


def _number_for(
    session: Any, model: SopModel, case_id: str, document: str, doc_type: str, year: int
) -> tuple[str | None, tuple[str, str, int, int] | None]:
    """The document's letter number in the unit's local ``year``: the one it holds, or the next free one."""
    code = type_code(doc_type)
    if not code:
        return None, None
    held = numbering.existing_number(session, case_id, document)
    if held:
        return held.nomor, None
    unit = numbering.unit_code(model)
    seq = numbering.next_sequence(session, unit, code, year)
    return numbering.format_nomor(code, seq, unit, year), (unit, code, year, seq)


def _box_dict(box: FieldBox) -> dict[str, Any]:
    return {"page": box.page, "box": list(box.box)}


def _store_document(session: Any, case_id: str, draft: Draft, digest: str, task_id: str, seq: int) -> None:
    row = session.get(DocumentRow, (case_id, draft.document))
    if row is None:
        session.add(DocumentRow(case_id=case_id, document_id=draft.document, doc_type=draft.doc_type,
                                nomor=draft.nomor, fields=json.dumps(draft.fields), revision=draft.revision))
    else:
        row.revision, row.fields, row.nomor = draft.revision, json.dumps(draft.fields), draft.nomor
    session.add(RevisionRow(case_id=case_id, document_id=draft.document, revision=draft.revision,
                            sha256=digest, task_id=task_id, journal_seq=seq))
