"""Reading an untrusted case archive: regular files inside the bag only, with bounded size.

Whoever holds an archive can put anything in it: symlinks to files outside
the bag (``/etc/shadow``, another case), FIFOs and device files that block or
never end, files of many gigabytes, names such as ``../../x`` or
``/etc/passwd`` in case.json, the journal or the timestamp list. The verifier
reads every payload file through :class:`BagFiles`, which

- accepts only names that are relative, ``/``-separated, without ``.``/``..``
  or empty parts, NUL, backslashes or control characters (:func:`name_problem`);
- walks the path one directory at a time from the payload root with
  ``O_NOFOLLOW``, so a symlink anywhere in the path is refused, never followed;
- ``lstat``\\s the file before opening it and opens only regular files
  (``O_NOFOLLOW | O_NONBLOCK``), then checks with ``fstat`` that it opened the
  file it inspected, so device files and FIFOs are never opened;
- reads at most a documented number of bytes (:data:`LIMITS`).

:func:`scan_bag` walks the whole bag once (never following a link) and
reports every symlink, special file, oversized file and odd name as a
finding before the BagIt fixity check reads anything.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sopflow.archive.report import Finding, Kind
from sopflow.files import FileRefused, describe_mode, open_regular, read_limited
from sopflow.model.safe_xml import MAX_MODEL_BYTES

__all__ = [
    "LIMITS",
    "MAX_BAG_BYTES",
    "MAX_BAG_FILES",
    "MAX_NAME_LENGTH",
    "BagFileError",
    "BagFiles",
    "name_problem",
    "scan_bag",
]

MAX_BAG_FILES = 10_000
"""Most files (tag files and payload) an archive may hold; a case of a few hundred steps holds far fewer."""
MAX_BAG_BYTES = 2 * 1024**3
"""Most bytes all files of an archive may hold together."""
MAX_NAME_LENGTH = 255
"""Longest payload-relative name accepted."""
_MAX_DEPTH = 8
"""Deepest folder nesting of an archive (``data/documents/<doc>/r1.pdf`` is 3)."""

LIMITS: dict[str, int] = {
    "json": 4 * 1024**2,
    "journal": 64 * 1024**2,
    "pdf": 64 * 1024**2,
    "model": MAX_MODEL_BYTES,
    "form": 1024**2,
    "certificate": 1024**2,
    "tag": 16 * 1024**2,
}
"""Largest file read, by what it is: case.json and timestamp lists (``json``), the journal,
each PDF revision, the BPMN model, each form, each certificate/CRL/OCSP file, and each
BagIt tag file (manifests, bag-info.txt). Everything else in an archive is far smaller."""


class BagFileError(Exception):
    """A file of the archive cannot be read safely; :meth:`finding` names it."""

    def __init__(self, kind: Kind, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message

    def finding(self) -> Finding:
        """The problem as a verification finding."""
        return Finding(self.kind, self.message)


def name_problem(name: object) -> str | None:
    """Why ``name`` is not a safe payload-relative file name, or ``None`` when it is."""
    if not isinstance(name, str):
        return f"a file name must be text, not {type(name).__name__}"
    shown = repr(name[:80])
    if not name:
        return "the file name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"the file name {shown}… is longer than {MAX_NAME_LENGTH} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in name) or "\\" in name:
        return f"the file name {shown} holds control characters or backslashes"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"the file name {shown} is absolute; archive names are relative to the payload"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"the file name {shown} has empty, '.' or '..' parts (it could point outside the archive)"
    if len(parts) > _MAX_DEPTH:
        return f"the file name {shown} is nested deeper than {_MAX_DEPTH} folders"
    return None


@dataclass(frozen=True)
class BagFiles:
    """Safe, size-limited reads of the files under one payload root."""

    root: Path
    """The payload directory (``<bag>/data``, or the archive itself when it is not a bag), without
    symlinks in its path (pass it resolved); a link as the payload directory itself is refused."""

    def read(self, name: str, *, limit: int) -> bytes:
        """The bytes of the regular file ``name`` (payload-relative).

        :param limit: most bytes accepted, one of :data:`LIMITS`.
        :raises BagFileError: unsafe name, missing, symlink, not a regular
            file, or larger than ``limit``.
        """
        problem = name_problem(name)
        if problem:
            raise BagFileError(Kind.UNSAFE_NAME, problem)
        fd = self._open(name)
        try:
            return read_limited(fd, limit=limit, name=name)
        except FileRefused as exc:
            raise _bag_error(exc, name) from None

    def exists(self, name: str) -> bool:
        """Whether ``name`` is a safe name of a regular file reached without following a link."""
        if name_problem(name):
            return False
        try:
            os.close(self._open(name))
        except BagFileError:
            return False
        return True

    def files(self, folder: str) -> list[str]:
        """Payload-relative names of the regular files under ``folder``, sorted; links are not entered.

        At most :data:`MAX_BAG_FILES` names (:func:`scan_bag` reports an archive holding more).
        """
        found: list[str] = []
        start = self.root / folder
        if name_problem(folder) or not _is_real_dir(self.root, folder):
            return found
        for dirpath, dirnames, filenames in os.walk(start, followlinks=False):
            dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
            for filename in filenames:
                path = os.path.join(dirpath, filename)
                if stat.S_ISREG(os.lstat(path).st_mode):
                    found.append(Path(path).relative_to(self.root).as_posix())
            if len(found) > MAX_BAG_FILES:
                break  # scan_bag reports the archive as too large
        return sorted(found)[:MAX_BAG_FILES]

    def _open(self, name: str) -> int:
        """Open a regular file, one path part at a time, never through a link."""
        *folders, leaf = name.split("/")
        try:
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            raise BagFileError(Kind.UNREADABLE, f"{self.root}: cannot open the archive ({exc.strerror})") from None
        try:
            for index, part in enumerate(folders):
                try:
                    inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=fd)
                except OSError as exc:
                    where = "/".join(folders[: index + 1])
                    kind = Kind.DOCUMENT_MISSING if exc.errno == errno.ENOENT else Kind.UNSAFE_FILE
                    detail = ("no such folder in the archive" if kind == Kind.DOCUMENT_MISSING
                              else "a symbolic link or not a folder; links are never followed")
                    raise BagFileError(kind, f"{where}: {detail}") from None
                os.close(fd)
                fd = inner
            try:
                return open_regular(leaf, dir_fd=fd)
            except FileRefused as exc:
                raise _bag_error(exc, name) from None
        finally:
            os.close(fd)


_KINDS = {"missing": Kind.DOCUMENT_MISSING, "link": Kind.UNSAFE_FILE, "special": Kind.UNSAFE_FILE,
          "too-large": Kind.TOO_LARGE, "unreadable": Kind.UNREADABLE}


def _bag_error(exc: FileRefused, name: str) -> BagFileError:
    detail = "no such file in the archive" if exc.reason == "missing" else exc.detail
    return BagFileError(_KINDS[exc.reason], f"{name}: {detail}")


def _is_real_dir(root: Path, folder: str) -> bool:
    path = root
    for part in folder.split("/"):
        path = path / part
        if not stat.S_ISDIR(_lstat_mode(path)):
            return False
    return True


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def scan_bag(archive: Path) -> list[Finding]:
    """Every symlink, special file, oversized file or odd name in ``archive``; links are not entered.

    Also stops, with a finding, at more than :data:`MAX_BAG_FILES` files or
    :data:`MAX_BAG_BYTES` bytes in all.
    """
    findings: list[Finding] = []
    count = total = 0
    largest = max(LIMITS.values())
    archive = Path(archive)
    for dirpath, dirnames, filenames in os.walk(archive, followlinks=False):
        for entry in sorted(dirnames) + sorted(filenames):
            path = Path(dirpath, entry)
            rel = path.relative_to(archive).as_posix()
            mode = _lstat_mode(path)
            if stat.S_ISDIR(mode):
                continue
            count += 1
            if count > MAX_BAG_FILES:
                findings.append(Finding(Kind.TOO_LARGE, f"the archive holds more than {MAX_BAG_FILES} files; "
                                                        f"the rest is not examined"))
                return findings
            problem = name_problem(rel)
            if problem:
                findings.append(Finding(Kind.UNSAFE_NAME, problem))
            if not stat.S_ISREG(mode):
                findings.append(Finding(Kind.UNSAFE_FILE, f"{rel}: {describe_mode(mode)}; the verifier reads only "
                                                          f"regular files and never follows links"))
                continue
            size = os.lstat(path).st_size
            total += size
            limit = LIMITS["tag"] if "/" not in rel and rel.endswith(".txt") else largest
            if size > limit:
                findings.append(Finding(Kind.TOO_LARGE, f"{rel}: {size} bytes, more than the {limit} such a file "
                                                        f"of an archive may hold"))
        dirnames[:] = [d for d in dirnames if stat.S_ISDIR(_lstat_mode(Path(dirpath, d)))]
        if total > MAX_BAG_BYTES:
            findings.append(Finding(Kind.TOO_LARGE, f"the archive holds more than {MAX_BAG_BYTES} bytes; the "
                                                    f"rest is not examined"))
            return findings
    return findings
