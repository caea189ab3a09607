"""Persistence: SQLAlchemy tables plus a content-addressed blob store.

SQLite (WAL) under the data directory is the embedded default, with
documents and case files on disk under ``blobs/``; a PostgreSQL URL selects
a shared server, which then holds the blobs too (:mod:`sopflow.runner.blobs`),
so any number of app servers share one state with no shared disk. Either
way a blob is written before the transaction that points at it, and an
interrupted completion leaves at most an unreferenced blob.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from sopflow import messages
from sopflow.errors import DatabaseError
from sopflow.runner.blobs import BlobStore, DatabaseBlobStore, FileBlobStore

__all__ = [
    "SCHEMA_VERSION",
    "Base",
    "CaseRow",
    "CaseFileRow",
    "DocumentRow",
    "RevisionRow",
    "JournalRow",
    "LetterNumberRow",
    "TaskRow",
    "CaseSealRow",
    "CounterRow",
    "TASKS_COUNTER",
    "bump_counter",
    "ModelVersionRow",
    "ModelFileRow",
    "BlobStore",
    "Store",
    "blobs_in_database",
    "create_tables",
    "open_database",
]

SCHEMA_VERSION = 3
"""Version of the tables below; bump with a migration (version 2 added the ready-task columns of ``tasks``,
version 3 the model library's ``model_versions`` and ``model_files``, which an older database gains when opened)."""


class Base(DeclarativeBase):
    """Declarative base of sopflow's tables."""


class CaseRow(Base):
    """A running or finished case."""

    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    sop_number: Mapped[str] = mapped_column(String(64))
    sop_title: Mapped[str] = mapped_column(Text)
    model_name: Mapped[str] = mapped_column(String(255))
    model_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="running")
    state: Mapped[bytes] = mapped_column(LargeBinary)
    version: Mapped[int] = mapped_column(Integer, default=1)
    roster: Mapped[str] = mapped_column(Text)
    journal_head: Mapped[str] = mapped_column(String(64))
    journal_length: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """The unit's time zone (the model's); ``None`` in cases started before it was kept here."""


class CaseFileRow(Base):
    """The exact model and form files a case started with."""

    __tablename__ = "case_files"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))


class DocumentRow(Base):
    """A case document and its current revision."""

    __tablename__ = "documents"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(64))
    nomor: Mapped[str | None] = mapped_column(String(128), nullable=True)
    fields: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)


class RevisionRow(Base):
    """Every revision of every document, never deleted."""

    __tablename__ = "revisions"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[str] = mapped_column(String(64))
    journal_seq: Mapped[int] = mapped_column(Integer)


class JournalRow(Base):
    """One sealed journal entry (canonical JSON)."""

    __tablename__ = "journal"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)


class LetterNumberRow(Base):
    """A taken letter number; the primary key makes numbers unique."""

    __tablename__ = "letter_numbers"
    unit_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    type_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    document_id: Mapped[str] = mapped_column(String(64))
    nomor: Mapped[str] = mapped_column(String(128))
    __table_args__ = (UniqueConstraint("case_id", "document_id", name="one_number_per_document"),)


class TaskRow(Base):
    """A user task that became ready: what it asks of whom, by when, and whether it still waits.

    Rows are written in the transaction that starts the case or completes a
    task, so the ready tasks of every case are one indexed query (the inbox)
    and never need the workflow state.
    """

    __tablename__ = "tasks"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    spec_id: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(Text)
    ready_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """``ready``, ``completed`` or ``withdrawn`` (no longer ready without being completed)."""
    name: Mapped[str | None] = mapped_column(Text, nullable=True)
    action: Mapped[str | None] = mapped_column(String(16), nullable=True)
    document: Mapped[str | None] = mapped_column(String(64), nullable=True)
    form_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Position among the tasks of its case that became ready at the same moment (workflow order)."""
    __table_args__ = (Index("ix_tasks_inbox", "status", "ready_at"),)


class CaseSealRow(Base):
    """The sealed Lembar Riwayat that ended a case (completed or cancelled)."""

    __tablename__ = "case_seals"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    journal_head: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CounterRow(Base):
    """A change counter: bumped inside the transactions that change what it counts, so every process
    sharing the database sees a new value exactly when the change commits."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


TASKS_COUNTER = "tasks"
"""Counts the transactions that change ready tasks or case statuses (start, completion, cancellation)."""


def bump_counter(session: Session, name: str) -> None:
    """Add one to a counter within the session's transaction."""
    moved = session.execute(update(CounterRow).where(CounterRow.name == name).values(value=CounterRow.value + 1))
    if moved.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        session.add(CounterRow(name=name, value=1))


class ModelVersionRow(Base):
    """One saved version of a named model in the model library (:mod:`sopflow.runner.library`)."""

    __tablename__ = "model_versions"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_file: Mapped[str] = mapped_column(String(255))
    """Name of the ``.bpmn`` file (``<name>.bpmn``)."""
    sha256: Mapped[str] = mapped_column(String(64))
    """Digest of the ``.bpmn`` bytes."""
    files_sha256: Mapped[str] = mapped_column(String(64))
    """Digest of the model and its forms together (as a case's signatures commit to them)."""
    sop_number: Mapped[str] = mapped_column(String(64))
    sop_title: Mapped[str] = mapped_column(Text)
    author_nip: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """Who saved it (``None`` for the seed models shipped with sopflow)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    findings: Mapped[str] = mapped_column(Text)
    """``sopflow check``'s warnings for this version, as a JSON list (a version never has errors)."""


class ModelFileRow(Base):
    """A file of a model version (``model/<name>.bpmn``, ``forms/<key>.form``), its bytes a blob."""

    __tablename__ = "model_files"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL waits for other processes too
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _add_missing_columns(engine: Engine) -> None:
    """Upgrade a database of an earlier schema in place: add the columns and indexes it lacks.

    New columns are nullable; :meth:`CaseService.backfill_ready_tasks` fills
    the ready-task columns of ``tasks`` from each running case's workflow.
    """
    for table in Base.metadata.sorted_tables:
        present = {column["name"] for column in inspect(engine).get_columns(table.name)}
        missing = [column for column in table.columns if column.name not in present]
        if not missing:
            continue
        with engine.begin() as connection:
            for column in missing:
                kind = column.type.compile(dialect=engine.dialect)
                connection.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}')
            for index in table.indexes:
                index.create(connection, checkfirst=True)


POSTGRESQL_DRIVER = "psycopg"
"""The PostgreSQL driver sopflow ships with (extra ``postgresql``); a bare ``postgresql://`` URL uses it."""


CONNECT_TIMEOUT = 10
"""Seconds to wait for a database server before giving up (unless the URL sets ``connect_timeout``)."""


def open_database(url: str) -> Engine:
    """An engine on ``url`` with the schema created.

    :raises DatabaseError: the URL is malformed or names an unknown database, its
        driver is not installed, or the server cannot be reached; the URL's password
        is never shown.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(messages.DATABASE_URL_INVALID.format(reason=exc), where="--database-url",
                            hint=messages.HINT_DATABASE) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=f"postgresql+{POSTGRESQL_DRIVER}")
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed)
    except NoSuchModuleError as exc:
        raise DatabaseError(messages.DATABASE_URL_INVALID.format(reason=exc), where=shown,
                            hint=messages.HINT_DATABASE) from None
    except ImportError as exc:
        hint = messages.HINT_POSTGRES_DRIVER if parsed.get_backend_name() == "postgresql" else messages.HINT_DATABASE
        raise DatabaseError(messages.DATABASE_DRIVER_MISSING.format(dialect=parsed.get_backend_name(),
                                                                    module=exc.name or exc),
                            where=shown, hint=hint) from None
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    try:
        _create_schema(engine)
    except (OperationalError, InterfaceError, ProgrammingError, IntegrityError) as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise DatabaseError(messages.DATABASE_UNREACHABLE.format(reason=reason), where=shown,
                            hint=messages.HINT_DATABASE) from None
    return engine


_SCHEMA_ATTEMPTS = 10
"""Tries at creating the schema while other processes create it too (a fresh data directory)."""
_RACED = ("already exists", "duplicate key", "duplicate column", "unique constraint")
"""What a database says when another process created the same table, type or column first."""


def _create_schema(engine: Engine) -> None:
    """Create missing tables of the runner (and the blob table where blobs live in the database)."""

    def create() -> None:
        Base.metadata.create_all(engine)
        if blobs_in_database(engine):
            DatabaseBlobStore.create_table(engine)
        _add_missing_columns(engine)
        _create_counters(engine)

    create_tables(engine, create)


def create_tables(engine: Engine, create: MetaData | Callable[[], None]) -> None:
    """Create missing tables (of ``create``, a metadata or a function creating them); a table, type
    or column another process (another worker, another server) created meanwhile is not an error."""
    for attempt in range(_SCHEMA_ATTEMPTS):
        try:
            if isinstance(create, MetaData):
                create.create_all(engine)
            else:
                create()
            return
        except (OperationalError, ProgrammingError, IntegrityError) as exc:
            text = str(exc.orig).lower()
            if attempt == _SCHEMA_ATTEMPTS - 1 or not any(m in text for m in _RACED):
                raise
            time.sleep(0.05 * (attempt + 1))


def _create_counters(engine: Engine) -> None:
    """Give every counter its row, so bumping one is always an update (never two processes inserting it)."""
    with engine.begin() as connection:
        if connection.execute(select(CounterRow.name).where(CounterRow.name == TASKS_COUNTER)).first() is None:
            connection.execute(insert(CounterRow).values(name=TASKS_COUNTER, value=0))


def blobs_in_database(engine: Engine) -> bool:
    """Whether this database holds the blobs too: every server database does, SQLite keeps them on disk."""
    return engine.dialect.name != "sqlite"


class Store:
    """The database and blob store of one data directory (with PostgreSQL: of one department)."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None):
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = open_database(database_url or f"sqlite:///{data_dir / 'sopflow.db'}")
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.blobs: BlobStore = (DatabaseBlobStore(self.engine) if blobs_in_database(self.engine)
                                 else FileBlobStore(data_dir / "blobs"))

    def session(self) -> Session:
        """A new session; use as a context manager, ``session.begin()`` for a transaction."""
        return self.sessions()

    def counter(self, name: str) -> int:
        """A counter's value (:data:`TASKS_COUNTER` ...): one primary-key read."""
        with self.engine.connect() as connection:
            return connection.execute(select(CounterRow.value).where(CounterRow.name == name)).scalar() or 0

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
