"""The model library: named SOP models, saved as numbered versions.

A version is a ``.bpmn`` file and the ``.form`` files its tasks use, each
stored as a content-addressed blob, with who saved it, when, and the
warnings ``sopflow check`` gave. Saving runs the same admission as starting a
case (:func:`sopflow.runner.admission.admit_model`, i.e. ``sopflow check``):
a model with errors is refused with every finding and nothing is stored.

Versions are never changed or deleted. A case started from the library
copies the version's files like any case does, so a later version applies to
new cases only.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from sopflow import messages
from sopflow.errors import ModelError, ModelRejected
from sopflow.localtime import utc
from sopflow.runner.clock import Clock, system_clock
from sopflow.runner.store import ModelFileRow, ModelVersionRow, Store

if TYPE_CHECKING:
    from sopflow.model.check import Finding
    from sopflow.runner.admission import AdmittedModel
    from sopflow.runner.cases import CaseService
    from sopflow.runner.roster import Roster

__all__ = ["MAX_FORMS", "ModelVersion", "ModelSummary", "ModelLibrary", "is_model_name", "model_name_for"]

MAX_FORMS = 200
"""Most form files one version may bring (the largest seed model uses 20)."""

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}\Z")
_SAVE_ATTEMPTS = 100
"""Tries at taking the next version number while other processes save the same model."""


def is_model_name(name: str) -> bool:
    """Whether ``name`` is a library model name: lower case letters, digits, ``-`` and ``_``, at most 80."""
    return bool(_NAME.match(name))


def model_name_for(file_name: str) -> str:
    """The library name a model file suggests (``LIP20-0013 Online.bpmn`` -> ``lip20-0013_online``)."""
    stem = Path(file_name).stem.lower()
    name = re.sub(r"[^a-z0-9_-]+", "_", stem).strip("_-")[:80]
    return name or "model"


@dataclass(frozen=True)
class ModelVersion:
    """One saved version of a library model."""

    name: str
    """The model's library name."""
    version: int
    """1, 2, 3 ... in the order saved."""
    model_file: str
    """The ``.bpmn`` file name (``<name>.bpmn``)."""
    sha256: str
    """Digest of the ``.bpmn`` bytes (a case started from it records the same digest)."""
    files_sha256: str
    """Digest of the model and forms together (:func:`sopflow.runner.binding.files_digest`)."""
    sop_number: str
    """``sop.number`` of the process."""
    sop_title: str
    """``sop.title`` of the process."""
    author_nip: str | None
    """NIP of who saved it; ``None`` for the seed models shipped with sopflow."""
    created_at: datetime
    """When it was saved (UTC)."""
    warnings: tuple[dict[str, Any], ...]
    """``sopflow check``'s warnings: ``file``, ``line``, ``element_id``, ``rule``, ``severity``, ``message``."""
    files: Mapping[str, str]
    """Each file (``model/<name>.bpmn``, ``forms/<key>.form``) and its blob digest."""

    @property
    def form_keys(self) -> tuple[str, ...]:
        """The form keys this version brings."""
        return tuple(sorted(p[len("forms/"):-len(".form")] for p in self.files if p.startswith("forms/")))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form (``--json``, the web pages' scripts)."""
        data = dataclasses.asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["warnings"] = list(self.warnings)
        data["files"] = dict(self.files)
        return data


@dataclass(frozen=True)
class ModelSummary:
    """A library model as listed: its latest version and how many there are."""

    latest: ModelVersion
    """The newest version."""
    versions: int
    """Number of versions."""

    @property
    def name(self) -> str:
        """The model's library name."""
        return self.latest.name


class ModelLibrary:
    """The model library of one store (data directory or shared database)."""

    def __init__(self, store: Store, *, clock: Clock | None = None):
        self.store = store
        self.clock: Clock = clock or system_clock

    # -- save -------------------------------------------------------------------
    def save(
        self,
        name: str,
        model: bytes,
        forms: Mapping[str, bytes],
        *,
        author_nip: str | None,
    ) -> tuple[ModelVersion, bool]:
        """Check a model with its forms and save it as the model's next version.

        :param name: the library name (:func:`is_model_name`).
        :param model: the ``.bpmn`` bytes.
        :param forms: form files by file name (``<key>.form``); forms the model does not use are not kept.
        :param author_nip: who saves it (``None`` for shipped seed models).
        :returns: the version and whether it is new; saving the same files as the latest
            version again returns that version.
        :raises ModelRejected: ``sopflow check`` finds errors (all of them, located in the
            uploaded file names); nothing is stored.
        :raises ModelError: a bad name, form file name or too many forms.
        """
        _require_name(name)
        if len(forms) > MAX_FORMS:
            raise ModelError(messages.LIBRARY_TOO_MANY_FORMS.format(count=len(forms), limit=MAX_FORMS),
                             hint=messages.HINT_LIBRARY_FORM_NAME)
        for file_name in forms:
            _require_form_file_name(file_name)
        with _scratch() as folder:
            admitted = _admit(folder, name, model, forms)
        files = {f"model/{name}.bpmn": model, **{f"forms/{k}.form": data for k, data in admitted.forms.items()}}
        return self._store(name, admitted, files, author_nip)

    def save_file(self, model_path: Path, *, name: str | None = None, forms_dir: Path | None = None,
                  author_nip: str | None = None) -> tuple[ModelVersion, bool]:
        """Save a model file from disk, its forms found as ``sopflow check`` finds them.

        :raises ModelRejected: ``sopflow check`` finds errors; nothing is stored.
        :raises ModelError: the model or a form cannot be read.
        """
        from sopflow.runner.admission import admit_model

        name = name or model_name_for(model_path.name)
        _require_name(name)
        try:
            admitted = admit_model(model_path, forms_dir=forms_dir)
        except ModelRejected as exc:
            raise _rejected(name, exc.findings) from None
        files = {f"model/{name}.bpmn": admitted.model.xml,
                 **{f"forms/{k}.form": data for k, data in admitted.forms.items()}}
        return self._store(name, admitted, files, author_nip)

    def _store(self, name: str, admitted: AdmittedModel, files: Mapping[str, bytes],
               author_nip: str | None) -> tuple[ModelVersion, bool]:
        from sopflow.runner.binding import files_digest

        digests = {path: self.store.blobs.put(data) for path, data in files.items()}  # blobs before rows
        together = files_digest(digests)
        latest = self._latest(name)
        if latest is not None and latest.files_sha256 == together:
            return latest, False
        warnings = [_relocated_dict(f, admitted.path.parent.parent) for f in admitted.warnings]
        for _attempt in range(_SAVE_ATTEMPTS):
            with self.store.session() as session, session.begin():
                number = (session.scalar(select(func.max(ModelVersionRow.version))
                                         .where(ModelVersionRow.name == name)) or 0) + 1
                row = ModelVersionRow(
                    name=name, version=number, model_file=f"{name}.bpmn", sha256=digests[f"model/{name}.bpmn"],
                    files_sha256=together, sop_number=admitted.model.number, sop_title=admitted.model.title,
                    author_nip=author_nip, created_at=utc(self.clock()), findings=json.dumps(warnings),
                )
                session.add(row)
                try:
                    session.flush()
                except IntegrityError:  # another process took this number: count again
                    session.rollback()
                    continue
                session.add_all(ModelFileRow(name=name, version=number, path=path, sha256=digest)
                                for path, digest in digests.items())
            return _version(row, digests), True
        raise ModelError(messages.LIBRARY_BUSY.format(name=name), hint=messages.HINT_LIBRARY_BUSY)

    # -- read -------------------------------------------------------------------
    def list_models(self) -> list[ModelSummary]:
        """Every model with its latest version, by name."""
        with self.store.session() as session:
            counts = dict(session.execute(select(ModelVersionRow.name, func.max(ModelVersionRow.version))
                                          .group_by(ModelVersionRow.name)).all())
        return [ModelSummary(latest=self.version(name, latest), versions=latest)
                for name, latest in sorted(counts.items())]

    def versions(self, name: str) -> list[ModelVersion]:
        """Every version of a model, newest first.

        :raises ModelError: no such model.
        """
        with self.store.session() as session:
            rows = session.scalars(select(ModelVersionRow).where(ModelVersionRow.name == name)
                                   .order_by(ModelVersionRow.version.desc())).all()
            files = self._files(session, name)
        if not rows:
            raise _no_model(name)
        return [_version(row, files.get(row.version, {})) for row in rows]

    def version(self, name: str, version: int | None = None) -> ModelVersion:
        """One version of a model; the latest when ``version`` is ``None``.

        :raises ModelError: no such model or version.
        """
        with self.store.session() as session:
            query = select(ModelVersionRow).where(ModelVersionRow.name == name)
            query = (query.where(ModelVersionRow.version == version) if version is not None
                     else query.order_by(ModelVersionRow.version.desc()).limit(1))
            row = session.scalar(query)
            if row is None:
                if version is not None and self._latest(name) is not None:
                    raise ModelError(messages.LIBRARY_NO_VERSION.format(name=name, version=version),
                                     hint=messages.HINT_LIBRARY_LIST)
                raise _no_model(name)
            return _version(row, self._files(session, name, row.version).get(row.version, {}))

    def find(self, model_sha256: str) -> ModelVersion | None:
        """The first version whose ``.bpmn`` has this digest (e.g. the one a case started from), if any."""
        with self.store.session() as session:
            row = session.scalar(select(ModelVersionRow).where(ModelVersionRow.sha256 == model_sha256)
                                 .order_by(ModelVersionRow.name, ModelVersionRow.version).limit(1))
            if row is None:
                return None
            return _version(row, self._files(session, row.name, row.version).get(row.version, {}))

    def files(self, version: ModelVersion) -> dict[str, bytes]:
        """The bytes of each file of a version, checked against their digests.

        :raises ModelError: a stored file is missing or altered.
        """
        out = {}
        for path, digest in version.files.items():
            try:
                out[path] = self.store.blobs.get(digest)
            except OSError:
                raise ModelError(messages.LIBRARY_ALTERED.format(path=path, name=version.name,
                                                                 version=version.version),
                                 hint=messages.HINT_LIBRARY_ALTERED) from None
        return out

    def write_files(self, version: ModelVersion, folder: Path) -> Path:
        """Write a version as the repository layout (``bpmn/<name>.bpmn``, ``forms/<key>.form``) under
        ``folder``; returns the model file's path, which ``sopflow check`` and ``sop render`` read."""
        (folder / "bpmn").mkdir(parents=True, exist_ok=True)
        (folder / "forms").mkdir(parents=True, exist_ok=True)
        for path, data in self.files(version).items():
            target = folder / ("bpmn/" + path[len("model/"):] if path.startswith("model/") else path)
            target.write_bytes(data)
        return folder / "bpmn" / version.model_file

    # -- use ----------------------------------------------------------------------
    def start_case(self, service: CaseService, name: str, roster: Roster, *, version: int | None = None) -> str:
        """Start a case on ``service`` from a version of a model (the latest by default).

        The case copies the version's files, as every case does; later versions never reach it.

        :raises ModelError: no such model or version.
        :raises ModelRejected: the version no longer passes ``sopflow check`` (e.g. a template was removed).
        :raises RosterError: a lane has no official, or no unit seal is configured.
        """
        from sopflow.runner.admission import admit_model

        chosen = self.version(name, version)
        with _scratch() as folder:
            admitted = admit_model(self.write_files(chosen, folder))
            return service.start_admitted(admitted, roster)

    def _latest(self, name: str) -> ModelVersion | None:
        try:
            return self.version(name)
        except ModelError:
            return None

    @staticmethod
    def _files(session: Any, name: str, version: int | None = None) -> dict[int, dict[str, str]]:
        query = select(ModelFileRow).where(ModelFileRow.name == name)
        if version is not None:
            query = query.where(ModelFileRow.version == version)
        files: dict[int, dict[str, str]] = {}
        for row in session.scalars(query):
            files.setdefault(row.version, {})[row.path] = row.sha256
        return files


def _version(row: ModelVersionRow, files: Mapping[str, str]) -> ModelVersion:
    return ModelVersion(
        name=row.name, version=row.version, model_file=row.model_file, sha256=row.sha256,
        files_sha256=row.files_sha256, sop_number=row.sop_number, sop_title=row.sop_title,
        author_nip=row.author_nip, created_at=utc(row.created_at), warnings=tuple(json.loads(row.findings)),
        files=dict(sorted(files.items())),
    )


def _require_name(name: str) -> None:
    if not is_model_name(name):
        raise ModelError(messages.LIBRARY_NAME_INVALID.format(name=name), hint=messages.HINT_LIBRARY_NAME)


def _require_form_file_name(file_name: str) -> None:
    from sopflow.model.forms import is_form_key

    if not (file_name.endswith(".form") and is_form_key(file_name[:-len(".form")])):
        raise ModelError(messages.LIBRARY_FORM_NAME_INVALID.format(name=file_name[:120]), where=file_name[:120],
                         hint=messages.HINT_LIBRARY_FORM_NAME)


def _no_model(name: str) -> ModelError:
    return ModelError(messages.LIBRARY_NO_MODEL.format(name=name[:120]), hint=messages.HINT_LIBRARY_LIST)


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="sopflow-model-") as folder:
        yield Path(folder)


def _admit(folder: Path, name: str, model: bytes, forms: Mapping[str, bytes]) -> AdmittedModel:
    """Lay the files out as the repository does and admit them; findings name the files as uploaded."""
    from sopflow.runner.admission import admit_model

    (folder / "bpmn").mkdir()
    (folder / "forms").mkdir()
    path = folder / "bpmn" / f"{name}.bpmn"
    path.write_bytes(model)
    for file_name, data in forms.items():
        (folder / "forms" / file_name).write_bytes(data)
    try:
        return admit_model(path)
    except ModelRejected as exc:
        raise _rejected(name, [_relocated(f, folder) for f in exc.findings]) from None
    except ModelError as exc:
        raise type(exc)(_strip(exc.message, folder), where=_strip(exc.where or "", folder) or None,
                        hint=_strip(exc.hint or "", folder) or None) from None


def _rejected(name: str, errors: list[Finding]) -> ModelRejected:
    return ModelRejected(messages.LIBRARY_REJECTED.format(name=name, errors=len(errors)), findings=errors,
                         where=f"{name}.bpmn", hint=messages.HINT_LIBRARY_REJECTED)


def _strip(text: str, folder: Path) -> str:
    """A text without the scratch folder: ``<scratch>/bpmn/x.bpmn`` -> ``x.bpmn``, ``<scratch>/forms/k.form``
    -> ``forms/k.form``."""
    return text.replace(f"{folder}/bpmn/", "").replace(f"{folder}/", "").replace(str(folder), ".")


def _relocated(finding: Finding, folder: Path) -> Finding:
    return dataclasses.replace(finding, file=_strip(finding.file, folder), message=_strip(finding.message, folder))


def _relocated_dict(finding: Finding, folder: Path) -> dict[str, Any]:
    return dataclasses.asdict(_relocated(finding, folder))
