"""``sopflow types``: the document types and the form keys each reads."""

from __future__ import annotations

from typing import Any

import click

from sopflow import messages
from sopflow.cli.runtime import emit_json, errors_to_exit, json_option
from sopflow.templates import document_keys, known_types, load_type

__all__ = ["types"]


@click.command()
@json_option
def types(as_json: bool) -> None:
    """List the document types (naskah dinas) and the form keys each reads.

    Required keys are marked *; keys written one entry per line show their columns.
    """
    with errors_to_exit(as_json=as_json):
        listing: list[dict[str, Any]] = []
        for name in known_types():
            doctype = load_type(name)
            listing.append({
                "type": name, "title": doctype.title, "code": doctype.code, "description": doctype.description,
                "prints_every_field": doctype.prints_form, "keys": list(document_keys(name)),
            })
    if as_json:
        emit_json(listing)
        return
    for entry in listing:
        code = messages.TYPE_CODE.format(code=entry["code"]) if entry["code"] else ""
        click.echo(messages.TYPE_LINE.format(type=entry["type"], title=entry["title"], code=code))
        if entry["description"]:
            click.echo(f"  {entry['description']}")
        for key in entry["keys"]:
            mark = "*" if key.required else " "
            kind = messages.TYPE_KEY_MULTILINE if key.multiline else messages.TYPE_KEY_ONE_LINE
            columns = messages.TYPE_KEY_COLUMNS.format(columns=" | ".join(key.columns)) if key.columns else ""
            default = messages.TYPE_KEY_DEFAULT.format(default=key.default) if key.default else ""
            click.echo(messages.TYPE_KEY_LINE.format(mark=mark, key=key.key, label=key.label, kind=kind,
                                                     columns=columns, default=default))
        if entry["prints_every_field"]:
            click.echo(messages.TYPE_PRINTS_EVERY_FIELD)
