"""A running case keeps the exact model it started with; a new case takes the edited one."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from support import SEED, complete, consistency_problems, drive_to_end, seed

from sopflow.errors import CaseError
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import open_ready_task

RENAMED = "Menyusun usulan (revisi model)"


def _copy_model(tmp_path):
    source = seed(SEED)
    models = tmp_path / "sop" / "bpmn"
    models.mkdir(parents=True)
    shutil.copytree(source.parent.parent / "forms", tmp_path / "sop" / "forms")
    target = models / source.name
    shutil.copyfile(source, target)
    return target


def test_running_case_keeps_its_model(tmp_path, roster):
    model = _copy_model(tmp_path)
    service = CaseService(tmp_path / "data")
    old_case = service.start_case(model, roster)
    complete(service, roster, service.ready_tasks(old_case)[0])

    # the analyst edits the model: the name of the next task changes
    xml = model.read_text(encoding="utf-8")
    edited = xml.replace('id="Task_SusunKonsepUsulan" name="', f'id="Task_SusunKonsepUsulan" name="{RENAMED} ', 1)
    assert edited != xml
    model.write_text(edited, encoding="utf-8")

    new_case = service.start_case(model, roster)
    old_model, new_model = service.model_of(old_case), service.model_of(new_case)
    assert hashlib.sha256(old_model.xml).hexdigest() != hashlib.sha256(new_model.xml).hexdigest()
    assert RENAMED not in old_model.tasks["Task_SusunKonsepUsulan"].name
    assert new_model.tasks["Task_SusunKonsepUsulan"].name.startswith(RENAMED)
    (old_next,) = service.ready_tasks(old_case)
    assert old_next.spec_id == "Task_SusunKonsepUsulan" and RENAMED not in old_next.name

    # the old case still runs to its end on its own copy, and the journal names the old task
    drive_to_end(service, roster, old_case)
    assert service.summary(old_case).status == "completed"
    names = {e["task"]["name"] for e in service.journal(old_case)}
    assert not any(RENAMED in n for n in names)
    assert consistency_problems(service, old_case) == []
    complete(service, roster, service.ready_tasks(new_case)[0])
    assert service.ready_tasks(new_case)[0].name.startswith(RENAMED)
    service.close()


def test_altered_case_copy_stops_the_case(tmp_path, roster):
    model = _copy_model(tmp_path)
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(model, roster)
    copy = service.store.blobs.path(service.case_files(case_id)[f"model/{model.name}"])
    copy.write_text(copy.read_text(encoding="utf-8").replace("Menghimpun usul", "Mengubah usul", 1), encoding="utf-8")
    with pytest.raises(CaseError, match="altered"):  # every step of the case loads its model
        service.model_of(case_id)
    with pytest.raises(CaseError, match="altered"):
        open_ready_task(service, case_id, service.ready_tasks(case_id)[0].id)
    service.close()
