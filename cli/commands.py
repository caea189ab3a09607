"""The list of sub-commands; add a command here after writing its module."""

from __future__ import annotations

import click

from sopflow.cli.case import case
from sopflow.cli.check import check
from sopflow.cli.demo import demo
from sopflow.cli.forms import forms
from sopflow.cli.pki import pki
from sopflow.cli.serve import serve, user
from sopflow.cli.sop import sop
from sopflow.cli.task import task
from sopflow.cli.types import types
from sopflow.cli.verify import verify

ALL: list[click.Command] = [demo, case, task, verify]
ALL.append(check)
ALL.append(sop)
ALL.append(forms)
ALL.append(types)
ALL.append(serve)
ALL.append(user)
ALL.append(pki)
