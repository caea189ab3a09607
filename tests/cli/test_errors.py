"""Operational errors: a located message and exit status 1, never a traceback; the envelope under ``--json``.

Every test drives the real command: click's CliRunner through the ``sopflow``
group, or a child process where stderr and logging must be seen as a user sees them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from sopflow.cli.main import main
from sopflow.cli.runtime import MAX_JSON_DEPTH
from sopflow.runner.roster import read_roster_toml

SEED = "lip20-0013"
FIRST_ROLE = "Co Supervisor Operasional"


def run(*args: str, env: dict[str, str] | None = None):
    """``sopflow ARGS`` in process, through the group that maps every failure."""
    return CliRunner().invoke(main, list(args), env={"SOPFLOW_TODAY": "", **(env or {})})


def failure(*args: str, code: int = 1, env: dict[str, str] | None = None) -> dict:
    """The error object of a ``--json`` command expected to fail with ``code``."""
    result = run(*args, "--json", env=env)
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    envelope = json.loads(result.stdout)
    assert envelope["ok"] is False and set(envelope["error"]) == {"kind", "message", "hint", "location"}
    return {**envelope["error"], **({"findings": envelope["data"]} if "data" in envelope else {})}


def child(*args: str, env: dict[str, str] | None = None, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """``sopflow ARGS`` in a new Python process (``prelude`` runs first)."""
    code = f"{prelude}\nfrom sopflow.cli.main import main\nmain()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, env={**os.environ, "SOPFLOW_TODAY": "", **(env or {})})


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


@pytest.fixture(scope="module")
def started(tmp_path_factory, roster_path):
    """A data directory with one LIP20-0013 case: (data_dir, first ready task id)."""
    data = tmp_path_factory.mktemp("errors") / "data"
    result = run("case", "start", SEED, "--roster", str(roster_path), "--data-dir", str(data), "--json")
    assert result.exit_code == 0, result.output
    return data, json.loads(result.stdout)["data"]["ready"][0]["id"]


# -- the data directory ----------------------------------------------------------


def test_reading_commands_refuse_a_missing_data_dir_and_create_nothing(tmp_path):
    missing = tmp_path / "nothing-here"
    for args in (["task", "list"], ["case", "list"], ["case", "show", "X"], ["task", "show", "abc"],
                 ["case", "sweep-blobs"]):
        error = failure(*args, "--data-dir", str(missing))
        assert error["kind"] == "data-dir" and error["location"] == str(missing)
        assert "SOPFLOW_DATA_DIR" in error["hint"]
    assert not missing.exists()


def test_an_empty_data_dir_says_it_holds_no_cases(tmp_path):
    error = failure("task", "list", env={"SOPFLOW_DATA_DIR": str(tmp_path)})
    assert error["kind"] == "data-dir" and "belum berisi kasus" in error["message"]
    assert list(tmp_path.iterdir()) == []
    text = run("task", "list", env={"SOPFLOW_DATA_DIR": str(tmp_path)})
    assert text.exit_code == 1 and "belum berisi kasus" in text.stderr


def test_every_command_finds_the_data_dir_the_same_way(started, tmp_path, monkeypatch):
    data, task_id = started
    by_option = json.loads(run("task", "list", "--data-dir", str(data), "--json").stdout)["data"]
    by_env = json.loads(run("task", "list", "--json", env={"SOPFLOW_DATA_DIR": str(data)}).stdout)["data"]
    assert by_option == by_env and by_env[0]["id"] == task_id
    monkeypatch.chdir(data.parent)  # the default: ./sopflow-data
    (data.parent / "sopflow-data").symlink_to(data)
    assert json.loads(run("case", "list", "--json").stdout)["data"][0]["id"] == by_env[0]["case_id"]


# -- input files -------------------------------------------------------------------


def test_form_data_that_is_not_utf8_is_located(started, tmp_path, roster_path):
    data, task_id = started
    bad = tmp_path / "form.json"
    bad.write_bytes('{\n"uraian": "Usulan \u00e9"\n}'.encode("latin-1"))
    for command in ("complete", "preview"):
        extra = ["--out", str(tmp_path / "x.pdf")] if command == "preview" else ["--roster", str(roster_path)]
        error = failure("task", command, task_id[:8], "--data", str(bad), *extra, "--data-dir", str(data))
        assert error["kind"] == "input" and error["location"] == f"{bad}:2" and "UTF-8" in error["message"]
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_form_data_is_refused(started, tmp_path, depth):
    data, task_id = started
    deep = tmp_path / "deep.json"
    deep.write_text('{"uraian": ' + "[" * depth + "]" * depth + "}")
    error = failure("task", "preview", task_id, "--data", str(deep), "--out", str(tmp_path / "x.pdf"),
                    "--data-dir", str(data))
    assert error["kind"] == "input" and "bersarang" in error["message"] and error["location"] == f"{deep}:1"


def test_form_data_that_is_not_an_object_names_the_template_command(started, tmp_path):
    data, task_id = started
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]")
    error = failure("task", "preview", task_id, "--data", str(listed), "--out", str(tmp_path / "x.pdf"),
                    "--data-dir", str(data))
    assert error["kind"] == "input" and "--template" in error["hint"]


def _seed_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the LIP20-0013 model and its forms: (model, forms folder)."""
    from sopflow.bpmn import resolve_model

    model = resolve_model(SEED)
    forms = tmp_path / "forms"
    forms.mkdir()
    for form in (model.parents[1] / "forms").glob("lip20_0013_*.form"):
        (forms / form.name).write_bytes(form.read_bytes())
    copy = tmp_path / model.name
    copy.write_bytes(model.read_bytes())
    return copy, forms


def test_a_form_file_that_is_not_utf8_or_too_deep_is_located(tmp_path, roster_path):
    model, forms = _seed_copy(tmp_path)
    form = sorted(forms.glob("*.form"))[0]
    original = form.read_bytes()
    form.write_bytes(original.replace(b'"label"', "\n\"label\u00e9\"".encode("cp1252"), 1))
    error = failure("case", "start", str(model), "--roster", str(roster_path), "--forms", str(forms),
                    "--data-dir", str(tmp_path / "data"))
    invalid = [f["message"] for f in error["findings"] if f["rule"] == "form-invalid"]
    assert error["kind"] == "model-rejected" and str(form) in invalid[0] and "UTF-8" in invalid[0]
    form.write_bytes(b'{"components": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    error = failure("case", "start", str(model), "--roster", str(roster_path), "--forms", str(forms),
                    "--data-dir", str(tmp_path / "data"))
    assert error["kind"] == "model-rejected"
    assert any(f["rule"] == "form-invalid" and str(form) in f["message"] for f in error["findings"])
    assert not (tmp_path / "data").exists()


def test_a_roster_that_is_not_utf8_is_located(tmp_path):
    roster = tmp_path / "roster.toml"
    roster.write_bytes('[signing]\nlevel = "B-B"\n# Jabatan: Kepala Kantor \u00e9\n'.encode("latin-1"))
    error = failure("case", "start", SEED, "--roster", str(roster), "--data-dir", str(tmp_path / "data"))
    assert error["kind"] == "roster" and error["location"] == f"{roster}:3"
    assert not (tmp_path / "data").exists()


# -- signing -----------------------------------------------------------------------


def test_an_unreachable_tsa_is_a_signing_error_and_changes_nothing(tmp_path, roster_path):
    """The docs' own example URL: the host does not resolve, so nothing is signed."""
    raw = read_roster_toml(roster_path)
    raw["signing"] = {"level": "B-T", "trust": [str(roster_path.parent / raw["signing"]["trust"][0])],
                      "tsa_url": "https://tsa.example/"}
    for entry in raw["official"]:
        entry["signer"]["pkcs12"] = str(roster_path.parent / entry["signer"]["pkcs12"])
    roster = tmp_path / "roster.toml"
    roster.write_text(tomli_w.dumps(raw))
    data = tmp_path / "data"
    started = json.loads(run("case", "start", SEED, "--roster", str(roster), "--data-dir", str(data),
                             "--json").stdout)["data"]
    result = child("task", "complete", started["ready"][0]["id"], "--roster", str(roster), "--data-dir",
                   str(data), "--json")
    assert result.returncode == 1 and result.stderr == "", result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "signing" and error["location"] == "https://tsa.example/"
    assert "TSA" in error["message"] and "tsa_url" in error["hint"]
    shown = json.loads(run("case", "show", started["case"]["id"], "--data-dir", str(data), "--json").stdout)
    assert shown["data"]["journal"] == []


def test_an_untrusted_certificate_is_refused_without_library_log_noise(tmp_path, roster_path, roster):
    """pyHanko logs path-building failures; the user sees one located sentence instead."""
    from sopflow.officials import Official
    from sopflow.signing import TestPki
    from sopflow.signing.pki import issue_certificate

    data = tmp_path / "data"
    started = json.loads(run("case", "start", SEED, "--roster", str(roster_path), "--data-dir", str(data),
                             "--json").stdout)["data"]
    official = roster.for_role(FIRST_ROLE).official
    pki = TestPki.load(roster_path.parent / "pki")
    rogue = issue_certificate(pki, Official(name=official.name, nip=official.nip, jabatan=official.jabatan),
                              issuer="untrusted")
    result = child("task", "complete", started["ready"][0]["id"][:6], "--signer", str(rogue), "--data-dir",
                   str(data), env={"SOPFLOW_PASSPHRASE": pki.passphrase})
    assert result.returncode == 1
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("kesalahan: ") and "trusted root" in lines[0], result.stderr
    assert all(line.startswith(("kesalahan: ", "  saran: ")) for line in lines), result.stderr


# -- the database --------------------------------------------------------------------


@pytest.mark.parametrize(("url", "words"), [
    ("not a url", "tidak sah"),
    ("nosuchdb://host/x", "tidak sah"),
    ("postgresql://sopflow:rahasia@127.0.0.1:1/sopflow", "tidak dapat dihubungi"),
])
def test_malformed_or_unreachable_database_urls(tmp_path, url, words):
    error = failure("case", "list", "--database-url", url, "--data-dir", str(tmp_path))
    assert error["kind"] == "database" and words in error["message"]
    assert "rahasia" not in json.dumps(error)


def test_missing_postgresql_driver_says_how_to_install_it(tmp_path):
    """The driver is installed for the test suite, so the child blocks its import (as if absent)."""
    result = child("case", "list", "--database-url", "postgresql://sopflow@db.internal/sopflow",
                   "--data-dir", str(tmp_path), prelude="import sys; sys.modules['psycopg'] = None")
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "driver basis data untuk postgresql belum terpasang" in result.stderr
    assert "pip install 'sopflow[postgresql]'" in result.stderr


# -- usage errors --------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["task", "list", "--no-such-option"],
    ["case", "start"],
    ["case", "document", "X", "doc", "--revision", "zero", "--out", "x.pdf"],
    ["no-such-command"],
    ["verify", "/no/such/archive"],
    ["demo", "--level", "B-X"],
])
def test_usage_errors_are_json_too(args):
    error = failure(*args, code=2)
    assert error["kind"] == "usage" and error["message"]


def test_unknown_sop_names_the_seeds(tmp_path, roster_path):
    error = failure("case", "start", "LIP99-9999", "--roster", str(roster_path), "--data-dir", str(tmp_path / "d"))
    assert error["kind"] == "model" and "LIP20-0013" in error["hint"]
    assert not (tmp_path / "d").exists()


def test_a_missing_roster_file_is_located(tmp_path):
    error = failure("case", "start", SEED, "--roster", str(tmp_path / "none.toml"), "--data-dir", str(tmp_path))
    assert error["kind"] == "roster" and error["location"] == str(tmp_path / "none.toml")


def test_check_on_a_path_without_models_fails(tmp_path):
    (tmp_path / "notes.txt").write_text("no models here")
    error = failure("check", str(tmp_path))
    assert error["kind"] == "model" and error["location"] == str(tmp_path)
    assert run("check", str(tmp_path)).exit_code == 1


def test_a_prompt_without_a_terminal_is_an_error_not_a_hang(started, tmp_path, roster):
    data, task_id = started
    p12 = roster.for_role(FIRST_ROLE).signer.pkcs12
    result = child("task", "complete", task_id, "--signer", str(p12), "--data-dir", str(data), "--json",
                   env={"SOPFLOW_PASSPHRASE": ""})
    assert result.returncode == 1
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "signing" and "--passphrase-file" in error["hint"]


def test_a_fifo_as_form_data_is_refused_not_waited_on(started, tmp_path):
    data, task_id = started
    fifo = tmp_path / "form.json"
    os.mkfifo(fifo)
    error = failure("task", "preview", task_id, "--data", str(fifo), "--out", str(tmp_path / "x.pdf"),
                    "--data-dir", str(data))
    assert error["kind"] == "input" and error["location"] == str(fifo) and "FIFO" in error["message"]
