"""What a web server is started with."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

__all__ = ["CONFIG_VARIABLE", "WebConfig"]

CONFIG_VARIABLE = "SOPFLOW_WEB_CONFIG"
"""Environment variable that hands a :class:`WebConfig` to the worker processes of ``serve --workers``."""


@dataclass(frozen=True)
class WebConfig:
    """Settings of one web app."""

    data_dir: Path
    """Data directory of the case database and documents."""
    roster: Path
    """The deployment's roster: who holds which role and where each official's key is."""
    database_url: str | None = None
    """SQLAlchemy URL of a shared database (default: SQLite in ``data_dir``)."""
    secure_cookies: bool = False
    """Mark cookies ``Secure`` (set when served over HTTPS, e.g. behind a TLS proxy)."""
    session_lifetime: timedelta = timedelta(hours=8)
    """How long a login lasts without activity."""
    max_body_bytes: int = 256 * 1024
    """Largest request body accepted (form data is text; no uploads on these pages)."""
    max_failures: int = 5
    """Wrong passwords or key passphrases allowed per official (and per address) in :attr:`failure_window`."""
    failure_window: timedelta = timedelta(minutes=15)
    """The window failures are counted in; after :attr:`max_failures` the official waits it out."""

    def to_environment(self) -> dict[str, str]:
        """The variables that hand this configuration to a worker process (see :meth:`from_environment`)."""
        return {CONFIG_VARIABLE: json.dumps({
            "data_dir": str(self.data_dir), "roster": str(self.roster), "database_url": self.database_url,
            "secure_cookies": self.secure_cookies,
        })}

    @classmethod
    def from_environment(cls) -> WebConfig:
        """The configuration :meth:`to_environment` handed to this process.

        :raises KeyError: the variable is not set (the process was not started by ``serve``).
        """
        raw = json.loads(os.environ[CONFIG_VARIABLE])
        return cls(data_dir=Path(raw["data_dir"]), roster=Path(raw["roster"]), database_url=raw["database_url"],
                   secure_cookies=bool(raw["secure_cookies"]))
