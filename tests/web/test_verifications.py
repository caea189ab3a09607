"""Verification runs: kept in the database per owner, run off the request, their scratch folder removed."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine

from sopflow import messages
from sopflow.errors import VerificationError
from sopflow.web.verifications import Verifications


def _runs(tmp_path: Path, **options) -> Verifications:
    return Verifications(create_engine(f"sqlite:///{tmp_path / 'runs.db'}"), **options)


def _scratch(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    (folder / "bag").mkdir(parents=True)
    return folder


def test_a_run_is_its_owners_and_ends_with_its_report(tmp_path: Path) -> None:
    runs = _runs(tmp_path)
    release = threading.Event()
    scratch = _scratch(tmp_path, "a")

    def work() -> dict:
        release.wait(30)
        return {"ok": True, "case_id": "K-1"}

    run_id = runs.start("111", "unggahan a.zip", work, scratch=scratch)
    assert runs.get("111", run_id).running and runs.running("111") == 1
    assert runs.get("222", run_id) is None and runs.get("111", "0" * 32) is None  # another owner, a guessed id
    release.set()
    runs.close()
    done = runs.get("111", run_id)
    assert done.status == "done" and done.report == {"ok": True, "case_id": "K-1"} and done.error is None
    assert not scratch.exists() and runs.running("111") == 0
    assert [r.source for r in runs.recent("111")] == ["unggahan a.zip"] and runs.recent("222") == []


def test_a_failing_run_says_why_and_still_removes_its_scratch_folder(tmp_path: Path) -> None:
    runs = _runs(tmp_path)
    scratch = _scratch(tmp_path, "b")

    def work() -> dict:
        raise VerificationError("case.json is missing")

    run_id = runs.start("111", "kasus K-2", work, scratch=scratch)
    runs.close()
    failed = runs.get("111", run_id)
    assert failed.status == "failed" and failed.report is None and "case.json is missing" in failed.error
    assert not scratch.exists()


def test_a_run_whose_process_stopped_reads_as_lost(tmp_path: Path) -> None:
    runs = _runs(tmp_path, lost_after=timedelta(0))
    release = threading.Event()
    run_id = runs.start("111", "kasus K-3", lambda: release.wait(30) and {}, scratch=_scratch(tmp_path, "c"))
    lost = runs.get("111", run_id)
    assert lost.status == "lost" and lost.error == messages.ARSIP_VERIFY_LOST and runs.running("111") == 0
    release.set()
    runs.close()


def test_servers_sharing_a_postgresql_database_answer_for_each_others_runs(postgres_cluster, tmp_path: Path) -> None:
    from sopflow.runner.store import open_database

    url = postgres_cluster.create_database("verifications")
    first, second = Verifications(open_database(url)), Verifications(open_database(url))
    run_id = first.start("111", "unggahan a.zip", lambda: {"ok": False, "kinds": ["bag-fixity"]},
                         scratch=_scratch(tmp_path, "d"))
    first.close()
    seen = second.get("111", run_id)
    assert seen.status == "done" and seen.report == {"ok": False, "kinds": ["bag-fixity"]}
    assert second.get("222", run_id) is None and [r.id for r in second.recent("111")] == [run_id]
