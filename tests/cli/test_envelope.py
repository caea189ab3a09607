"""``--json`` prints one envelope on every command, for success, failure and usage errors alike."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from sopflow.cli.main import main


def leaf_commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command of the ``sopflow`` tree, as its words."""
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # sub-commands load lazily: ask the group, not its cache
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found += leaf_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = leaf_commands()


def envelope(args: list[str], code: int, tmp_path) -> dict:
    result = CliRunner().invoke(main, args, env={"SOPFLOW_DATA_DIR": str(tmp_path / "none"), "SOPFLOW_TODAY": ""})
    assert result.exit_code == code, result.output
    body = json.loads(result.stdout)  # exactly one JSON document on stdout
    assert body["ok"] is (code == 0)
    if code:
        assert set(body["error"]) == {"kind", "message", "hint", "location"} and body["error"]["message"]
    return body


def test_the_tree_has_every_command():
    assert {("case", "start"), ("case", "document"), ("task", "preview"), ("pki", "init"), ("check",),
            ("verify",), ("demo",)} <= set(COMMANDS)


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_a_bad_option_is_a_usage_error_envelope(words, tmp_path):
    error = envelope([*words, "--json", "--no-such-option"], 2, tmp_path)["error"]
    assert error["kind"] == "usage" and "--no-such-option" in error["message"]
    assert error["location"] == f"sopflow {' '.join(words)}"


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_help_is_plain_text_and_succeeds(words, tmp_path):
    result = CliRunner().invoke(main, [*words, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize("args", [
    ["case", "list"], ["task", "list"], ["case", "show", "X"], ["case", "export", "X", "--out", "o"],
    ["case", "document", "X", "laporan", "--out", "x.pdf"], ["case", "sweep-blobs"],
    ["task", "show", "X"], ["task", "preview", "X", "--out", "x.pdf"], ["task", "complete", "X"],
])
def test_commands_on_cases_fail_as_json_without_a_data_dir(args, tmp_path):
    assert envelope([*args, "--json"], 1, tmp_path)["error"]["kind"] == "data-dir"


def test_commands_without_cases_succeed_in_the_envelope(tmp_path):
    assert envelope(["types", "--json"], 0, tmp_path)["data"]
    rendered = envelope(["sop", "render", "LIP10-0072", "--out", str(tmp_path / "sop.pdf"), "--json"], 0, tmp_path)
    assert rendered["data"]["pages"] >= 1
    model = tmp_path / "m.bpmn"
    from sopflow.bpmn import resolve_model

    model.write_bytes(resolve_model("lip10-0072").read_bytes())
    scaffolded = envelope(["forms", "scaffold", str(model), "--out", str(tmp_path / "f"), "--json"], 0, tmp_path)
    assert scaffolded["data"]["forms"]
    checked = envelope(["check", str(resolve_model("lip10-0072")), "--json"], 0, tmp_path)
    assert checked["data"] == [] or all(f["severity"] == "warning" for f in checked["data"])
