"""Accounts of officials (NIP + argon2 password hash), login sessions and failed attempts.

The tables live in the case database beside the runner's, under their own
metadata (the runner knows nothing of the web). A session cookie carries a
random token; only its SHA-256 is stored, with the session's CSRF token.
Failed logins and wrong key passphrases are counted per official and per
client address; past the limit the attempt is refused before any check.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, Integer, String, delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from sopflow import messages
from sopflow.runner.store import create_tables

__all__ = ["MIN_PASSWORD_LENGTH", "Accounts", "LoginSession", "security_log"]

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted."""

security_log = logging.getLogger("sopflow.web.security")
"""Where failed logins, wrong passphrases and refused requests are logged."""

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("sopflow-no-such-account")


class _Base(DeclarativeBase):
    """Tables of the web app."""


class AccountRow(_Base):
    """An official's password."""

    __tablename__ = "web_accounts"
    nip: Mapped[str] = mapped_column(String(18), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SessionRow(_Base):
    """A login session."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FailureRow(_Base):
    """One failed login or wrong key passphrase."""

    __tablename__ = "web_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class LoginSession:
    """Who is logged in, and the CSRF token of their forms."""

    nip: str
    """The official's NIP."""
    csrf: str
    """Token every state-changing request must carry."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Accounts:
    """Accounts, sessions and failure counts on one database engine."""

    def __init__(self, engine: Engine, *, lifetime: timedelta = timedelta(hours=8),
                 max_failures: int = 5, window: timedelta = timedelta(minutes=15)):
        create_tables(engine, _Base.metadata)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.lifetime = lifetime
        self.max_failures = max_failures
        self.window = window

    # -- passwords ------------------------------------------------------------
    def set_password(self, nip: str, password: str) -> None:
        """Create the account or replace its password.

        :raises ValueError: the password is shorter than :data:`MIN_PASSWORD_LENGTH`.
        """
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(messages.WEB_PASSWORD_SHORT.format(length=MIN_PASSWORD_LENGTH))
        with self._sessions() as db, db.begin():
            row = db.get(AccountRow, nip)
            hashed = _hasher.hash(password)
            if row is None:
                db.add(AccountRow(nip=nip, password_hash=hashed, updated_at=_now()))
            else:
                row.password_hash, row.updated_at = hashed, _now()
            db.execute(delete(SessionRow).where(SessionRow.nip == nip))  # a new password ends old sessions

    def check_password(self, nip: str, password: str) -> bool:
        """Whether the password is the account's (constant work whether or not the account exists)."""
        with self._sessions() as db:
            row = db.get(AccountRow, nip)
        try:
            return _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
        except (VerificationError, InvalidHashError):
            return False

    # -- sessions ---------------------------------------------------------------
    def open_session(self, nip: str) -> tuple[str, LoginSession]:
        """A new session: the cookie token and the session."""
        token = secrets.token_urlsafe(32)
        session = LoginSession(nip=nip, csrf=secrets.token_urlsafe(32))
        with self._sessions() as db, db.begin():
            db.execute(delete(SessionRow).where(SessionRow.expires_at < _now()))
            db.add(SessionRow(token_sha256=_digest(token), nip=nip, csrf=session.csrf,
                              expires_at=_now() + self.lifetime))
        return token, session

    def session(self, token: str | None) -> LoginSession | None:
        """The live session of a cookie token, extending its lifetime."""
        if not token or len(token) > 128:
            return None
        with self._sessions() as db, db.begin():
            row = db.get(SessionRow, _digest(token))
            if row is None:
                return None
            now = _now()
            if _aware(row.expires_at) < now:
                db.delete(row)
                return None
            if _aware(row.expires_at) - now < self.lifetime - timedelta(minutes=5):
                row.expires_at = now + self.lifetime
            return LoginSession(nip=row.nip, csrf=row.csrf)

    def close_session(self, token: str | None) -> None:
        """Log out."""
        if token:
            with self._sessions() as db, db.begin():
                db.execute(delete(SessionRow).where(SessionRow.token_sha256 == _digest(token)))

    # -- failed attempts ---------------------------------------------------------
    def locked(self, *keys: str) -> bool:
        """Whether any of these keys (``login:NIP``, ``ip:ADDRESS`` ...) reached the failure limit."""
        since = _now() - self.window
        with self._sessions() as db:
            for key in keys:
                count = db.scalar(select(func.count()).where(FailureRow.key == key, FailureRow.at >= since))
                if (count or 0) >= self.max_failures:
                    return True
        return False

    def record_failure(self, *keys: str) -> None:
        """Count a failure against each key."""
        now = _now()
        with self._sessions() as db, db.begin():
            db.execute(delete(FailureRow).where(FailureRow.at < now - self.window))
            for key in keys:
                db.add(FailureRow(key=key, at=now))

    def clear_failures(self, *keys: str) -> None:
        """Forget failures after a success."""
        with self._sessions() as db, db.begin():
            db.execute(delete(FailureRow).where(FailureRow.key.in_(keys)))
