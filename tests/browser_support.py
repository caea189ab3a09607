"""Debian's Chromium driven by Playwright, shared by the web and modeller browser tests.

Playwright never downloads a browser here: it starts ``/usr/bin/chromium``, which
``scripts/install-test-tools.sh`` installs, with flags that keep it off the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@contextmanager
def launched_chromium() -> Iterator[object]:
    """A headless Chromium for the duration of the block; fails the test when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run sh scripts/install-test-tools.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
