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
    forwarded_allow_ips: tuple[str, ...] = ()
    """Addresses or networks (``10.0.0.0/8``, ``*``) of reverse proxies whose ``X-Forwarded-For`` and
    ``X-Forwarded-Proto`` name the client; from any other peer these headers are ignored."""
    secure_cookies: bool = False
    """Mark cookies ``Secure`` (set when served over HTTPS, e.g. behind a TLS proxy)."""
    session_lifetime: timedelta = timedelta(hours=8)
    """How long a login lasts without activity."""
    max_body_bytes: int = 256 * 1024
    """Largest request body accepted, except the archive and model uploads (form data is text)."""
    max_upload_bytes: int = 256 * 1024**2
    """Largest archive an archivist may upload for verification (streamed to disk)."""
    max_unpacked_bytes: int = 1024**3
    """Most bytes an uploaded archive may unpack to."""
    max_zip_entries: int = 10_000
    """Most entries an uploaded archive may hold."""
    max_zip_ratio: int = 100
    """Highest compression ratio of an entry (of more than 1 MiB) in an uploaded archive."""
    scratch_dir: Path | None = None
    """Where per-request scratch folders (uploads, exports) are made; default: the system's temporary folder."""
    max_model_upload_bytes: int = 8 * 1024 * 1024
    """Largest model upload (``POST /model``): a ``.bpmn`` file and its forms."""
    max_failures: int = 5
    """Wrong passwords or key passphrases allowed per official (and per address) in :attr:`failure_window`."""
    failure_window: timedelta = timedelta(minutes=15)
    """The window failures are counted in; after :attr:`max_failures` the official waits it out."""
