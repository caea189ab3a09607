"""Seed SOP models (BPMN 2.0 with the sopflow profile), shipped as package data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["seed_models", "resolve_model"]


def seed_models() -> list[Path]:
    """The seed models shipped with sopflow, sorted by file name."""
    folder = resources.files(__name__)
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".bpmn"))


def resolve_model(name: str) -> Path | None:
    """A model file path, or the seed model whose file name starts with ``name``
    (case-insensitive, e.g. ``LIP20-0013``); ``None`` if neither."""
    path = Path(name)
    if path.is_file():
        return path
    matches = [s for s in seed_models() if s.name.lower().startswith(name.lower())]
    return matches[0] if len(matches) == 1 else None
