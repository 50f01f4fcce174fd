"""Uploads streamed to disk in chunks, with a size limit and a type check, so a large or wrong
file is refused without being held in memory and leaves nothing behind.

The size limit is enforced twice. ``BodyLimit`` guards the request body before anything
parses it: a declared ``Content-Length`` over the limit is refused at once, without reading
the body; a body without one (chunked) is counted as it arrives and reading stops at the
limit, so the form parser never spools more than the limit (plus the small form overhead)
to its temporary file. ``save_upload`` then checks each file against its own limit.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import filetype
from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from footwork.errors import NotFound
from footwork.services import upload_owners
from footwork.web.errors import UploadTooLarge, WrongFileType, respond

CHUNK = 1024 * 1024
TOKEN = re.compile(r"^[0-9a-f]{32}$")
# Routes whose uploads are video clips (the larger limit); every other request body may be
# at most the upload limit for photos and import files.
VIDEO_ROUTES = frozenset({"/check", "/api/analyses"})
# Room for the multipart framing and the small form fields around the file.
FORM_OVERHEAD = 64 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def megabytes(n: int) -> str:
    return f"{n / 2**20:.3g} MB"


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request body larger than ``limit_for(path)`` before the app reads it."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await too_large(scope, send, limit)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's answer to the broken-off body is replaced by ours
                return
            started = True
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counting_receive, guarded_send)
        if exceeded and not started:
            await too_large(scope, send, limit)


async def too_large(scope: Scope, send: Send, limit: int) -> None:
    response = respond(
        Request(scope),
        413,
        f"This upload is larger than the {megabytes(limit - FORM_OVERHEAD)} footwork accepts "
        "here, so it was not read or stored.",
        "Choose a smaller file: a shorter clip, or a photo at a lower resolution.",
    )
    await response(scope, _disconnected, send)


async def _disconnected() -> Message:
    return {"type": "http.disconnect"}


def body_limit(max_upload_bytes: int, max_video_bytes: int) -> Callable[[str], int]:
    def limit_for(path: str) -> int:
        largest = max_video_bytes if path in VIDEO_ROUTES else max_upload_bytes
        return largest + FORM_OVERHEAD

    return limit_for


def upload_dir(home: Path, purpose: str) -> Path:
    folder = home / "uploads" / purpose
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_type(upload: UploadFile, suffixes: tuple[str, ...]) -> str:
    """The file's suffix if it is one of ``suffixes``; otherwise refuse the upload."""
    name = upload.filename or ""
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise WrongFileType(
            f"{name or 'The file'} is not a file this page takes.",
            hint=f"Choose a {', '.join(suffixes)} file.",
        )
    return suffix


async def save_upload(
    upload: UploadFile, folder: Path, suffixes: tuple[str, ...], max_bytes: int
) -> Path:
    """Write the upload to ``folder`` under a random name; refuse it past ``max_bytes``."""
    suffix = check_type(upload, suffixes)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    name = upload.filename or target.name
    first = await upload.read(CHUNK)
    if not first:
        raise WrongFileType(f"{name} is empty.", hint="Choose the file again.")
    check_content(first, suffix, name)
    size = 0
    try:
        with target.open("wb") as out:
            chunk = first
            while chunk:
                size += len(chunk)
                if size > max_bytes:
                    raise UploadTooLarge(
                        f"{upload.filename} is larger than {megabytes(max_bytes)}.",
                        hint="Choose a smaller file.",
                    )
                out.write(chunk)
                chunk = await upload.read(CHUNK)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


# What each accepted file name promises, and how its content is recognised.
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv", ".gif"})
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp"})
IMAGE_CONTENT = frozenset({"jpg", "png", "webp", "bmp"})
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
HINTS = {
    "video": "Choose the clip itself (an MP4, MOV, WebM, AVI or MKV video, or a GIF).",
    "image": "Choose a photo (JPEG, PNG, WebP or BMP).",
    "text": "Choose the file footwork exported (CSV text), or a spreadsheet saved as CSV.",
    "json": "Choose a footwork export in JSON (footwork.json).",
}


def looks_like(head: bytes) -> str:
    """What the content looks like, in words, for the message."""
    kind = filetype.guess(head)
    if kind is not None:
        return f"a {kind.extension.upper()} file ({kind.mime})"
    return "text" if is_text(head) else "data footwork does not recognise"


def is_text(head: bytes) -> bool:
    """Plain text: no NUL bytes and valid UTF-8 (a character cut at the end of the sample
    is fine), or a single-byte encoding such as a spreadsheet's Windows-1252."""
    if b"\x00" in head or filetype.guess(head) is not None:
        return False
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return all(b >= 0x20 or b in b"\t\r\n\x0c" for b in head)
    return True


def content_kind(head: bytes, suffix: str) -> str | None:
    """The kind the name promises ("video", "image", "text", "json") if the content is of
    that kind; None if it is not."""
    if suffix in VIDEO_SUFFIXES:
        kind = filetype.guess(head)
        video = kind is not None and (kind.mime.startswith("video/") or kind.extension == "gif")
        # Any ISO media file (MP4, MOV, 3GP... phones write many brands) has "ftyp" here.
        return "video" if video or head[4:8] == b"ftyp" else None
    if suffix in IMAGE_SUFFIXES:
        kind = filetype.guess(head)
        return "image" if kind is not None and kind.extension in IMAGE_CONTENT else None
    if suffix == ".json":
        text = head.removeprefix(codecs.BOM_UTF8).lstrip()
        return "json" if is_text(head) and text[:1] in (b"{", b"[") else None
    if suffix in TEXT_SUFFIXES:
        return "text" if is_text(head) else None
    return None


def promised_kind(suffix: str) -> str:
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "json" if suffix == ".json" else "text"


def check_content(head: bytes, suffix: str, name: str) -> None:
    """Refuse a file whose content is not what its name says (a PNG or a text renamed .mp4)."""
    if content_kind(head, suffix) is not None:
        return
    promised = promised_kind(suffix)
    what = {"video": "a video", "image": "a photo", "text": "a CSV text file",
            "json": "a JSON file"}[promised]  # fmt: skip
    raise WrongFileType(
        f"{name} is named like {what}, but its content is {looks_like(head)}.",
        hint=HINTS[promised],
    )


def find_upload(folder: Path, token: str) -> Path | None:
    """The stored upload with this token (the random part of its name), if any."""
    if not TOKEN.match(token):
        return None
    return next(iter(sorted(folder.glob(f"{token}.*"))), None)


# Whose upload it is (team mode) ---------------------------------------------------------------


def claim_upload(request: Request, token: str) -> None:
    """In team mode, record that the upload belongs to the person the request is about."""
    person = getattr(request.state, "person", None)
    if request.app.state.options.team and person is not None:
        upload_owners.record_owner(request.app.state.settings, token, person.id)


def check_upload_owner(request: Request, token: str) -> None:
    """In team mode, answer 404 unless the upload is the request's person's (or, for a
    coach, one of their athletes')."""
    if not request.app.state.options.team:
        return
    account = getattr(request.state, "account", None)
    person = getattr(request.state, "person", None)
    if account is None or person is None:
        raise NotFound("That picture is not here.")
    upload_owners.check_may_open(request.app.state.settings, token, account, person.id)
