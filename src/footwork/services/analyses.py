"""Clip analyses ("check my form") kept for the history: each in analyses/<id>/ with its
annotated video, plot and result.json, run as a background job from a kept upload.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from footwork.config import Settings
from footwork.domain.jobs import Job
from footwork.errors import NotFound
from footwork.services import video
from footwork.services.user_files import discard, named_as
from footwork.services.video import ClipAnalysis, ClipOutputs
from footwork.vision.pose.exercises import EXERCISE_NAMES

CLIP_EXERCISES = EXERCISE_NAMES
RESULT_FILE = "result.json"
Progress = Callable[[str, int, int], None]


def is_analysis_id(text: str) -> bool:
    """Whether ``text`` has the shape of an analysis id (so it is safe in a path)."""
    return re.fullmatch(r"[0-9a-f]{32}", text) is not None


def analyses_dir(settings: Settings) -> Path:
    return settings.home / "analyses"


def result_location(analysis_id: str) -> str:
    """Where an analysis is kept, relative to the footwork home."""
    return f"analyses/{analysis_id}"


def run_clip_job(settings: Settings, job: Job, progress: Progress | None = None) -> str:
    """Analyse the job's kept upload; its result's location. On failure nothing of the
    analysis is left behind (no empty folder, no logged session)."""
    if load_analysis(settings, job.id) is not None:  # finished just before a crash
        return result_location(job.id)
    clip = settings.home / job.upload
    if not job.upload or not clip.is_file():
        raise NotFound(
            f"{job.file_name or 'The clip'} is not here any more, so it cannot be analysed.",
            hint="Choose the clip again.",
        )
    folder = analyses_dir(settings) / job.id
    try:
        with named_as(clip, job.file_name):
            analyse_clip(
                settings, clip, job.params.get("exercise"), job.id,
                original_name=job.file_name, person=job.person,
                keep_clip=bool(job.params.get("keep_clip")), progress=progress,
            )  # fmt: skip
    except BaseException:
        discard(folder, clip)
        raise
    return result_location(job.id)


def analyse_clip(
    settings: Settings,
    clip: Path,
    exercise: str | None,
    analysis_id: str,
    *,
    original_name: str,
    person: str | None,
    keep_clip: bool,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Analyse a clip into analyses/<id>/: annotated video, plot and result.json; log it as a
    video session. Unless ``keep_clip``, the clip is deleted once it has been analysed."""
    folder = analyses_dir(settings) / analysis_id
    folder.mkdir(parents=True, exist_ok=True)
    annotate = None if clip.suffix.lower() == ".csv" else folder / "annotated.mp4"
    outputs = ClipOutputs(annotate=annotate, plot=folder / "plot.png", save=True, person=person)
    done = video.analyse_clip(clip, exercise, settings=settings, outputs=outputs, progress=progress)
    record = _analysis_record(analysis_id, original_name, done, kept=keep_clip)
    (folder / RESULT_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
    if not keep_clip:
        discard(clip)
    return record


def _analysis_record(
    analysis_id: str, original_name: str, done: ClipAnalysis, *, kept: bool
) -> dict[str, Any]:
    guess = done.guess
    return {
        "id": analysis_id,
        "created": datetime.now().isoformat(timespec="seconds"),
        "source_name": original_name,
        "clip_kept": kept,
        "annotated": done.annotated.name if done.annotated else None,
        "plot": done.plot.name if done.plot else None,
        "guessed": None if guess is None else {"exercise": guess.exercise,
                                               "confidence": guess.confidence},
        "session_id": done.session_id,
        "result": done.result.to_dict(),
    }  # fmt: skip


def load_analysis(settings: Settings, analysis_id: str) -> dict[str, Any] | None:
    path = analyses_dir(settings) / analysis_id / RESULT_FILE
    if not path.is_file():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def list_analyses(settings: Settings) -> list[dict[str, Any]]:
    """Every finished clip analysis, newest first."""
    folder = analyses_dir(settings)
    found = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob(f"*/{RESULT_FILE}")]
    return sorted(found, key=lambda r: r["created"], reverse=True)
