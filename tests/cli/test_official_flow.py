"""What an official needs: every field shown, a fill-in template, a preview that is what gets signed,
short ids, any document revision, and a signer found from the roster with the passphrase from a file,
the environment or a hidden prompt. Real PKI, real signatures, real SQLite."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from sopflow.cli.main import main
from sopflow.signing.softhsm import softhsm_available

SEED = "lip20-0013"
FIRST_ROLE = "Co Supervisor Operasional"


def ok(*args: str, env: dict[str, str] | None = None):
    """The ``data`` of a successful ``--json`` command."""
    result = CliRunner().invoke(main, [*args, "--json"], env={"SOPFLOW_TODAY": "", **(env or {})})
    assert result.exit_code == 0, result.output
    envelope = json.loads(result.stdout)
    assert envelope["ok"] is True
    return envelope["data"]


def error(*args: str):
    result = CliRunner().invoke(main, [*args, "--json"], env={"SOPFLOW_TODAY": ""})
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)["error"]


@pytest.fixture
def case(tmp_path, roster_path):
    """A fresh LIP20-0013 case: (data dir option, case id, first task id)."""
    data = ["--data-dir", str(tmp_path / "data")]
    out = ok("case", "start", SEED, "--roster", str(roster_path), *data)
    return data, out["case"]["id"], out["ready"][0]["id"]


def test_show_lists_every_field_and_the_template_fills_in(case, tmp_path, roster_path):
    data, _case_id, task_id = case
    template = tmp_path / "isian.json"
    shown = ok("task", "show", task_id[:8], "--template", str(template), *data)
    assert shown["task"]["id"] == task_id
    fields = {f["key"]: f for f in shown["fields"]}
    assert set(fields) == {"sumber_masukan", "uraian"}
    for f in fields.values():
        assert f["type"] == "textarea" and f["required"] is True and f["label"]
        assert f["limits"] == {"maxLength": 4000} and f["default"] and f["choices"] == []
    filled = json.loads(template.read_text(encoding="utf-8"))
    assert filled == {key: f["default"] for key, f in fields.items()}
    text = CliRunner().invoke(main, ["task", "show", task_id[:8], *data]).output
    assert "sumber_masukan  [textarea] wajib" in text and "batas: maxLength 4000" in text and "bawaan:" in text


def test_show_lists_choices_with_value_and_label(tmp_path, roster_path, roster):
    """LIP30-0006's review task asks for a decision: a select whose choices are shown as value = label."""
    data = ["--data-dir", str(tmp_path / "data")]
    case_id = ok("case", "start", "lip30-0006", "--roster", str(roster_path), *data)["case"]["id"]
    for _ in range(10):
        ready = ok("task", "list", "--case", case_id, *data)
        shown = ok("task", "show", ready[0]["id"], *data)
        with_choices = [f for f in shown["fields"] if f["choices"]]
        if with_choices:
            break
        spec = roster.for_role(ready[0]["role"]).signer
        ok("task", "complete", ready[0]["id"], "--signer", str(spec.pkcs12), *data,
           env={"SOPFLOW_PASSPHRASE": spec.passphrase})
    else:
        pytest.fail("no task with choices in LIP30-0006")
    field = with_choices[0]
    assert all(set(c) == {"value", "label"} and c["label"] for c in field["choices"])
    text = CliRunner().invoke(main, ["task", "show", shown["task"]["id"], *data]).output
    first = field["choices"][0]
    assert f'{json.dumps(first["value"], ensure_ascii=False)} = {first["label"]}' in text


def test_preview_is_exactly_what_gets_signed(case, tmp_path, roster_path):
    data, case_id, task_id = case
    form = tmp_path / "form.json"
    form.write_text(json.dumps({"sumber_masukan": "Survei pelanggan", "uraian": "Jam layanan diperpanjang"}))
    draft = tmp_path / "draft.pdf"
    previewed = ok("task", "preview", task_id[:6], "--data", str(form), "--out", str(draft), *data)
    assert previewed["pages"] == 1 and previewed["revision"] == 1 and previewed["case"] == case_id
    text = "".join(page.extract_text() for page in PdfReader(draft).pages)
    assert "Jam layanan diperpanjang" in text
    assert ok("case", "show", case_id, *data)["journal"] == []  # a preview records nothing
    ok("task", "complete", task_id[:6], "--data", str(form), "--roster", str(roster_path), *data)
    signed = tmp_path / "signed.pdf"
    stored = ok("case", "document", case_id, previewed["document"], "--out", str(signed), *data)
    assert stored["revision"] == 1 and stored["latest"] == 1 and stored["task"] == task_id
    assert signed.read_bytes().startswith(draft.read_bytes())  # the signature is an update of the preview


def test_any_revision_of_a_document_and_located_refusals(case, tmp_path, roster_path):
    data, case_id, _task = case
    for _ in range(3):
        ready = ok("task", "list", "--case", case_id[:12], *data)
        ok("task", "complete", ready[0]["id"], "--roster", str(roster_path), *data)
    documents = ok("case", "show", case_id, *data)["documents"]
    revised = max(documents, key=lambda d: d["revision"])
    first, last = tmp_path / "r1.pdf", tmp_path / "last.pdf"
    ok("case", "document", case_id, revised["document"], "--revision", "1", "--out", str(first), *data)
    newest = ok("case", "document", case_id, revised["document"], "--out", str(last), *data)
    assert newest["revision"] == revised["revision"]
    assert first.read_bytes().startswith(b"%PDF") and last.read_bytes().startswith(b"%PDF")
    missing = error("case", "document", case_id, "surat_lain", "--out", str(tmp_path / "x.pdf"), *data)
    assert missing["kind"] == "case" and revised["document"] in missing["hint"]
    too_far = error("case", "document", case_id, revised["document"], "--revision", "99",
                    "--out", str(tmp_path / "x.pdf"), *data)
    assert too_far["kind"] == "case" and f"1 sampai {revised['revision']}" in too_far["hint"]
    assert not (tmp_path / "x.pdf").exists()


def test_ambiguous_and_unknown_prefixes(tmp_path, roster_path):
    data = ["--data-dir", str(tmp_path / "data")]
    first = ok("case", "start", SEED, "--roster", str(roster_path), *data)
    second = ok("case", "start", SEED, "--roster", str(roster_path), *data)
    ambiguous = error("case", "show", "LIP20-0013-000", *data)
    assert ambiguous["kind"] == "case" and first["case"]["id"] in ambiguous["message"]
    assert second["case"]["id"] in ambiguous["message"]
    assert ok("case", "show", second["case"]["id"], *data)["case"]["id"] == second["case"]["id"]
    assert ok("task", "list", "--case", "LIP20-0013-0001", *data)[0]["id"] == first["ready"][0]["id"]
    ids = [first["ready"][0]["id"], second["ready"][0]["id"]]
    common = os.path.commonprefix(ids)
    if common:
        assert error("task", "show", common, *data)["kind"] == "case"
    assert error("task", "show", "zzzz", *data)["message"] == "tidak ada tugas dengan id 'zzzz'"
    assert ok("task", "show", ids[1][: len(common) + 1], *data)["task"]["id"] == ids[1]


def test_signer_from_the_roster_with_the_passphrase_from_a_file_or_the_environment(tmp_path, roster_path,
                                                                                      roster):
    """A roster without passphrases: the signer comes from it, the passphrase from elsewhere."""
    import tomli_w

    from sopflow.runner.roster import read_roster_toml

    raw = read_roster_toml(roster_path)
    passphrase = raw["official"][0]["signer"].pop("passphrase")
    for entry in raw["official"]:
        entry["signer"].pop("passphrase", None)
    bare = roster_path.parent / "roster-no-secrets.toml"
    bare.write_text(tomli_w.dumps(raw))
    secret = tmp_path / "passphrase.txt"
    secret.write_text(passphrase + "\n")
    data = ["--data-dir", str(tmp_path / "data")]
    ids = ok("case", "start", SEED, "--roster", str(bare), *data)
    done = ok("task", "complete", ids["ready"][0]["id"], "--roster", str(bare), "--passphrase-file", str(secret),
              *data)
    assert done["journal_seq"] == 1
    following = ok("task", "list", "--case", ids["case"]["id"], *data)[0]
    done = ok("task", "complete", following["id"], *data,
              env={"SOPFLOW_ROSTER": str(bare), "SOPFLOW_PASSPHRASE": passphrase})
    assert done["journal_seq"] == 2
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("salah\n")
    following = ok("task", "list", "--case", ids["case"]["id"], *data)[0]
    refused = error("task", "complete", following["id"], "--roster", str(bare), "--passphrase-file", str(wrong),
                    *data)
    assert refused["kind"] == "signing" and "passphrase" in refused["message"]
    result = CliRunner().invoke(main, ["task", "complete", following["id"], *data, "--json"],
                                env={"SOPFLOW_ROSTER": ""})
    assert result.exit_code == 2 and "--roster" in json.loads(result.stdout)["error"]["message"]


def test_the_passphrase_prompt_is_hidden(tmp_path, roster_path, roster):
    """On a terminal (a pseudo-terminal here) the passphrase is asked for and not echoed."""
    data = ["--data-dir", str(tmp_path / "data")]
    ids = ok("case", "start", SEED, "--roster", str(roster_path), *data)
    spec = roster.for_role(FIRST_ROLE).signer
    pid, fd = pty.fork()
    if pid == 0:  # the child: sopflow on the terminal
        env = {k: v for k, v in os.environ.items() if k != "SOPFLOW_PASSPHRASE"}
        os.execve(sys.executable, [sys.executable, "-c", "from sopflow.cli.main import main; main()", "task",
                                   "complete", ids["ready"][0]["id"], "--signer", str(spec.pkcs12), *data],
                  {**env, "SOPFLOW_TODAY": ""})
    seen = b""
    while b"Frasa sandi" not in seen:
        seen += os.read(fd, 1024)
    os.write(fd, spec.passphrase.encode() + b"\n")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
    assert spec.passphrase.encode() not in seen and b"Tugas selesai" in seen


def test_pki_init_lets_a_new_roster_sign_without_python(tmp_path):
    """A roster with officials only: pki init makes their keys; a case then runs to the end and verifies."""
    roster = tmp_path / "roster.toml"
    import tomli_w

    from sopflow.bpmn import resolve_model
    from sopflow.demo.run import demo_officials
    from sopflow.model.profile import load_model

    lanes = [lane.name for lane in load_model(resolve_model("lip10-0072")).lanes]
    roster.write_text(tomli_w.dumps({"signing": {"level": "B-LT"}, "official": [
        {"role": role, "name": o.name, "nip": o.nip, "jabatan": o.jabatan, "pangkat": "Penata (III/c)"}
        for role, o in demo_officials(lanes).items()]}))
    made = ok("pki", "init", "--roster", str(roster), "--out", str(tmp_path / "setup"))
    assert set(made["signers"]) == set(lanes) and Path(made["passphrase_file"]).stat().st_mode & 0o077 == 0
    env = {"SOPFLOW_DATA_DIR": str(tmp_path / "data"), "SOPFLOW_ROSTER": made["roster"]}
    secret = ["--passphrase-file", made["passphrase_file"]]
    case_id = ok("case", "start", "lip10-0072", env=env)["case"]["id"]
    while ready := ok("task", "list", "--case", case_id, env=env):
        ok("task", "complete", ready[0]["id"][:8], *secret, env=env)
    archive = ok("case", "export", case_id, "--out", str(tmp_path / "bag"), env=env)["archive"]
    verified = ok("verify", archive, "--trust", made["root"])
    assert verified["ok"] is True and verified["problems"] == []
    again = CliRunner().invoke(main, ["pki", "init", "--roster", str(roster), "--out", str(tmp_path / "setup")])
    assert again.exit_code == 1 and "tidak kosong" in again.stderr


@pytest.mark.skipif(not softhsm_available(), reason="SoftHSM and OpenSC are not installed")
def test_a_roster_token_signer_takes_its_pin_from_the_environment(tmp_path):
    """A roster naming a PKCS#11 key without its PIN; the PIN comes from SOPFLOW_PIN (SoftHSM token)."""
    import tomli_w

    from sopflow.bpmn import resolve_model
    from sopflow.demo.run import PASSPHRASE, write_demo_setup
    from sopflow.model.profile import load_model
    from sopflow.runner.roster import read_roster_toml
    from sopflow.signing.softhsm import make_softhsm_token

    roster_path = write_demo_setup(tmp_path / "setup", [load_model(resolve_model("lip10-0072"))])
    data = ["--data-dir", str(tmp_path / "data")]
    first = ok("case", "start", "lip10-0072", "--roster", str(roster_path), *data)["ready"][0]
    raw = read_roster_toml(roster_path)
    entry = next(e for e in raw["official"] if e["role"] == first["role"])
    token = make_softhsm_token(tmp_path / "token", roster_path.parent / entry["signer"]["pkcs12"], PASSPHRASE,
                               label="roster-pin")
    key = token.spec.pkcs11
    entry["signer"] = {"pkcs11": {"module": str(key.module), "token_label": key.token_label,
                                  "key_label": key.key_label}}
    roster_path.write_text(tomli_w.dumps(raw))
    env = {**os.environ, "SOFTHSM2_CONF": str(token.config), "SOPFLOW_PIN": key.pin, "SOPFLOW_TODAY": ""}
    done = subprocess.run([sys.executable, "-m", "sopflow.cli.main", "task", "complete", first["id"][:8],
                           "--roster", str(roster_path), *data, "--json"],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["data"]["journal_seq"] == 1
