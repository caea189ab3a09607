"""The model library: versions of named models, checked on save, applied to new cases only."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from support import SEED, complete, drive_to_end, seed

from sopflow.errors import ModelError, ModelRejected
from sopflow.runner.admission import admit_model
from sopflow.runner.cases import CaseService
from sopflow.runner.library import ModelLibrary, model_name_for
from sopflow.runner.maintenance import sweep_blobs
from sopflow.runner.store import ModelFileRow, ModelVersionRow, Store

NAME = "lip20-0013"
RENAMED = "Menyusun usulan (versi 2)"
TASK = "Task_SusunKonsepUsulan"


@pytest.fixture(scope="module")
def seed_files():
    """The seed model's bytes and its forms by file name."""
    admitted = admit_model(seed(SEED))
    return admitted.model.xml, {f"{key}.form": data for key, data in admitted.forms.items()}


def _renamed(xml: bytes) -> bytes:
    edited = xml.replace(f'id="{TASK}" name="'.encode(), f'id="{TASK}" name="{RENAMED} '.encode(), 1)
    assert edited != xml
    return edited


def _broken(xml: bytes) -> bytes:
    """The seed with one task's action misspelt (rule task-action on that task)."""
    marker = b'name="action" value="create"'
    assert marker in xml
    return xml.replace(marker, b'name="action" value="buat"', 1)


def _rows(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(ModelVersionRow)) or 0,
                session.scalar(select(func.count()).select_from(ModelFileRow)) or 0)


def test_versions_are_numbered_and_kept(tmp_path, seed_files):
    xml, forms = seed_files
    store = Store(tmp_path / "data")
    library = ModelLibrary(store)
    first, new = library.save(NAME, xml, forms, author_nip="198001012006041001")
    assert new and first.version == 1 and first.sop_number == "LIP20-0013"
    assert first.author_nip == "198001012006041001"
    again, new = library.save(NAME, xml, forms, author_nip="199001012015031002")
    assert not new and again == first  # the same files are no new version
    second, new = library.save(NAME, _renamed(xml), forms, author_nip="199001012015031002")
    assert new and second.version == 2 and second.sha256 != first.sha256
    assert second.files_sha256 != first.files_sha256
    assert [v.version for v in library.versions(NAME)] == [2, 1]
    assert library.version(NAME) == second and library.version(NAME, 1) == first
    [summary] = library.list_models()
    assert summary.name == NAME and summary.versions == 2 and summary.latest == second

    files = library.files(first)
    assert files[f"model/{NAME}.bpmn"] == xml
    assert {p for p in files if p.startswith("forms/")} == {f"forms/{k}" for k in forms}
    assert all(files[f"forms/{k}"] == data for k, data in forms.items())
    model_path = library.write_files(second, tmp_path / "out")
    assert model_path.read_bytes() == _renamed(xml)
    assert admit_model(model_path).model.tasks[TASK].name.startswith(RENAMED)

    with pytest.raises(ModelError, match="tidak memiliki versi 7"):
        library.version(NAME, 7)
    with pytest.raises(ModelError, match="tidak ada model"):
        library.versions("tidak-ada")
    store.close()


def test_forms_the_model_does_not_use_are_not_kept(tmp_path, seed_files):
    xml, forms = seed_files
    library = ModelLibrary(Store(tmp_path / "data"))
    version, _ = library.save(NAME, xml, {**forms, "lain.form": b'{"components": []}'}, author_nip=None)
    assert "forms/lain.form" not in version.files
    assert len(version.form_keys) == len(forms)


def test_warnings_are_kept_with_the_version(tmp_path, seed_files):
    xml, forms = seed_files
    marker = b'<camunda:property name="action"'
    assert marker in xml
    odd = xml.replace(marker, b'<camunda:property name="warna" value="merah" />' + marker, 1)
    version, _ = ModelLibrary(Store(tmp_path / "data")).save(NAME, odd, forms, author_nip=None)
    [warning] = [w for w in version.warnings if w["rule"] == "task-property"]
    assert warning["severity"] == "warning" and warning["file"] == f"{NAME}.bpmn" and warning["element_id"]
    assert str(tmp_path) not in str(version.warnings)


def test_a_model_with_errors_is_refused_and_nothing_is_stored(tmp_path, seed_files):
    xml, forms = seed_files
    store = Store(tmp_path / "data")
    library = ModelLibrary(store)
    with pytest.raises(ModelRejected) as refused:
        library.save(NAME, _broken(xml), forms, author_nip="198001012006041001")
    [finding] = [f for f in refused.value.findings if f.rule == "task-action"]
    assert finding.file == f"{NAME}.bpmn" and finding.line > 0 and finding.element_id.startswith("Task_")
    assert "tidak ada versi yang disimpan" in refused.value.message
    assert "sopflow-model-" not in str(refused.value)  # no scratch paths in what the analyst reads
    assert _rows(store) == (0, 0) and list(store.blobs.digests()) == []
    assert library.list_models() == []


def test_a_missing_form_is_a_located_finding(tmp_path, seed_files):
    xml, forms = seed_files
    some = dict(list(forms.items())[1:])
    store = Store(tmp_path / "data")
    with pytest.raises(ModelRejected) as refused:
        ModelLibrary(store).save(NAME, xml, some, author_nip=None)
    [finding] = [f for f in refused.value.findings if f.rule == "form-missing"]
    assert finding.element_id.startswith("Task_") and next(iter(forms))[:-5] in finding.message
    assert _rows(store) == (0, 0)


@pytest.mark.parametrize("hostile, rule", [
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>', "xml-hostile"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b"<d>&b;</d>", "xml-hostile"),
    (b'<?xml version="1.0" encoding="UTF-8"?><definitions>\xff\xfe\xfa</definitions>', "xml-syntax"),
    (b"<" + b"a" * (6 * 1024 * 1024), "xml-hostile"),
])
def test_hostile_xml_is_refused_before_anything_is_stored(tmp_path, hostile, rule):
    store = Store(tmp_path / "data")
    with pytest.raises(ModelRejected) as refused:
        ModelLibrary(store).save(NAME, hostile, {}, author_nip=None)
    assert [f.rule for f in refused.value.findings] == [rule]
    assert refused.value.findings[0].file == f"{NAME}.bpmn"
    assert _rows(store) == (0, 0) and list(store.blobs.digests()) == []


@pytest.mark.parametrize("name", ["", "LIP20", "../etc", "a" * 81, "nama model", "-x"])
def test_bad_model_names_are_refused(tmp_path, seed_files, name):
    xml, forms = seed_files
    with pytest.raises(ModelError, match="nama model"):
        ModelLibrary(Store(tmp_path / "data")).save(name, xml, forms, author_nip=None)


@pytest.mark.parametrize("form_name", ["../x.form", "x.json", ".form", "a/b.form"])
def test_bad_form_file_names_are_refused(tmp_path, seed_files, form_name):
    xml, forms = seed_files
    store = Store(tmp_path / "data")
    with pytest.raises(ModelError, match="bukan <id>.form"):
        ModelLibrary(store).save(NAME, xml, {**forms, form_name: b"{}"}, author_nip=None)
    assert _rows(store) == (0, 0)


def test_model_name_for_file_names():
    assert model_name_for("LIP20-0013 Penentuan Waktu.bpmn") == "lip20-0013_penentuan_waktu"
    assert model_name_for("....bpmn") == "model"


def test_a_new_version_applies_to_new_cases_only(tmp_path, roster, seed_files):
    xml, forms = seed_files
    service = CaseService(tmp_path / "data")
    library = ModelLibrary(service.store)
    v1, _ = library.save(NAME, xml, forms, author_nip=None)
    old_case = library.start_case(service, NAME, roster)
    complete(service, roster, service.ready_tasks(old_case)[0])

    v2, _ = library.save(NAME, _renamed(xml), forms, author_nip="198001012006041001")
    new_case = library.start_case(service, NAME, roster)
    pinned = library.start_case(service, NAME, roster, version=1)

    assert service.model_of(old_case).xml == xml and service.model_of(pinned).xml == xml
    assert service.model_of(new_case).xml == _renamed(xml)
    (old_next,) = service.ready_tasks(old_case)
    assert old_next.spec_id == TASK and RENAMED not in old_next.name
    complete(service, roster, service.ready_tasks(new_case)[0])
    (new_next,) = service.ready_tasks(new_case)
    assert new_next.spec_id == TASK and new_next.name.startswith(RENAMED)
    drive_to_end(service, roster, old_case)
    assert service.summary(old_case).status == "completed"
    assert not any(RENAMED in e["task"]["name"] for e in service.journal(old_case))
    service.close()


def test_concurrent_saves_get_distinct_version_numbers(backend, seed_files):
    xml, forms = seed_files
    data_dir, url = backend.fresh("library-race")
    store = Store(data_dir, database_url=url)
    library = ModelLibrary(store)
    writers = 6
    barrier = threading.Barrier(writers)

    def save(index: int) -> int:
        edited = xml.replace(b'name="action"', f'name="action"{" " * (index + 1)}'.encode(), 1)
        barrier.wait(timeout=60)
        version, new = library.save(NAME, edited, forms, author_nip=f"19800101200604100{index}")
        assert new
        return version.version

    with ThreadPoolExecutor(writers) as pool:
        numbers = list(pool.map(save, range(writers)))
    assert sorted(numbers) == list(range(1, writers + 1))
    assert sorted(v.version for v in library.versions(NAME)) == list(range(1, writers + 1))
    assert len({v.files_sha256 for v in library.versions(NAME)}) == writers
    store.close()


def test_sweeping_blobs_keeps_the_library(tmp_path, seed_files):
    xml, forms = seed_files
    store = Store(tmp_path / "data")
    version, _ = ModelLibrary(store).save(NAME, xml, forms, author_nip=None)
    orphan = store.blobs.put(b"nobody refers to this")
    result = sweep_blobs(store, grace=timedelta(0))
    assert result.removed == (orphan,)
    assert ModelLibrary(store).files(version)[f"model/{NAME}.bpmn"] == xml


def test_a_data_directory_of_the_previous_schema_gains_the_library(tmp_path, seed_files):
    data = tmp_path / "data"
    Store(data).close()
    with sqlite3.connect(data / "sopflow.db") as db:  # as written before the library existed
        db.execute("DROP TABLE model_files")
        db.execute("DROP TABLE model_versions")
    store = Store(data)
    xml, forms = seed_files
    version, _ = ModelLibrary(store).save(NAME, xml, forms, author_nip=None)
    assert ModelLibrary(store).version(NAME) == version
    store.close()


def test_an_altered_blob_is_reported(tmp_path, seed_files):
    xml, forms = seed_files
    store = Store(tmp_path / "data")
    library = ModelLibrary(store)
    version, _ = library.save(NAME, xml, forms, author_nip=None)
    store.blobs.path(version.sha256).write_bytes(xml.replace(b"Menghimpun", b"Mengubah", 1))
    with pytest.raises(ModelError, match="tidak sama dengan yang disimpan"):
        library.files(version)


def test_a_form_in_another_encoding_is_a_located_finding(tmp_path, seed_files):
    xml, forms = seed_files
    name = next(iter(forms))
    store = Store(tmp_path / "data")
    with pytest.raises(ModelRejected) as refused:
        ModelLibrary(store).save(NAME, xml, {**forms, name: b'\xff\xfe{\x00"\x00'}, author_nip=None)
    [finding] = refused.value.findings
    assert finding.rule == "form-invalid" and finding.element_id.startswith("Task_")
    assert f"forms/{name}" in finding.message and "UTF-8" in finding.message
    assert _rows(store) == (0, 0)
