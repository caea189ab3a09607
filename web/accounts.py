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
from sqlalchemy import DateTime, Integer, String, delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from sopflow import messages
from sopflow.runner.store import create_tables

__all__ = ["MIN_PASSWORD_LENGTH", "LINK_LIFETIME", "Accounts", "LoginSession", "LinkRefused", "security_log"]

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted."""

LINK_LIFETIME = timedelta(hours=24)
"""How long a one-time login link works."""

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


class LoginLinkRow(_Base):
    """A one-time login link: only its token's SHA-256 is stored."""

    __tablename__ = "web_login_links"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LinkRefused(Exception):
    """A login link that cannot be used; the message says why, in Indonesian."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason
        """``unknown``, ``used`` or ``expired`` (for the log)."""


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
        self._engine = engine
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
        hashed = _hasher.hash(password)
        with self._sessions() as db, db.begin():
            self._store_hash(db, nip, hashed)

    @staticmethod
    def _store_hash(db: Session, nip: str, hashed: str) -> None:
        """Create or update the account; a new password ends the NIP's sessions."""
        row = db.get(AccountRow, nip)
        if row is None:
            db.add(AccountRow(nip=nip, password_hash=hashed, updated_at=_now()))
        else:
            row.password_hash, row.updated_at = hashed, _now()
        db.execute(delete(SessionRow).where(SessionRow.nip == nip))

    def check_password(self, nip: str, password: str) -> bool:
        """Whether the password is the account's (constant work whether or not the account exists)."""
        with self._sessions() as db:
            row = db.get(AccountRow, nip)
        try:
            return _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
        except (VerificationError, InvalidHashError):
            return False

    # -- one-time login links --------------------------------------------------
    def create_login_link(self, nip: str, *, lifetime: timedelta = LINK_LIFETIME) -> str:
        """A new single-use token for this NIP (earlier unused links of the NIP stop working)."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._sessions() as db, db.begin():
            db.execute(delete(LoginLinkRow).where(
                (LoginLinkRow.nip == nip) | (LoginLinkRow.expires_at < now - timedelta(days=30))))
            db.add(LoginLinkRow(token_sha256=_digest(token), nip=nip, expires_at=now + lifetime))
        return token

    def link_nip(self, token: str) -> str:
        """The NIP a usable login link is for.

        :raises LinkRefused: unknown, already used or expired.
        """
        if len(token) > 128:
            raise LinkRefused(messages.WEB_LINK_UNKNOWN, "unknown")
        with self._engine.connect() as connection:
            row = connection.execute(select(LoginLinkRow.nip, LoginLinkRow.expires_at, LoginLinkRow.used_at)
                                     .where(LoginLinkRow.token_sha256 == _digest(token))).first()
        if row is None:
            raise LinkRefused(messages.WEB_LINK_UNKNOWN, "unknown")
        if row.used_at is not None:
            raise LinkRefused(messages.WEB_LINK_USED, "used")
        if _aware(row.expires_at) <= _now():
            raise LinkRefused(messages.WEB_LINK_EXPIRED, "expired")
        return str(row.nip)

    def redeem_login_link(self, token: str, password: str) -> str:
        """Use a login link: mark it used and set the password, in one transaction; returns the NIP.

        :raises LinkRefused: the link is not usable (also when another request used it first).
        :raises ValueError: the password is too short (the link stays usable).
        """
        nip = self.link_nip(token)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(messages.WEB_PASSWORD_SHORT.format(length=MIN_PASSWORD_LENGTH))
        hashed = _hasher.hash(password)
        now = _now()
        with self._sessions() as db, db.begin():
            taken = db.execute(update(LoginLinkRow).where(
                LoginLinkRow.token_sha256 == _digest(token), LoginLinkRow.used_at.is_(None),
                LoginLinkRow.expires_at > now).values(used_at=now))
            if taken.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
                raise LinkRefused(messages.WEB_LINK_USED, "used")
            self._store_hash(db, nip, hashed)
        return nip

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
        """The live session of a cookie token, extending its lifetime (a write only every few minutes)."""
        if not token or len(token) > 128:
            return None
        digest = _digest(token)
        with self._engine.connect() as connection:
            row = connection.execute(select(SessionRow.nip, SessionRow.csrf, SessionRow.expires_at)
                                     .where(SessionRow.token_sha256 == digest)).first()
        if row is None:
            return None
        now = _now()
        expires = _aware(row.expires_at)
        if expires < now or expires - now < self.lifetime - timedelta(minutes=5):
            with self._engine.begin() as connection:
                if expires < now:
                    connection.execute(delete(SessionRow).where(SessionRow.token_sha256 == digest))
                    return None
                connection.execute(update(SessionRow).where(SessionRow.token_sha256 == digest)
                                   .values(expires_at=now + self.lifetime))
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
            return any(self._count(db, key, since) >= self.max_failures for key in keys)

    def claim_attempt(self, *keys: str) -> list[int] | None:
        """Count an attempt as a failure *before* checking it; ``None`` when a key is locked.

        The claim is committed first and the count read after, so however many attempts run at
        once (threads, workers, servers), at most ``max_failures`` per window get past: the one
        whose claim committed next sees them all. A wrong secret keeps the claim as its failure;
        any other outcome gives it back with :meth:`withdraw` (a success clears the keys).
        """
        now = _now()
        with self._sessions() as db, db.begin():
            db.execute(delete(FailureRow).where(FailureRow.at < now - self.window))
            rows = [FailureRow(key=key, at=now) for key in keys]
            db.add_all(rows)
            db.flush()
            claim = [row.id for row in rows]
        with self._sessions() as db:
            over = any(self._count(db, key, now - self.window) > self.max_failures for key in keys)
        if over:
            self.withdraw(claim)
            return None
        return claim

    def withdraw(self, claim: list[int]) -> None:
        """Give back an attempt's claim (it was no wrong secret)."""
        with self._sessions() as db, db.begin():
            db.execute(delete(FailureRow).where(FailureRow.id.in_(claim)))

    @staticmethod
    def _count(db: Session, key: str, since: datetime) -> int:
        return db.scalar(select(func.count()).where(FailureRow.key == key, FailureRow.at >= since)) or 0

    def clear_failures(self, *keys: str) -> None:
        """Forget failures after a success."""
        with self._sessions() as db, db.begin():
            db.execute(delete(FailureRow).where(FailureRow.key.in_(keys)))
