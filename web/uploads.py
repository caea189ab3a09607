"""Receiving one uploaded file: streamed to a file in the request's scratch folder, never held in memory.

Starlette's form parser spools uploads to the system's temporary folder; this
reader instead feeds the request stream to python-multipart's parser and
writes the file part straight to ``target``, counting bytes against a limit.
Text fields are small and few; the file part is accepted only after the
caller's check of the fields sent before it (the CSRF token), so nothing is
written for a forged request.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from sopflow import messages

__all__ = ["Upload", "UploadRefused", "receive_upload"]

MAX_FIELD_BYTES = 4096
"""Longest text field."""
MAX_PARTS = 8
"""Most parts (fields and files) of one upload form."""


class UploadRefused(Exception):
    """The upload is not accepted; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Upload:
    """What the form sent."""

    fields: dict[str, str] = field(default_factory=dict)
    """Text fields."""
    filename: str | None = None
    """The uploaded file's name as the browser gave it (shown, never used as a path)."""
    size: int = 0
    """Bytes written to the target."""


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    data: bytearray = field(default_factory=bytearray)
    is_file: bool = False


async def receive_upload(request: Request, target: Path, *, file_field: str, limit: int,
                         accept: Callable[[dict[str, str]], bool]) -> Upload:
    """Stream the multipart body; the one file of ``file_field`` goes to ``target`` (created, never replaced).

    :param limit: most bytes of the file.
    :param accept: called with the text fields sent before the file; ``False`` refuses (403) before
        any byte is written.
    :raises UploadRefused: not multipart, malformed, too large, more than one file, or not accepted.
    """
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRefused(400, messages.ARSIP_UPLOAD_MALFORMED.format(reason="bukan multipart/form-data"))
    upload = Upload()
    part = _Part()
    header_name = bytearray()
    header_value = bytearray()
    out: list[int] = []
    parts = 0

    def on_part_begin() -> None:
        nonlocal part, parts
        parts += 1
        if parts > MAX_PARTS:
            raise UploadRefused(400, messages.ARSIP_UPLOAD_MALFORMED.format(reason="terlalu banyak bagian"))
        part = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        part.headers[bytes(header_name).lower()] = bytes(header_value)
        header_name.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _disposition, options = parse_options_header(part.headers.get(b"content-disposition", b""))
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        part.is_file = b"filename" in options
        if not part.is_file:
            return
        if part.name != file_field or upload.filename is not None:
            raise UploadRefused(400, messages.ARSIP_UPLOAD_MALFORMED.format(reason="berkas yang tidak diharapkan"))
        if not accept(upload.fields):
            raise UploadRefused(403, messages.WEB_CSRF)
        upload.filename = options[b"filename"].decode("utf-8", "replace")[:255]
        out.append(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.is_file:
            upload.size += end - start
            if upload.size > limit:
                raise UploadRefused(413, messages.ARSIP_UPLOAD_TOO_LARGE.format(limit=limit))
            view = memoryview(data)[start:end]
            while view:
                view = view[os.write(out[0], view):]
            return
        part.data.extend(data[start:end])
        if len(part.data) > MAX_FIELD_BYTES:
            raise UploadRefused(400, messages.ARSIP_UPLOAD_MALFORMED.format(reason="isian teks terlalu panjang"))

    def on_part_end() -> None:
        if not part.is_file:
            upload.fields[part.name] = part.data.decode("utf-8", "replace")

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
    })
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise UploadRefused(400, messages.ARSIP_UPLOAD_MALFORMED.format(reason=exc)) from None
    finally:
        for fd in out:
            os.close(fd)
    return upload
