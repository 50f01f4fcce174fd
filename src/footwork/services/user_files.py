"""Files the person hands footwork or downloads from it.

Uploads are stored under random names (so two files called ``IMG_0001.jpg`` never collide and
no name from outside becomes a path); ``named_as`` makes every error about such a file say the
person's own file name. Files the person did not keep are removed when they are done with, and
``sweep`` removes whatever a crash or an abandoned page left behind after a day.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from footwork.config import Settings
from footwork.domain.jobs import STALE_AFTER_HOURS
from footwork.errors import FootworkError

# Folders of the home that hold only passing files: uploads waiting for a decision, and
# downloads written for one response. Analyses and kept clips are not among them.
PASSING = ("uploads/photos", "uploads/footprints", "uploads/imports", "exports", "reports")


@contextmanager
def named_as(path: Path, shown_name: str) -> Iterator[None]:
    """Run the block; a footwork error that names ``path`` names ``shown_name`` instead."""
    try:
        yield
    except FootworkError as exc:
        message, hint = _renamed(exc.message, path, shown_name), exc.hint
        hint = _renamed(hint, path, shown_name) if hint else hint
        if (message, hint) == (exc.message, exc.hint):
            raise
        raise type(exc)(message, hint=hint, fix=exc.fix, field=exc.field) from exc.__cause__


def _renamed(text: str, path: Path, shown_name: str) -> str:
    for internal in (str(path), path.name, path.stem):
        text = text.replace(internal, shown_name)
    return text


def discard(*paths: Path | None) -> None:
    """Remove files (or folders) that are no longer needed; missing ones are fine."""
    for path in paths:
        if path is None:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def sweep(settings: Settings, max_age_hours: float = STALE_AFTER_HOURS) -> list[Path]:
    """Remove passing files (and emptied folders) older than ``max_age_hours``; the removed."""
    cutoff = time.time() - max_age_hours * 3600
    removed: list[Path] = []
    for name in PASSING:
        folder = settings.home / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):  # children before their folder
            if _older(path, cutoff) and (path.is_file() or not any(path.iterdir())):
                discard(path)
                removed.append(path)
    return removed


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False
