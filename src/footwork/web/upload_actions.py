"""What the pages and the JSON API do with an upload once it is streamed to disk: check and
find a photo, measure a footprint or an angle on it, import a data file, queue a clip for
analysis. Shared by both, so that neither imports the other.

An upload is stored under a random name; these name it as the person knows it (the name of
the file they chose) in messages and in what is stored.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from fastapi import UploadFile
from starlette.concurrency import run_in_threadpool

from footwork.config import Settings
from footwork.domain.sides import parse_side
from footwork.errors import InvalidInput, NotFound
from footwork.services import jobs as job_service
from footwork.services import pictures, transfer
from footwork.services.analyses import CLIP_EXERCISES
from footwork.services.user_files import named_as
from footwork.vision.pictures.angle_presets import AnglePreset
from footwork.web.jobs import Runner
from footwork.web.options import WebOptions
from footwork.web.uploads import find_upload, save_upload, upload_dir

IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".bmp")
CLIP_TYPES = (".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv", ".csv")


async def store_photo(settings: Settings, options: WebOptions, file: UploadFile) -> Path:
    """Stream a photo to disk and check it is a readable image; remove it if not."""
    folder = upload_dir(settings.home, "photos")
    path = await save_upload(file, folder, IMAGE_TYPES, options.max_upload_bytes)
    try:
        await run_in_threadpool(_check_picture, path, file.filename or path.name)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_picture(path: Path, shown_name: str) -> None:
    with named_as(path, shown_name):
        pictures.check_picture(path)


def uploaded_photo(settings_home: Path, token: str) -> Path:
    path = find_upload(upload_dir(settings_home, "photos"), token)
    if path is None:
        raise NotFound("That photo is not here any more.", hint="Upload it again.")
    return path


PHOTO_KINDS = {"": None, "paper": False, "podoscope": True}  # the form's "kind of photo"


def footprint(
    settings: Settings,
    path: Path,
    shown_name: str | None,
    *,
    annotate: Path,
    person: str | None,
    save: bool,
    side: str = "",
    kind: str = "",
) -> pictures.FootprintOutcome:
    """Arch indices of an uploaded footprint photo with its overlay; stored when ``save``.
    ``side`` ("", left, right) names the foot of a one-print photo; ``kind`` ("", paper,
    podoscope) says what the photo shows ("": footwork decides)."""
    if kind not in PHOTO_KINDS:
        raise InvalidInput(
            f"Unknown kind of footprint photo {kind!r}.",
            hint="Choose paper or podoscope, or let footwork decide.",
            field="podoscope",
        )
    foot = parse_side(side) if side else None
    with named_as(path, shown_name or path.name):
        return pictures.footprint(
            settings, path, person=person, save=save, annotate=annotate, source=shown_name,
            note="footprint photo", side=foot, podoscope=PHOTO_KINDS[kind],
        )  # fmt: skip


def photo_angle(
    settings: Settings,
    path: Path,
    shown_name: str | None,
    *,
    points: str,
    preset: str,
    side: str,
    annotate: Path,
    person: str | None,
    save: bool,
) -> pictures.PhotoAngleOutcome:
    """The angle clicked on an uploaded photo; stored when ``save``."""
    with named_as(path, shown_name or path.name):
        return pictures.photo_angle(
            settings, path, points, preset=AnglePreset(preset), side=parse_side(side),
            person=person, save=save, annotate=annotate, source=shown_name,
            note="clicked on a photo",
        )  # fmt: skip


def import_named(
    settings: Settings,
    path: Path,
    shown_name: str | None,
    *,
    preview: bool = False,
    person: str | None = None,
) -> transfer.ImportPreview:
    """Import (or preview) an upload stored under a random name; errors name the user's file."""
    with named_as(path, shown_name or "the file"):
        return transfer.import_file(settings, path, preview=preview, person=person)


async def start_clip(
    settings: Settings,
    options: WebOptions,
    person: str | None,
    jobs: Runner,
    file: UploadFile,
    exercise: str,
) -> str:
    """Check the request, stream the clip to disk, record its analysis and queue it; the job's
    id. The clip is kept until the analysis is over, so a restart can run it again."""
    if exercise and exercise not in CLIP_EXERCISES:
        raise InvalidInput(f"footwork cannot check {exercise!r} from video yet.",
                           hint=f"Choose one of: {', '.join(CLIP_EXERCISES)}.")  # fmt: skip
    folder = upload_dir(settings.media, "clips")
    clip = await save_upload(file, folder, CLIP_TYPES, options.max_video_bytes)
    try:
        job = await run_in_threadpool(partial(
            job_service.submit_clip, settings, clip, file.filename or clip.name,
            exercise=exercise or None, person=person,
            keep_clip=not options.delete_video_after_analysis,
        ))  # fmt: skip
    except BaseException:
        clip.unlink(missing_ok=True)
        raise
    await run_in_threadpool(jobs.submit, job.id)
    return job.id
