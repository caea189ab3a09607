"""Trial cases (uji coba) of library models, for analysts (roster access "model").

A trial case runs in its own data directory with a roster of fictional
officials and test keys (:class:`sopflow.demo.trial.TrialArea`): the analyst
steps through it, each step completed with the form's default values and
signed with the test key of the step's role, and sees the documents it makes.
"""

from __future__ import annotations

import hashlib

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sopflow import messages
from sopflow.demo.trial import TrialArea
from sopflow.errors import CaseError, SopflowError
from sopflow.web.render import error_page, refused_post, render, require_access
from sopflow.web.workspace import NotFound

__all__ = ["trial_page", "trial_step", "trial_xml", "trial_pdf"]


def _trials(request: Request) -> TrialArea:
    return request.app.state.trials


def _case_id(request: Request) -> str:
    """The trial case a path names.

    :raises NotFound: no such trial case.
    """
    case_id = request.path_params["case_id"]
    try:
        _trials(request).service.summary(case_id)
    except CaseError:
        raise NotFound(case_id) from None
    return case_id


def trial_page(request: Request) -> Response:
    """GET /uji-coba/{case_id}: the trial case's diagram, waiting tasks, history and documents."""
    require_access(request, "model")
    case_id = _case_id(request)
    service = _trials(request).service
    journal = service.journal(case_id)
    ready = service.ready_tasks(case_id)
    revisions: dict[str, list[dict]] = {}
    for entry in journal:
        if entry.get("document"):
            revisions.setdefault(entry["document"], []).append(entry)
    marks = {"done": sorted({e["task"]["spec"] for e in journal if e.get("task")}),
             "active": sorted({t.spec_id for t in ready})}
    model = service.model_of(case_id)
    return render(request, "trial.html", {
        "case": service.summary(case_id), "journal": journal, "ready": ready, "revisions": revisions,
        "marks": marks, "zone": model.time_zone,
        "version": request.app.state.library.find(hashlib.sha256(model.xml).hexdigest()),
    })


async def trial_step(request: Request) -> Response:
    """POST /uji-coba/{case_id}/langkah: complete the first waiting task with its form's defaults."""
    refused = await refused_post(request, "model")
    if refused is not None:
        return refused
    case_id = await run_in_threadpool(_case_id, request)
    try:
        await run_in_threadpool(_trials(request).complete_next, case_id)
    except SopflowError as exc:
        return error_page(request, 422, messages.WEB_TRIAL_STEP_FAILED_TITLE, str(exc))
    return RedirectResponse(f"/uji-coba/{case_id}", status_code=303)


def trial_xml(request: Request) -> Response:
    """GET /uji-coba/{case_id}/model.bpmn: the model the trial case runs on."""
    require_access(request, "model")
    case_id = _case_id(request)
    return Response(_trials(request).service.model_of(case_id).xml, media_type="application/xml")


def trial_pdf(request: Request) -> Response:
    """GET /uji-coba/{case_id}/dokumen/{document_id}/{revision}.pdf: one revision of a trial document."""
    require_access(request, "model")
    case_id = _case_id(request)
    service = _trials(request).service
    document_id, revision = request.path_params["document_id"], request.path_params["revision"]
    for row in service.revisions(case_id):
        if row.document_id == document_id and row.revision == revision:
            return Response(service.store.blobs.get(row.sha256), media_type="application/pdf", headers={
                "content-disposition": f'inline; filename="UJI-COBA-{case_id}-{document_id}-r{revision}.pdf"'})
    raise NotFound(document_id)
