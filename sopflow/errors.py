"""The error tree of sopflow.

Every error a user can cause is a :class:`SopflowError` carrying *what* is
wrong, *where* (file, line, element or field) and *how to fix it*; the CLI maps
them to exit status 1 with that message and no traceback::

    SopflowError
    ├── ModelError         a BPMN model, form file or template breaks the profile
    │   ├── HostileXmlError    a model carries a DTD/entity declaration, an odd encoding or is oversized
    │   ├── XmlSyntaxError     a model is not well-formed XML
    │   └── ModelRejected      ``case start`` refused a model ``sopflow check`` rejects (with its findings)
    ├── FormDataError      submitted task data does not satisfy the task's form
    ├── RosterError        the roster misses a role or names an unusable signer
    ├── SigningError       a key or token cannot sign
    ├── RoleError          the signer is not the official rostered for the task's lane
    ├── CaseError          unknown case/task, task not ready, already completed
    │   └── TaskAlreadyCompleted
    ├── VerificationError  an archive or document cannot be verified at all
    ├── InputError         a file named on the command line is unreadable, unwritable or malformed
    ├── DataDirError       the data directory is missing, empty or unusable
    └── DatabaseError      the database URL is malformed, unreachable or lacks its driver

Each class has a stable ``kind`` (``form-data``, ``role`` ...) that scripts read
from the ``--json`` error envelope (docs/cli.md).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

__all__ = [
    "SopflowError",
    "ModelError",
    "HostileXmlError",
    "XmlSyntaxError",
    "ModelRejected",
    "FormDataError",
    "RosterError",
    "SigningError",
    "RoleError",
    "CaseError",
    "TaskAlreadyCompleted",
    "VerificationError",
    "InputError",
    "DataDirError",
    "DatabaseError",
]


class SopflowError(Exception):
    """Base of all user-facing errors.

    :param message: what is wrong, in a sentence.
    :param where: the location: ``file:line``, element id, field name.
    :param hint: how to fix it.
    """

    kind = "error"
    """Stable name of the error class in JSON output."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for ``--json`` output."""
        return {"kind": self.kind, "message": self.message, "hint": self.hint, "location": self.where}

    def details(self) -> Any:
        """What else the error carries for ``--json`` (the envelope's ``data``); ``None`` for most errors."""
        return None


class ModelError(SopflowError):
    """A BPMN model, form definition or template is unusable."""

    kind = "model"


class HostileXmlError(ModelError):
    """A model file is refused before it is parsed: DTD or entity declarations, an
    encoding sopflow does not read, or more bytes than allowed."""

    kind = "hostile-xml"


class XmlSyntaxError(ModelError):
    """A model file is not well-formed XML (``where`` gives the line)."""


class ModelRejected(ModelError):
    """A model that ``sopflow check`` rejects; :attr:`findings` are check's findings, one per problem."""

    kind = "model-rejected"

    def __init__(self, message: str, *, findings: list[Any], where: str | None = None, hint: str | None = None):
        super().__init__(message, where=where, hint=hint)
        self.findings = findings

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(f"  {finding}" for finding in self.findings)])

    def details(self) -> list[dict[str, Any]]:
        """Every finding (``file``, ``line``, ``element_id``, ``rule``, ``severity``, ``message``)."""
        return [asdict(f) for f in self.findings]


class FormDataError(SopflowError):
    """Submitted task data fails the task's form; ``where`` names the field."""

    kind = "form-data"


class RosterError(SopflowError):
    """The roster is incomplete or names an unusable signer."""

    kind = "roster"


class SigningError(SopflowError):
    """A key, certificate or token cannot produce a signature."""

    kind = "signing"


class SecretRejected(SigningError):
    """The passphrase or PIN does not unlock the key (as opposed to a missing file, token or key)."""


class RoleError(SopflowError):
    """The signer does not hold the role of the task being completed."""

    kind = "role"


class CaseError(SopflowError):
    """A case or task cannot be acted on as asked."""

    kind = "case"


class TaskAlreadyCompleted(CaseError):
    """Another process completed the task first."""

    kind = "task-already-completed"


class VerificationError(SopflowError):
    """An archive or document is structurally unreadable for verification."""

    kind = "verification"


class InputError(SopflowError):
    """A file named on the command line cannot be read, written, decoded or parsed."""

    kind = "input"


class DataDirError(SopflowError):
    """The data directory does not exist, holds no cases yet, or cannot be used."""

    kind = "data-dir"


class DatabaseError(SopflowError):
    """The database cannot be reached: malformed URL, missing driver, server down."""

    kind = "database"
