"""Only the rostered official's valid, trusted certificate completes a task; a refusal changes nothing.

Real test PKI: expired, not-yet-valid, revoked and foreign-root certificates
carry the right NIP, so the role check passes and the refusal must come from
verifying the new signature (revocation needs the PKI's CRLs/OCSP responses
in the signing context). The case, documents, letter numbers and journal
are compared before and after each refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sopflow.bpmn import resolve_model
from sopflow.demo.run import PASSPHRASE, write_demo_setup
from sopflow.errors import RoleError, SigningError
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService, TaskView
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.runner.signing_setup import case_signing_context
from sopflow.runner.store import LetterNumberRow
from sopflow.signing import SignerSpec, TestPki, context_for_test_pki, issue_certificate, open_signer

LEVEL = "B-B"
"""The case's level; at B-B the refusal must come from verifying the new signature."""

TARGET = "Task_SusunLaporan"
"""The task refused in every test: it creates the numbered laporan (LAP-n)."""


class Case:
    """A LIP10-0072 case advanced to the drafting of its laporan."""

    def __init__(self, root: Path):
        model = resolve_model("lip10-0072")
        self.roster = Roster.load(write_demo_setup(root / "setup", [load_model(model)], level=LEVEL))
        self.pki = TestPki.load(root / "setup" / "pki")
        self.service = CaseService(root / "data")
        self.case_id = self.service.start_case(model, self.roster)
        while (task := self.ready()).spec_id != TARGET:
            self.complete(task, self.roster.for_role(task.role or "").signer)

    def ready(self) -> TaskView:
        return self.service.ready_tasks(self.case_id)[0]

    def complete(self, task: TaskView, spec: SignerSpec, *, revocation_data: bool = False) -> Any:
        form = self.service.form_of(self.case_id, task.form_key) if task.form_key else None
        context = None
        if revocation_data:  # the PKI's current CRLs and OCSP responses, as a deployment would configure
            context = replace(case_signing_context(self.service.roster_of(self.case_id)),
                              validation=context_for_test_pki(self.pki, "B-LT").validation)
        with open_signer(spec) as signer:
            return complete_task(self.service, self.case_id, task.id, form.defaults() if form else {}, signer,
                                 context=context)

    def snapshot(self) -> tuple[Any, ...]:
        """Everything a completion could change."""
        with self.service.store.session() as session:
            numbers = [(n.unit_code, n.type_code, n.year, n.seq, n.case_id, n.document_id, n.nomor)
                       for n in session.scalars(select(LetterNumberRow)).all()]
        return (
            self.service.journal(self.case_id),
            sorted((d.document_id, d.doc_type, d.nomor, d.fields, d.revision)
                   for d in self.service.documents(self.case_id)),
            [(r.document_id, r.revision, r.sha256, r.journal_seq) for r in self.service.revisions(self.case_id)],
            numbers,
            self.service.state_size(self.case_id),
            [(t.id, t.spec_id) for t in self.service.ready_tasks(self.case_id)],
        )


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    made = Case(tmp_path_factory.mktemp("gating"))
    yield made
    made.service.close()


def _bad_certificate(**options: Any) -> Callable[[Case], SignerSpec]:
    def issue(case: Case) -> SignerSpec:
        official = case.roster.for_role(case.ready().role or "").official
        created = case.pki.created
        resolved = {k: (v(created) if callable(v) else v) for k, v in options.items()}
        return SignerSpec(pkcs12=issue_certificate(case.pki, official, **resolved), passphrase=PASSPHRASE)
    return issue


def _other_official(case: Case) -> SignerSpec:
    role = case.ready().role
    return next(e.signer for r, e in case.roster.entries.items() if r != role)


REFUSALS: dict[str, tuple[Callable[[Case], SignerSpec], type[Exception], str, bool]] = {
    "expired": (_bad_certificate(not_before=lambda t: t - timedelta(days=400),
                                 not_after=lambda t: t - timedelta(days=2)), SigningError, "expired", False),
    "not yet valid": (_bad_certificate(not_before=lambda t: t + timedelta(days=30),
                                       not_after=lambda t: t + timedelta(days=400)), SigningError,
                      "valid only from", False),
    "revoked": (_bad_certificate(revoked=True), SigningError, "revoked", True),
    "untrusted root": (_bad_certificate(issuer="untrusted"), SigningError, "does not chain to a trusted root",
                       False),
    "another official": (_other_official, RoleError, "bukan pejabat yang ditetapkan", False),
}
"""Each bad signer, the error it must raise, words its message must carry, and whether revocation data is set up."""


@pytest.mark.parametrize("name", list(REFUSALS))
def test_bad_signer_is_refused_and_nothing_changes(case: Case, name: str):
    make_spec, error, words, revocation_data = REFUSALS[name]
    spec = make_spec(case)
    task = case.ready()
    assert task.spec_id == TARGET
    before = case.snapshot()
    with pytest.raises(error) as refused:
        case.complete(task, spec, revocation_data=revocation_data)
    assert words in str(refused.value), str(refused.value)
    assert case.snapshot() == before


def test_rostered_official_then_completes(case: Case):
    task = case.ready()
    done = case.complete(task, case.roster.for_role(task.role or "").signer)
    assert done.document == "laporan" and done.nomor and done.nomor.startswith("LAP-1/")
