"""``sopflow sop render`` end to end, then the PDF checked with pypdf."""

from __future__ import annotations

import json

from click.testing import CliRunner
from pypdf import PdfReader

from sopflow.cli.sop import sop

from .conftest import FIXTURES


def test_render_json(tmp_path):
    out = tmp_path / "sop.pdf"
    result = CliRunner().invoke(sop, ["render", str(FIXTURES / "review_loop.bpmn"), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["data"]
    assert report["pdf"] == str(out)
    assert report["pages"] == len(PdfReader(out).pages) >= 2
    assert report["symbols"]["capsules"] == 2 and report["symbols"]["connectors"] % 2 == 0


def test_render_text(tmp_path):
    out = tmp_path / "sop.pdf"
    result = CliRunner().invoke(sop, ["render", str(FIXTURES / "review_loop.bpmn"), "--out", str(out)])
    assert result.exit_code == 0
    assert str(out) in result.output and "halaman" in result.output


def test_render_bad_model_exits_1_with_location(tmp_path):
    bad = tmp_path / "bad.bpmn"
    bad.write_text("<not-bpmn/>")
    result = CliRunner().invoke(sop, ["render", str(bad), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "bad.bpmn" in result.output and "kesalahan:" in result.output
    assert not (tmp_path / "x.pdf").exists()
