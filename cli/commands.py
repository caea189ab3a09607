"""The sub-commands, loaded only when used; add a command here after writing its module.

Each entry names the module and attribute of a command and repeats the first
line of its docstring, so ``sopflow --help`` lists every command without
importing any (a test keeps the summaries equal to the docstrings).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "LazyCommand"]


class LazyCommand(NamedTuple):
    """Where a sub-command lives and what ``--help`` says about it."""

    module: str
    """Module that defines the command."""
    attribute: str
    """Name of the click command in that module."""
    summary: str
    """First line of the command's docstring."""


COMMANDS: dict[str, LazyCommand] = {
    "demo": LazyCommand("sopflow.cli.demo", "demo",
                        "Create a test PKI and roster, run seed SOPs to completion, export and verify each case."),
    "case": LazyCommand("sopflow.cli.case", "case", "Start and inspect cases (one run of a SOP)."),
    "task": LazyCommand("sopflow.cli.task", "task", "List, show, preview and complete ready tasks."),
    "verify": LazyCommand("sopflow.cli.verify", "verify",
                          "Verify every document, signature and journal entry of a case archive."),
    "check": LazyCommand("sopflow.cli.check", "check",
                         "Check BPMN models (files, or folders of *.bpmn) against the SOP profile."),
    "sop": LazyCommand("sopflow.cli.sop", "sop", "The SOP document (PermenPAN-RB 35/2012) drawn from a model."),
    "model": LazyCommand("sopflow.cli.model", "model", "The model library: SOP models saved as checked versions."),
    "forms": LazyCommand("sopflow.cli.forms", "forms", "Task forms (Camunda Forms JSON) of a model."),
    "types": LazyCommand("sopflow.cli.types", "types",
                         "List the document types (naskah dinas) and the form keys each reads."),
    "serve": LazyCommand("sopflow.cli.serve", "serve",
                         "Serve the web workspace: inbox, task forms, document preview, paraf and signature."),
    "user": LazyCommand("sopflow.cli.serve", "user", "Accounts of officials for the web workspace."),
    "pki": LazyCommand("sopflow.cli.pki", "pki",
                       "Test keys for trying a SOP (real deployments use PSrE certificates: docs/roster.md)."),
}
