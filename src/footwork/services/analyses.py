"""Clip analyses ("check my form") kept for the history: each in analyses/<id>/ with its
annotated video, plot and result.json, run as a background job from a kept upload.

``AnalysisRecord`` is the one shape of a kept analysis: what result.json holds, what the pages
show and what the JSON API returns. Its ``result`` is ``AnalysisResult.to_dict()``
(docs/video-analysis.md); the keys that only some exercises have (per foot, per direction,
counting) are left out when absent, so serialise with ``exclude_unset=True``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from footwork.config import Settings
from footwork.domain.jobs import Job
from footwork.errors import NotFound
from footwork.services import video
from footwork.services.store import open_store
from footwork.services.user_files import discard, named_as
from footwork.services.video import ClipAnalysis, ClipOutputs
from footwork.vision.pose.exercises import EXERCISE_NAMES

CLIP_EXERCISES = EXERCISE_NAMES
RESULT_FILE = "result.json"
Progress = Callable[[str, int, int], None]


class RepRecord(BaseModel):
    """One counted rep."""

    index: int = Field(description="1, 2, ... in time order")
    start_s: float
    peak_s: float | None = Field(description="the most extreme moment, when there is one")
    end_s: float
    duration_s: float
    side: Literal["left", "right"] | None = Field(description="the foot, for per-foot exercises")
    direction: Literal["clockwise", "counter-clockwise"] | None = Field(
        description="the way round, for circles"
    )
    view: str | None = Field(description="camera view during this rep, when judged per rep")
    measures: dict[str, float | None] = Field(description="per-rep measures by name")


class FindingRecord(BaseModel):
    """Form feedback about the clip or one rep."""

    code: str
    message: str
    severity: Literal["info", "warn"]
    rep: int | None = Field(description="the rep it is about (its index), or none: the clip")


class CountingRecord(BaseModel):
    """The signal the reps were counted on and its hysteresis levels."""

    signal: str
    enter: float | None
    exit: float | None


class ClipResultRecord(BaseModel):
    """What the analysis found in the clip (``AnalysisResult.to_dict()``)."""

    exercise: str
    source: str
    view: str
    fps: float
    frames: int
    duration_s: float
    reps: int = Field(description="full reps counted")
    reps_by_side: dict[str, int] | None = Field(
        None, description="reps per foot; only for exercises done per foot"
    )
    reps_by_direction: dict[str, int] | None = Field(
        None, description="reps per direction; only for exercises done both ways round"
    )
    rep_list: list[RepRecord]
    summary: dict[str, float | None] = Field(description="clip-level measures by name")
    findings: list[FindingRecord]
    warnings: list[str] = Field(description="what the view or the quality could not support")
    counting: CountingRecord | None = Field(
        None, description="what was counted; absent when the exercise counts no signal"
    )


class GuessRecord(BaseModel):
    """The exercise footwork recognised when none was given."""

    exercise: str | None
    confidence: float = Field(description="0..1")


class AnalysisRecord(BaseModel):
    """A finished clip analysis, as kept in analyses/<id>/result.json."""

    id: str
    created: datetime
    source_name: str = Field(description="the clip's name as the person chose it")
    clip_kept: bool
    annotated: str | None = Field(description="file name of the annotated video, if drawn")
    plot: str | None = Field(description="file name of the plot, if drawn")
    guessed: GuessRecord | None = Field(description="set when footwork recognised the exercise")
    session_id: int | None = Field(description="the training session it was logged as")
    result: ClipResultRecord

    def to_json(self) -> str:
        """The record as result.json holds it."""
        return json.dumps(self.model_dump(mode="json", exclude_unset=True), indent=2)


def is_analysis_id(text: str) -> bool:
    """Whether ``text`` has the shape of an analysis id (so it is safe in a path)."""
    return re.fullmatch(r"[0-9a-f]{32}", text) is not None


def analyses_dir(settings: Settings) -> Path:
    return settings.media / "analyses"


def result_location(analysis_id: str) -> str:
    """Where an analysis is kept, relative to the footwork home."""
    return f"analyses/{analysis_id}"


def run_clip_job(settings: Settings, job: Job, progress: Progress | None = None) -> str:
    """Analyse the job's kept upload; its result's location. Running it again after a crash
    gives the same one result: a result already stored is kept, and the session is logged
    under the job's id. The upload is left for the caller to remove once the result is
    recorded; on failure nothing of the analysis is left behind (no folder, no session)."""
    if load_analysis(settings, job.id) is not None:  # finished just before a crash
        return result_location(job.id)
    clip = settings.media / job.upload
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
        discard(folder)
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
) -> AnalysisRecord:
    """Analyse a clip into analyses/<id>/: annotated video, plot and result.json (written
    last, whole or not at all); log it as a video session under the analysis id."""
    folder = analyses_dir(settings) / analysis_id
    folder.mkdir(parents=True, exist_ok=True)
    annotate = None if clip.suffix.lower() == ".csv" else folder / "annotated.mp4"
    outputs = ClipOutputs(annotate=annotate, plot=folder / "plot.png", save=True, person=person,
                          session_uid=analysis_id)  # fmt: skip
    done = video.analyse_clip(
        clip, exercise, settings=settings, outputs=outputs, progress=progress,
        source_name=original_name,  # the upload's random name is no name for the person
    )  # fmt: skip
    record = _analysis_record(analysis_id, original_name, done, kept=keep_clip)
    partial = folder / f"{RESULT_FILE}.partial"
    partial.write_text(record.to_json(), encoding="utf-8")
    partial.replace(folder / RESULT_FILE)  # a reader never sees half a result
    return record


def _analysis_record(
    analysis_id: str, original_name: str, done: ClipAnalysis, *, kept: bool
) -> AnalysisRecord:
    guess = done.guess
    return AnalysisRecord.model_validate({
        "id": analysis_id,
        "created": datetime.now().replace(microsecond=0),
        "source_name": original_name,
        "clip_kept": kept,
        "annotated": done.annotated.name if done.annotated else None,
        "plot": done.plot.name if done.plot else None,
        "guessed": None if guess is None else {"exercise": guess.exercise,
                                               "confidence": guess.confidence},
        "session_id": done.session_id,
        "result": done.result.to_dict(),
    })  # fmt: skip


def load_analysis(settings: Settings, analysis_id: str) -> AnalysisRecord | None:
    path = analyses_dir(settings) / analysis_id / RESULT_FILE
    if not path.is_file():
        return None
    return _read(path)


def list_analyses(settings: Settings, person: str | None = None) -> list[AnalysisRecord]:
    """Every finished clip analysis, newest first; given ``person``, only theirs (those whose
    job was theirs)."""
    found = [_read(p) for p in analyses_dir(settings).glob(f"*/{RESULT_FILE}")]
    if person is not None:
        with open_store(settings).unit_of_work() as uow:
            theirs = {j.id for j in uow.jobs.all() if j.person == person}
        found = [r for r in found if r.id in theirs]
    return sorted(found, key=lambda r: r.created, reverse=True)


def _read(path: Path) -> AnalysisRecord:
    return AnalysisRecord.model_validate_json(path.read_text(encoding="utf-8"))
