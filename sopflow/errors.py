"""The error tree of sopflow.

Every error a user can cause is a :class:`SopflowError` carrying *what* is
wrong, *where* (file, line, element or field) and *how to fix it*; the CLI maps
them to exit status 1 with that message and no traceback::

    SopflowError
    ├── ModelError         a BPMN model, form file or template breaks the profile
    ├── FormDataError      submitted task data does not satisfy the task's form
    ├── RosterError        the roster misses a role or names an unusable signer
    ├── SigningError       a key or token cannot sign
    ├── RoleError          the signer is not the official rostered for the task's lane
    ├── CaseError          unknown case/task, task not ready, already completed
    │   └── TaskAlreadyCompleted
    └── VerificationError  an archive or document cannot be verified at all
"""

from __future__ import annotations

__all__ = [
    "SopflowError",
    "ModelError",
    "FormDataError",
    "RosterError",
    "SigningError",
    "RoleError",
    "CaseError",
    "TaskAlreadyCompleted",
    "VerificationError",
]


class SopflowError(Exception):
    """Base of all user-facing errors.

    :param message: what is wrong, in a sentence.
    :param where: the location: ``file:line``, element id, field name.
    :param hint: how to fix it.
    """

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

    def to_dict(self) -> dict[str, str | None]:
        """A JSON-ready form for ``--json`` output."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "where": self.where,
            "hint": self.hint,
        }


class ModelError(SopflowError):
    """A BPMN model, form definition or template is unusable."""


class FormDataError(SopflowError):
    """Submitted task data fails the task's form; ``where`` names the field."""


class RosterError(SopflowError):
    """The roster is incomplete or names an unusable signer."""


class SigningError(SopflowError):
    """A key, certificate or token cannot produce a signature."""


class RoleError(SopflowError):
    """The signer does not hold the role of the task being completed."""


class CaseError(SopflowError):
    """A case or task cannot be acted on as asked."""


class TaskAlreadyCompleted(CaseError):
    """Another process completed the task first."""


class VerificationError(SopflowError):
    """An archive or document is structurally unreadable for verification."""
