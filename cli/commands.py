"""The list of sub-commands; add a command here after writing its module."""

from __future__ import annotations

import click

ALL: list[click.Command] = []
