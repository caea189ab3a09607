"""Fixtures of the model tests: the small good model and its forms."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def good_model() -> Path:
    """A small valid SOP model with a return-for-revision loop (forms in tests/model/forms)."""
    return HERE / "fixtures" / "good.bpmn"


@pytest.fixture(scope="session")
def forms_dir() -> Path:
    """The forms of the test models."""
    return HERE / "forms"
