"""Browser fixtures: the test pages bundled with esbuild from the pinned npm packages, and Chromium.

The bundles are built into a temporary folder on every test session (a few
seconds); ``scripts/install-test-tools.sh`` installs the npm packages and the
Debian Chromium. Playwright drives that Chromium; it never downloads a browser.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import launched_chromium

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "page"


def _esbuild() -> Path:
    binary = ROOT / "node_modules" / ".bin" / "esbuild"
    if not binary.exists():
        pytest.fail("npm packages are missing: run sh scripts/install-test-tools.sh (npm ci)")
    return binary


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ``modeler.html`` and ``formeditor.html``, each loading its bundle."""
    out = tmp_path_factory.mktemp("bundles")
    for name in ("modeler", "formeditor"):
        subprocess.run(
            [str(_esbuild()), str(PAGES / f"{name}.js"), "--bundle", "--format=iife", f"--outfile={out / name}.js",
             "--log-level=warning", *(f"--loader:.{ext}=dataurl" for ext in ("woff", "woff2", "ttf", "eot", "svg"))],
            cwd=ROOT, check=True, capture_output=True, timeout=300,
        )
        shutil.copy(PAGES / f"{name}.html", out / f"{name}.html")
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
