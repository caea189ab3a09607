"""A case bag as one zip file: written for download, and read back from an untrusted upload.

:func:`write_bag_zip` zips an exported bag under one top folder (the case id).
:func:`extract_bag_zip` unpacks a zip anyone may have prepared into a scratch
folder, and refuses, naming the entry, before anything of it is written:

- more entries, more unpacked bytes, or a higher compression ratio than
  :class:`ZipLimits` allows (zip bombs; the bytes actually unpacked are
  counted too, so a size the archive under-declares is caught);
- names that could land outside the folder (``..``, absolute paths, drive
  letters, backslashes), names that are not UTF-8, control characters,
  duplicates (also a name used as both file and folder);
- symbolic links and other non-regular entries (``external_attr``),
  encrypted entries, and archives inside the archive (by name and by content).

Only folders and regular files are created, with ``O_EXCL | O_NOFOLLOW``; the
unpacked bag is then read by the verifier through
:class:`~sopflow.archive.bag_files.BagFiles` like any other archive.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from sopflow import messages
from sopflow.archive.bag_files import MAX_BAG_FILES, name_problem
from sopflow.errors import InputError

__all__ = ["ZipLimits", "ArchiveUploadError", "write_bag_zip", "extract_bag_zip"]

_NESTED_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst", ".jar", ".cab", ".iso")
_NESTED_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00",
                 b"7z\xbc\xaf\x27\x1c", b"Rar!", b"\x28\xb5\x2f\xfd")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 64 * 1024
_DIRECTORY_BYTES_PER_ENTRY = 512
"""Central directory bytes allowed per entry (a bag's names are short; 46 bytes of header, the name, no extras)."""
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_RATIO_FLOOR = 1024 * 1024
"""Entries smaller than this unpack to little whatever their ratio; only larger ones are ratio-checked."""


@dataclass(frozen=True)
class ZipLimits:
    """What an uploaded archive may hold."""

    max_entries: int = MAX_BAG_FILES
    """Most entries (files and folders)."""
    max_unpacked: int = 1024**3
    """Most bytes all entries may unpack to together."""
    max_ratio: int = 100
    """Highest compression ratio of one entry of more than 1 MiB (PDFs and JSON compress far less)."""


class ArchiveUploadError(InputError):
    """An uploaded archive is refused; the message (Indonesian) names the entry."""

    kind = "archive-upload"


def write_bag_zip(bag: Path, out: Path, *, top: str) -> Path:
    """Zip every regular file under ``bag`` into ``out``, inside the folder ``top``."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for dirpath, dirnames, filenames in os.walk(bag, followlinks=False):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(dirpath, filename)
                if stat.S_ISREG(os.lstat(path).st_mode):
                    archive.write(path, f"{top}/{path.relative_to(bag).as_posix()}")
    return out


def extract_bag_zip(source: Path, dest: Path, limits: ZipLimits = ZipLimits(), *, name: str | None = None) -> Path:
    """Unpack the zip ``source`` into the empty folder ``dest``; returns the bag's folder inside it.

    :param name: the archive's name in messages (an upload's own name); default: the file's.
    :raises ArchiveUploadError: the archive breaks a rule above; nothing outside ``dest`` is written.
    """
    shown = name or source.name
    directory = _directory_size(source)
    if directory is not None and directory > limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY:
        raise ArchiveUploadError(messages.ARSIP_ZIP_DIRECTORY.format(
            size=directory, limit=limits.max_entries * _DIRECTORY_BYTES_PER_ENTRY), hint=messages.ARSIP_HINT_EXPORT)
    try:
        archive = zipfile.ZipFile(source)
    except UnicodeDecodeError as exc:
        raw = exc.object if isinstance(exc.object, bytes) else b""
        raise _refused(messages.ARSIP_ZIP_NOT_UTF8, raw.decode("utf-8", "backslashreplace")) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ArchiveUploadError(messages.ARSIP_NOT_ZIP.format(name=shown, reason=exc), where=shown,
                                 hint=messages.ARSIP_HINT_EXPORT) from None
    with archive:
        entries = _checked_entries(archive, limits)
        _unpack(archive, entries, dest, limits)
    return _bag_folder(dest)


def _directory_size(source: Path) -> int | None:
    """Bytes of the central directory the end record announces (``None``: no end record; zipfile says why).

    :mod:`zipfile` reads the whole central directory into memory before any entry can be checked, so
    its size is bounded first.
    """
    with source.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = max(0, size - _EOCD.size - 0xFFFF)
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _EOCD.size > len(tail):
            return None
        directory: int = _EOCD.unpack_from(tail, at)[5]
        if directory == 0xFFFFFFFF and at >= _ZIP64_LOCATOR.size:
            signature, _disk, offset, _disks = _ZIP64_LOCATOR.unpack_from(tail, at - _ZIP64_LOCATOR.size)
            if signature == b"PK\x06\x07" and offset + _ZIP64_EOCD.size <= size:
                handle.seek(offset)
                record = handle.read(_ZIP64_EOCD.size)
                if record[:4] == b"PK\x06\x06":
                    directory = _ZIP64_EOCD.unpack(record)[8]
        return directory


def _refused(template: str, entry: str, **extra: object) -> ArchiveUploadError:
    return ArchiveUploadError(template.format(entry=repr(entry)[1:-1][:200], **extra), where=entry[:200],
                              hint=messages.ARSIP_HINT_EXPORT)


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as written in the archive, read as UTF-8 (flagged or not).

    :raises ArchiveUploadError: the name is not UTF-8.
    """
    name = info.orig_filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    raw = name.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(messages.ARSIP_ZIP_NOT_UTF8, raw.decode("utf-8", "backslashreplace")) from None


def _name_refusal(name: str) -> ArchiveUploadError | None:
    path = name.rstrip("/")
    if "\\" in name:
        return _refused(messages.ARSIP_ZIP_BACKSLASH, name)
    if name.startswith("/"):
        return _refused(messages.ARSIP_ZIP_ABSOLUTE, name)
    if _DRIVE.match(name):
        return _refused(messages.ARSIP_ZIP_DRIVE, name)
    if ".." in path.split("/"):
        return _refused(messages.ARSIP_ZIP_PARENT, name)
    problem = name_problem(path)
    if problem:
        return _refused(messages.ARSIP_ZIP_NAME, name, reason=problem)
    if path.lower().endswith(_NESTED_SUFFIXES):
        return _refused(messages.ARSIP_ZIP_NESTED, name)
    return None


def _checked_entries(archive: zipfile.ZipFile, limits: ZipLimits) -> list[tuple[zipfile.ZipInfo, str]]:
    """Every entry with its name, after every check that needs no unpacking."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise ArchiveUploadError(messages.ARSIP_ZIP_ENTRIES.format(count=len(infos), limit=limits.max_entries),
                                 hint=messages.ARSIP_HINT_EXPORT)
    entries: list[tuple[zipfile.ZipInfo, str]] = []
    seen: set[str] = set()
    files: set[str] = set()
    total = 0
    for info in infos:
        name = _entry_name(info)
        refusal = _name_refusal(name)
        if refusal:
            raise refusal
        if info.flag_bits & 0x1:
            raise _refused(messages.ARSIP_ZIP_ENCRYPTED, name)
        mode = info.external_attr >> 16 if info.create_system == 3 else 0
        if stat.S_ISLNK(mode):
            raise _refused(messages.ARSIP_ZIP_LINK, name)
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _refused(messages.ARSIP_ZIP_SPECIAL, name)
        path = name.rstrip("/")
        parents = {"/".join(path.split("/")[:i]) for i in range(1, path.count("/") + 1)}
        if path in seen or parents & files or (not info.is_dir() and any(s.startswith(path + "/") for s in seen)):
            raise _refused(messages.ARSIP_ZIP_DUPLICATE, name)
        seen.add(path)
        if not info.is_dir():
            files.add(path)
            total += info.file_size
            if total > limits.max_unpacked:
                raise ArchiveUploadError(messages.ARSIP_ZIP_UNPACKED.format(size=total, limit=limits.max_unpacked),
                                         hint=messages.ARSIP_HINT_EXPORT)
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
                raise _refused(messages.ARSIP_ZIP_RATIO, name, ratio=ratio, limit=limits.max_ratio)
        entries.append((info, path))
    return entries


def _unpack(archive: zipfile.ZipFile, entries: list[tuple[zipfile.ZipInfo, str]], dest: Path,
            limits: ZipLimits) -> None:
    total = 0
    for info, path in entries:
        target = dest / path
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        written = 0
        try:
            with os.fdopen(fd, "wb") as out, archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    if written == 0 and chunk.startswith(_NESTED_MAGIC):
                        raise _refused(messages.ARSIP_ZIP_NESTED, path)
                    written += len(chunk)
                    total += len(chunk)
                    if written > info.file_size:
                        raise _refused(messages.ARSIP_ZIP_ENTRY_LIES, path, size=info.file_size)
                    if total > limits.max_unpacked:
                        raise ArchiveUploadError(messages.ARSIP_ZIP_UNPACKED.format(size=total,
                                                                                    limit=limits.max_unpacked),
                                                 hint=messages.ARSIP_HINT_EXPORT)
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            raise _refused(messages.ARSIP_ZIP_CORRUPT, path, reason=exc) from None


def _bag_folder(dest: Path) -> Path:
    """The bag: ``dest`` itself or its one top folder, holding bagit.txt or case.json."""
    def holds_case(folder: Path) -> bool:
        return any((folder / name).is_file() for name in ("bagit.txt", "data/case.json", "case.json"))

    if holds_case(dest):
        return dest
    top = list(dest.iterdir())
    if len(top) == 1 and top[0].is_dir() and holds_case(top[0]):
        return top[0]
    raise ArchiveUploadError(messages.ARSIP_ZIP_NO_BAG, hint=messages.ARSIP_HINT_EXPORT)
