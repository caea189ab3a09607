"""The blob stores: files beside SQLite, a table in PostgreSQL; the same rules for both."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from support import SEED, seed

from sopflow.errors import CaseError
from sopflow.runner.blobs import BlobCorrupt, BlobMissing, BlobRow, DatabaseBlobStore, FileBlobStore
from sopflow.runner.cases import CaseService
from sopflow.runner.store import Store


def _age(store: Store, digest: str, hours: float) -> None:
    """Make a blob look written ``hours`` ago."""
    moment = datetime.now(UTC) - timedelta(hours=hours)
    if isinstance(store.blobs, FileBlobStore):
        os.utime(store.blobs.path(digest), (moment.timestamp(), moment.timestamp()))
    else:
        with store.engine.begin() as connection:
            connection.execute(update(BlobRow).where(BlobRow.sha256 == digest).values(stored_at=moment))


def _corrupt(store: Store, digest: str) -> None:
    if isinstance(store.blobs, FileBlobStore):
        store.blobs.path(digest).write_bytes(b"altered")
    else:
        with store.engine.begin() as connection:
            connection.execute(update(BlobRow).where(BlobRow.sha256 == digest).values(data=b"altered"))


def test_put_is_idempotent_and_get_checks_the_digest(backend):
    data_dir, url = backend.fresh("blobs")
    store = Store(data_dir, database_url=url)
    expected = DatabaseBlobStore if url else FileBlobStore
    assert type(store.blobs) is expected
    digest = store.blobs.put(b"%PDF-1.7 isi")
    assert store.blobs.put(b"%PDF-1.7 isi") == digest == hashlib.sha256(b"%PDF-1.7 isi").hexdigest()
    assert list(store.blobs.digests()) == [digest]
    assert store.blobs.get(digest) == b"%PDF-1.7 isi"
    with pytest.raises(BlobMissing):
        store.blobs.get("0" * 64)
    _corrupt(store, digest)
    with pytest.raises(BlobCorrupt):
        store.blobs.get(digest)
    assert (data_dir / "blobs").exists() is (url is None)  # in the database, nothing on disk
    store.close()


def test_writing_a_blob_again_renews_it_so_a_sweep_keeps_it(backend):
    data_dir, url = backend.fresh("blobs-renew")
    store = Store(data_dir, database_url=url)
    kept, swept = store.blobs.put(b"ditulis lagi"), store.blobs.put(b"ditinggalkan")
    for digest in (kept, swept):
        _age(store, digest, hours=2)
    store.blobs.put(b"ditulis lagi")  # a completion in flight writes the same bytes again
    result = store.blobs.sweep(set(), datetime.now(UTC) - timedelta(hours=1))
    assert result.removed == (swept,) and result.kept_recent == (kept,) and result.total == 1
    assert store.blobs.get(kept) == b"ditulis lagi"
    store.close()


def test_a_case_started_before_case_files_were_blobs_reads_its_old_copies(tmp_path, roster):
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(seed(SEED), roster)
    files = service.case_files(case_id)
    legacy = service.case_dir(case_id)
    for name, digest in files.items():  # the layout of earlier versions: copies under cases/<id>/
        (legacy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(service.store.blobs.path(digest), legacy / name)
    model = service.model_of(case_id)
    assert hashlib.sha256(model.xml).hexdigest() == files[f"model/{seed(SEED).name}"]
    assert service.ready_tasks(case_id)
    (legacy / f"model/{seed(SEED).name}").write_bytes(model.xml.replace(b"</bpmn:definitions>",
                                                                        b"<!-- x --></bpmn:definitions>"))
    with pytest.raises(CaseError, match="altered"):
        service.model_of(case_id)
    service.close()
