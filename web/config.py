"""What a web server is started with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

__all__ = ["WebConfig"]


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
    """Largest request body accepted (form data is text), except on the model pages."""
    max_upload_bytes: int = 8 * 1024 * 1024
    """Largest request body accepted by the model pages (``/model...``): a ``.bpmn`` file and its forms."""
    max_failures: int = 5
    """Wrong passwords or key passphrases allowed per official (and per address) in :attr:`failure_window`."""
    failure_window: timedelta = timedelta(minutes=15)
    """The window failures are counted in; after :attr:`max_failures` the official waits it out."""
