"""``sopflow model add/list``: the model library from the command line, JSON and exit codes."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from sopflow.bpmn import resolve_model
from sopflow.cli.main import main


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_add_and_list_versions(tmp_path):
    data = str(tmp_path / "data")
    seed = resolve_model("lip30-0006")
    assert seed is not None
    added = _run("model", "add", str(seed), "--name", "kalibrasi", "--author", "198001012006041001",
                 "--data-dir", data, "--json")
    assert added.exit_code == 0, added.output
    version = json.loads(added.stdout)["data"]
    assert (version["name"], version["version"], version["new"]) == ("kalibrasi", 1, True)
    assert version["sop_number"] == "LIP30-0006" and version["author_nip"] == "198001012006041001"
    assert "model/kalibrasi.bpmn" in version["files"] and any(p.startswith("forms/") for p in version["files"])

    again = _run("model", "add", str(seed), "--name", "kalibrasi", "--data-dir", data)
    assert again.exit_code == 0 and "tidak ada versi baru" in again.output

    edited = tmp_path / "sop" / "bpmn" / "kalibrasi.bpmn"
    edited.parent.mkdir(parents=True)
    shutil.copytree(seed.parent.parent / "forms", tmp_path / "sop" / "forms")
    edited.write_bytes(seed.read_bytes().replace(b'name="sop.revision" value="', b'name="sop.revision" value="2 ', 1))
    assert edited.read_bytes() != seed.read_bytes()
    second = _run("model", "add", str(edited), "--data-dir", data)
    assert second.exit_code == 0 and "kalibrasi versi 2 disimpan" in second.output

    listed = json.loads(_run("model", "list", "kalibrasi", "--data-dir", data, "--json").stdout)["data"]
    assert [v["version"] for v in listed] == [2, 1]
    text = _run("model", "list", "--data-dir", data)
    assert text.exit_code == 0 and "kalibrasi" in text.output and "v2" in text.output


def test_a_rejected_model_exits_1_with_located_findings(tmp_path):
    model = tmp_path / "buruk.bpmn"
    model.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', encoding="utf-8")
    result = _run("model", "add", str(model), "--data-dir", str(tmp_path / "data"), "--json")
    assert result.exit_code == 1
    envelope = json.loads(result.stdout)
    assert envelope["error"]["kind"] == "model-rejected" and "tidak ada versi" in envelope["error"]["message"]
    [finding] = envelope["data"]
    assert finding["file"] == str(model) and finding["rule"] == "xml-hostile" and finding["line"] == 1
    listed = _run("model", "list", "--data-dir", str(tmp_path / "data"))
    assert listed.exit_code == 0 and "kosong" in listed.output
