"""Browser fixtures: test pages on the modeller bundle shipped in the web package, and Chromium.

The bundle (``web/static/vendor/modeler/``) is built from the pinned npm packages by
``scripts/refresh-web-assets.sh``; ``tests/web/test_assets.py`` checks it rebuilds
identically. Playwright drives the Debian Chromium that
``scripts/install-test-tools.sh`` installs; it never downloads a browser.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import launched_chromium

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "page"
BUNDLE = ROOT / "web" / "static" / "vendor" / "modeler"


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``modeler.html`` and ``formeditor.html`` and the bundle they load."""
    out = tmp_path_factory.mktemp("bundles")
    shutil.copytree(PAGES, out, dirs_exist_ok=True)
    shutil.copytree(BUNDLE, out / "vendor")
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright.

    Module-scoped: Playwright's sync API keeps an event loop running in this thread,
    and signing (pyHanko, asyncio) in other modules' tests needs it gone.
    """
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser, bundles: Path):
    """A fresh page; JavaScript errors fail the test that caused them."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
