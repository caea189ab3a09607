"""Safe reads inside an archive: names, links, special files and sizes, without a real case."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sopflow.archive.bag_files import BagFileError, BagFiles, name_problem, scan_bag
from sopflow.archive.report import Kind


@pytest.mark.parametrize("name", ["documents/laporan/r1.pdf", "case.json", "model/lip10-0072.bpmn"])
def test_plain_names_are_accepted(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "documents/../../x", "documents//r1.pdf", "./case.json",
                                  "a\x00b", "a\\b", "C:/x", "", "x" * 300, "/".join(["d"] * 9), 7, None])
def test_odd_names_are_refused(name: object) -> None:
    assert name_problem(name) is not None


@pytest.fixture
def payload(tmp_path: Path) -> BagFiles:
    root = tmp_path / "data"
    (root / "documents" / "laporan").mkdir(parents=True)
    (root / "documents" / "laporan" / "r1.pdf").write_bytes(b"%PDF-1.7 ok")
    (tmp_path / "outside.pdf").write_bytes(b"secret")
    return BagFiles(root.resolve())


def test_reads_a_regular_file_and_refuses_one_over_its_limit(payload: BagFiles) -> None:
    assert payload.read("documents/laporan/r1.pdf", limit=100) == b"%PDF-1.7 ok"
    with pytest.raises(BagFileError) as refused:
        payload.read("documents/laporan/r1.pdf", limit=4)
    assert refused.value.kind is Kind.TOO_LARGE


def test_links_are_never_followed(payload: BagFiles, tmp_path: Path) -> None:
    (payload.root / "documents" / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    (payload.root / "documents" / "folder").symlink_to(payload.root / "documents" / "laporan")
    for name in ("documents/link.pdf", "documents/folder/r1.pdf"):
        with pytest.raises(BagFileError) as refused:
            payload.read(name, limit=100)
        assert refused.value.kind is Kind.UNSAFE_FILE
        assert not payload.exists(name)
    assert payload.files("documents") == ["documents/laporan/r1.pdf"]
    kinds = {f.kind for f in scan_bag(payload.root)}
    assert kinds == {Kind.UNSAFE_FILE}


def test_a_fifo_is_reported_and_never_opened(payload: BagFiles) -> None:
    os.mkfifo(payload.root / "documents" / "laporan" / "r2.pdf")  # opening it for reading would block
    with pytest.raises(BagFileError) as refused:
        payload.read("documents/laporan/r2.pdf", limit=100)
    assert refused.value.kind is Kind.UNSAFE_FILE and "FIFO" in refused.value.message
    assert [f.kind for f in scan_bag(payload.root)] == [Kind.UNSAFE_FILE]


def test_a_missing_file_is_named(payload: BagFiles) -> None:
    with pytest.raises(BagFileError) as refused:
        payload.read("documents/laporan/r9.pdf", limit=100)
    assert refused.value.kind is Kind.DOCUMENT_MISSING
