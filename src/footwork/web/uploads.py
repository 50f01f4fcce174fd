"""Uploads streamed to disk in chunks, with a size limit and a type check, so a large or wrong
file is refused without being held in memory and leaves nothing behind.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from fastapi import UploadFile

from footwork.web.errors import UploadTooLarge, WrongFileType

CHUNK = 1024 * 1024
TOKEN = re.compile(r"^[0-9a-f]{32}$")


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
    size = 0
    try:
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadTooLarge(
                        f"{upload.filename} is larger than {max_bytes / 2**20:g} MB.",
                        hint="Choose a smaller file.",
                    )
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
        raise WrongFileType(f"{upload.filename} is empty.", hint="Choose the file again.")
    return target


def find_upload(folder: Path, token: str) -> Path | None:
    """The stored upload with this token (the random part of its name), if any."""
    if not TOKEN.match(token):
        return None
    return next(iter(sorted(folder.glob(f"{token}.*"))), None)
