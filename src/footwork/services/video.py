"""Video use cases: analyse a clip or landmark file, export landmarks, measure a lunge.

Each function is what one command does: read the input, run the vision pipeline, write the
requested outputs, store the result when asked. Errors are footwork errors raised before
anything is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Measurement, Method, NewMeasurement
from footwork.domain.sides import parse_side
from footwork.domain.units import Unit
from footwork.errors import Fix, InvalidInput, RetakeNeeded
from footwork.vision.pose.draw import VIDEO_OUTPUTS, write_annotated, write_shin_image
from footwork.vision.pose.exercises import check_exercise, get_analyser
from footwork.vision.pose.extract import ExtractOptions
from footwork.vision.pose.landmark_csv import write_landmark_csv
from footwork.vision.pose.lunge_measure import ShinMeasurement, measure_shin_angle
from footwork.vision.pose.mediapipe_pose import MediaPipePose
from footwork.vision.pose.result import AnalysisResult
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.video_io import IMAGE_SUFFIXES, probe, read_image

if TYPE_CHECKING:  # loaded when used: the classifier (scipy), plots (matplotlib), the database
    from footwork.vision.pose.classify import ExerciseGuess

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class ClipOutputs:
    """What to write besides the result itself."""

    annotate: Path | None = None
    plot: Path | None = None
    save: bool = False
    person: str | None = None
    session_uid: str | None = None  # a job's id: the session is logged once under it


@dataclass
class ClipAnalysis:
    result: AnalysisResult
    guess: ExerciseGuess | None = None  # set when the exercise was not given
    annotated: Path | None = None
    plot: Path | None = None
    session_id: int | None = None


def load_pose(
    path: Path, *, options: ExtractOptions = ExtractOptions(), progress: Progress | None = None
) -> PoseSequence:
    """A PoseSequence from a landmark CSV, or from a clip through the pose model."""
    if path.suffix.lower() == ".csv":
        return PoseSequence.from_landmark_csv(path)
    probe(path)  # a missing or unreadable clip is refused before the pose model loads
    step = None if progress is None else (lambda done, total: progress("pose", done, total))
    # Given the builder, the clip's first frames decode while the model is built; the
    # estimator is closed when the clip is done.
    return PoseSequence.from_clip(path, MediaPipePose.from_installed_model, options, progress=step)


def analyse_clip(
    path: Path,
    exercise: str | None,
    *,
    settings: Settings | None = None,
    outputs: ClipOutputs = ClipOutputs(),
    options: ExtractOptions = ExtractOptions(),
    progress: Progress | None = None,
    ask: Callable[[ExerciseGuess], str] | None = None,
    source_name: str | None = None,
) -> ClipAnalysis:
    """Analyse a clip (or landmark CSV) as ``exercise``, or guess the exercise if None.
    ``source_name`` is the clip's name as the person knows it when it is stored under another
    (an upload): the result, its drawings and the logged session name it so.

    When the guess is unsure, ``ask`` (if given) is shown the guess and returns the
    exercise to use; without it, InvalidInput asks for ``--exercise``. A clip that seems to
    show lunges or jumps (recognised, not counted) is refused with InvalidInput saying so.
    """
    name = check_exercise(exercise) if exercise else None
    _check_outputs(path, outputs, settings)
    seq = _require_person(load_pose(path, options=options, progress=progress), path)
    guess = None
    if name is None:
        from footwork.vision.pose.classify import guess_exercise

        guess = guess_exercise(seq)
        _seen_not_counted(guess)
        name = check_exercise(ask(guess)) if guess.exercise is None and ask else _confident(guess)
    result = get_analyser(name)(seq)
    if source_name:
        result.source = source_name
    done = ClipAnalysis(result=result, guess=guess)
    _write_outputs(done, path, seq, outputs, progress)
    if outputs.save:
        assert settings is not None
        done.session_id = _record(settings, result, outputs.person, outputs.session_uid)
    return done


MIN_CLIP_S = 1.0  # no rep of any supported movement is shorter than a second


def _require_person(seq: PoseSequence, path: Path) -> PoseSequence:
    if not np.isfinite(seq.xy).any():
        raise RetakeNeeded(f"Nobody was found in {path.name}.",
                           hint="Film the whole body, head to feet, well lit, from 2–4 m away: "
                                "the pose model finds a person by the head and shoulders, "
                                "so a clip of the legs alone shows nobody.")  # fmt: skip
    if len(seq) < 2 or seq.duration_s < MIN_CLIP_S:
        raise RetakeNeeded(
            f"{path.name} is only {seq.duration_s:.2f} s long: too short to hold a repetition.",
            hint="Record (or export) at least a few seconds covering whole repetitions.",
        )
    return seq


def _check_outputs(path: Path, outputs: ClipOutputs, settings: Settings | None) -> None:
    if outputs.annotate is not None and path.suffix.lower() == ".csv":
        raise InvalidInput("An annotated video needs the clip itself, not a landmark file.",
                           hint="Give the clip, or ask for no annotated video.",
                           fix=Fix.NO_ANNOTATION)  # fmt: skip
    if outputs.annotate is not None and outputs.annotate.suffix.lower() not in VIDEO_OUTPUTS:
        raise InvalidInput(f"Cannot write a video called {outputs.annotate.name}.",
                           hint="Use a name ending in .mp4 or .webm.")  # fmt: skip
    if outputs.plot is not None and outputs.plot.suffix.lower() != ".png":
        raise InvalidInput(f"Cannot write a plot called {outputs.plot.name}.",
                           hint="Use a name ending in .png.")  # fmt: skip
    if outputs.save and settings is None:
        raise InvalidInput("Saving needs settings (where the data lives).")


_NOT_COUNTED = {
    "lunge": "This looks like lunges, which footwork does not count. If it is squats, film "
             "both feet side by side and both knees bending together; the knee-to-wall ankle "
             "test is lunge-test.",
    "jump": "This looks like jumps (box jumps or jump landings), which footwork does not "
            "count. Jump squats count as squat: land where you took off and sink into a "
            "squat before each jump.",
}  # fmt: skip


def _seen_not_counted(guess: ExerciseGuess) -> None:
    """Say plainly when the clip shows a movement footwork recognises but does not count."""
    if guess.seen in _NOT_COUNTED:
        raise InvalidInput(_NOT_COUNTED[guess.seen], hint="Say which exercise it is, if it is "
                           "one footwork counts.", fix=Fix.CHOOSE_EXERCISE)  # fmt: skip


def _confident(guess: ExerciseGuess) -> str:
    if guess.exercise is not None:
        return guess.exercise
    raise InvalidInput(
        f"Could not tell which exercise this clip shows (best guess {guess.best}, "
        f"{guess.confidence:.0%} sure).",
        hint="Say which exercise it is.",
        fix=Fix.CHOOSE_EXERCISE,
    )


def _write_outputs(
    done: ClipAnalysis,
    path: Path,
    seq: PoseSequence,
    outputs: ClipOutputs,
    progress: Progress | None,
) -> None:
    if outputs.plot is not None:
        from footwork.vision.pose.plots import plot_analysis

        done.plot = plot_analysis(done.result, outputs.plot)
    if outputs.annotate is not None:
        step = None if progress is None else (lambda d, t: progress("video", d, t))
        done.annotated = write_annotated(path, seq, done.result, outputs.annotate, step).path


def _record(settings: Settings, result: AnalysisResult, person: str | None, uid: str | None) -> int:
    from footwork.services.sessions import record_analysis

    return record_analysis(settings, result, person, uid)


def write_landmarks(
    path: Path,
    out: Path,
    *,
    options: ExtractOptions = ExtractOptions(target_fps=None, skip_when_still=False),
    progress: Progress | None = None,
) -> tuple[Path, PoseSequence]:
    """Run the pose model over a clip and write the landmark CSV (every frame by default)."""
    if out.suffix.lower() != ".csv":
        raise InvalidInput(f"Cannot write landmarks to {out.name}.", hint="Use a .csv name.")
    seq = _require_person(load_pose(path, options=options, progress=progress), path)
    return write_landmark_csv(seq, out), seq


@dataclass
class LungeResult:
    shin: ShinMeasurement
    source: str
    method: Method
    annotated: Path | None = None
    saved: Measurement | None = None


def measure_lunge(
    path: Path,
    side: str,
    *,
    settings: Settings | None = None,
    annotate: Path | None = None,
    save: bool = False,
    person: str | None = None,
) -> LungeResult:
    """Shin inclination (ankle dorsiflexion) of ``side`` from a lunge photo or clip."""
    which = parse_side(side).value
    is_photo = path.suffix.lower() in IMAGE_SUFFIXES
    if annotate is not None and path.suffix.lower() == ".csv":
        raise InvalidInput("An annotated picture needs the photo or clip, not a landmark file.",
                           hint="Give the photo or clip, or ask for no annotated picture.",
                           fix=Fix.NO_ANNOTATION)  # fmt: skip
    seq = _lunge_pose(path, is_photo)
    shin = measure_shin_angle(seq, which)
    result = LungeResult(shin, str(path), Method.PHOTO if is_photo else Method.VIDEO)
    if annotate is not None:
        result.annotated = write_shin_image(path, seq, shin, annotate)
    if save:
        if settings is None:
            raise InvalidInput("Saving needs settings (where the data lives).")
        result.saved = _save_lunge(settings, result, person)
    return result


def _lunge_pose(path: Path, is_photo: bool) -> PoseSequence:
    if not is_photo:
        return load_pose(path, options=ExtractOptions(target_fps=15.0, skip_when_still=False))
    read_image(path)  # a missing or unreadable photo is refused before the pose model loads
    estimator = MediaPipePose.from_installed_model(video=False)
    try:
        return PoseSequence.from_photo(path, estimator)
    finally:
        estimator.close()


def _save_lunge(settings: Settings, result: LungeResult, person: str | None) -> Measurement:
    shin = result.shin
    item = NewMeasurement(
        kind=MeasureKind.ANKLE_DORSIFLEXION, side=parse_side(shin.side),
        value=round(shin.angle_deg, 1), unit=Unit.DEG, method=result.method,
        taken_at=datetime.now().replace(microsecond=0), source=result.source,
        note="knee-to-wall lunge, shin inclination from pose keypoints",
        details={"time_s": shin.time_s, "knee_xy": shin.knee_xy, "ankle_xy": shin.ankle_xy,
                 "view": shin.view, "warnings": shin.warnings},
    )  # fmt: skip
    from footwork.services.measurements import record

    [saved] = record(settings, [item], person)
    return saved
