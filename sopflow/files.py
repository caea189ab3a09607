"""Reading files that anyone may have prepared: regular files only, never more than a limit.

A path handed to sopflow (a model, a form, a file inside an archive) may be a
FIFO that blocks forever, a device such as ``/dev/zero`` that never ends, or
a file of many gigabytes. :func:`open_regular` inspects the file with
``lstat`` before opening it, opens only regular files (``O_NONBLOCK``, and
``O_NOFOLLOW`` unless links are allowed), and checks with ``fstat`` that it
opened what it inspected; :func:`read_limited` reads at most ``limit`` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sopflow import messages

__all__ = ["FileRefused", "describe_mode", "open_regular", "read_limited", "read_regular_file"]


class FileRefused(Exception):
    """A file that is not read; ``reason`` is ``missing``, ``link``, ``special``, ``too-large`` or ``unreadable``."""

    def __init__(self, reason: str, name: str | Path, detail: str):
        super().__init__(f"{name}: {detail}")
        self.reason = reason
        self.detail = detail
        """What is wrong, without the file name."""
        self.message = f"{name}: {detail}"


def describe_mode(mode: int) -> str:
    """What sort of file an ``st_mode`` is, in words."""
    for test, words in ((stat.S_ISLNK, messages.FILE_KIND_LINK), (stat.S_ISDIR, messages.FILE_KIND_FOLDER),
                        (stat.S_ISFIFO, messages.FILE_KIND_FIFO), (stat.S_ISCHR, messages.FILE_KIND_DEVICE),
                        (stat.S_ISBLK, messages.FILE_KIND_DEVICE), (stat.S_ISSOCK, messages.FILE_KIND_SOCKET)):
        if test(mode):
            return words
    return messages.FILE_KIND_SPECIAL


def open_regular(name: str | Path, *, dir_fd: int | None = None, follow_links: bool = False) -> int:
    """A read-only descriptor of the regular file ``name``; device files and FIFOs are never opened.

    :raises FileRefused: missing, a link (unless ``follow_links``), not a regular file, or unreadable.
    """
    try:
        before = os.stat(name, dir_fd=dir_fd, follow_symlinks=follow_links)
    except OSError as exc:
        raise _refused(name, exc) from None
    if not stat.S_ISREG(before.st_mode):
        reason = "link" if stat.S_ISLNK(before.st_mode) else "special"
        raise FileRefused(reason, name, messages.FILE_NOT_REGULAR.format(kind=describe_mode(before.st_mode)))
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        raise _refused(name, exc) from None
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
        os.close(fd)
        raise FileRefused("special", name, messages.FILE_CHANGED)
    return fd


def read_limited(fd: int, *, limit: int, name: str) -> bytes:
    """At most ``limit`` bytes of an open file; closes ``fd``.

    :raises FileRefused: the file holds more than ``limit`` bytes.
    """
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileRefused("too-large", name, messages.FILE_TOO_LARGE.format(size=size, limit=limit))
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused("too-large", name, messages.FILE_TOO_LARGE_STREAM.format(limit=limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_file(path: Path, *, limit: int) -> bytes:
    """The bytes of a regular file named by a user (links followed: the user chose the path).

    :raises FileRefused: see :func:`open_regular` and :func:`read_limited`.
    """
    return read_limited(open_regular(path, follow_links=True), limit=limit, name=str(path))


def _refused(name: str | Path, exc: OSError) -> FileRefused:
    if exc.errno == errno.ENOENT:
        return FileRefused("missing", name, messages.FILE_MISSING)
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        return FileRefused("link", name, messages.FILE_LINK)
    return FileRefused("unreadable", name, messages.FILE_UNREADABLE_OS.format(reason=exc.strerror))
