"""A case: its SOP diagram with done, active and overdue tasks marked, the journal, every document revision."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from sopflow.model.profile import SopModel
from sopflow.runner.cases import CaseService
from sopflow.templates.sheet import labelled_values
from sopflow.web.render import render, require_user
from sopflow.web.workspace import NotFound, Workspace

__all__ = ["case_page", "model_xml", "revision_pdf"]


def case_page(request: Request) -> Response:
    """GET /kasus/{case_id}."""
    user = require_user(request)
    workspace: Workspace = request.app.state.workspace
    case_id = request.path_params["case_id"]
    my_roles = workspace.require_case(user.nip, case_id)
    service = workspace.service
    journal = service.journal(case_id)
    ready = service.ready_tasks(case_id)
    revisions: dict[str, list[dict]] = {}
    for entry in journal:
        if entry.get("document"):  # a cancellation signs no document
            revisions.setdefault(entry["document"], []).append(entry)
    documents = {d.document_id: d for d in service.documents(case_id)}
    marks = {
        "done": sorted({e["task"]["spec"] for e in journal if e.get("task")}),
        "active": sorted({t.spec_id for t in ready if not t.overdue}),
        "overdue": sorted({t.spec_id for t in ready if t.overdue}),
    }
    model = service.model_of(case_id)
    return render(request, "case.html", {
        "case": service.summary(case_id), "journal": journal, "ready": ready, "my_roles": my_roles,
        "documents": documents, "revisions": revisions, "marks": marks, "zone": model.time_zone,
        "shown_data": [_shown_data(service, case_id, model, entry) for entry in journal],
    })


def _shown_data(service: CaseService, case_id: str, model: SopModel, entry: dict[str, Any]) -> list[tuple[str, str]]:
    """An entry's form data by the labels of the task's form (choice labels, Indonesian dates)."""
    data = entry.get("data")
    if not isinstance(data, dict) or not data:
        return []
    profile = model.tasks.get(str((entry.get("task") or {}).get("spec", "")))
    form = service.form_of(case_id, profile.form_key) if profile and profile.form_key else None
    return labelled_values(form, data)


def model_xml(request: Request) -> Response:
    """GET /kasus/{case_id}/model.bpmn: the exact model the case runs on."""
    user = require_user(request)
    workspace: Workspace = request.app.state.workspace
    case_id = request.path_params["case_id"]
    workspace.require_case(user.nip, case_id)
    return Response(workspace.service.model_of(case_id).xml, media_type="application/xml")


def revision_pdf(request: Request) -> Response:
    """GET /kasus/{case_id}/dokumen/{document_id}/{revision}.pdf: one stored revision."""
    user = require_user(request)
    workspace: Workspace = request.app.state.workspace
    case_id, document_id = request.path_params["case_id"], request.path_params["document_id"]
    revision = request.path_params["revision"]
    workspace.require_case(user.nip, case_id)
    for row in workspace.service.revisions(case_id):
        if row.document_id == document_id and row.revision == revision:
            pdf = workspace.service.store.blobs.get(row.sha256)
            return Response(pdf, media_type="application/pdf", headers={
                "content-disposition": f'inline; filename="{case_id}-{document_id}-r{revision}.pdf"'})
    raise NotFound(document_id)
