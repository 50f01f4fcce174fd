"""Running a live set: frames from a camera, a clip or a landmark file, the pose model, the
live counter (``footwork.vision.pose.live.LiveCounter``) and logging the set.

Three sources give the same thing, a stream of ``LiveFrame`` (capture time, landmarks or
None, picture size, brightness):

* ``camera_frames``: a camera on this computer, each picture through the pose model;
* ``clip_frames``: a recorded clip decoded exactly as the clip analysis decodes it (the same
  frame stride, size and skipping of still frames, ``footwork.vision.pose.extract``), so
  the set the live counter sees is the pose sequence the clip analysis sees;
* ``landmark_frames``: a landmark CSV, row by row.

``paced`` plays a recorded source in real time by capture time, as a camera would.
``run_live_set`` feeds a stream to a ``LiveCounter``, hands every update to a callback and,
when the stream ends, is interrupted (Ctrl-C) or the camera is lost, analyses the whole set
and logs it as a session. A lost camera is re-raised after the set is logged.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from footwork.config import Settings
from footwork.domain.session import SessionLog
from footwork.errors import FootworkError
from footwork.vision.pose.camera import CameraLost, iter_camera, mean_luma
from footwork.vision.pose.estimator import PoseEstimate, PoseEstimator
from footwork.vision.pose.extract import ExtractOptions, Row, StillFrames, stride_for
from footwork.vision.pose.live import LiveCounter, LiveEvent, LiveUpdate
from footwork.vision.pose.mediapipe_pose import MediaPipePose
from footwork.vision.pose.result import AnalysisResult
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence
from footwork.vision.pose.video_io import Prefetch, iter_frames, probe


@dataclass(frozen=True)
class LiveFrame:
    """One frame's landmarks (None: nobody found) at its capture time, in seconds."""

    t: float
    pose: PoseEstimate | None
    size: tuple[int, int]  # width, height of the picture the landmarks are in (pixels)
    brightness: float | None = None  # mean luma 0–255 where the picture is known
    someone_else: bool = False  # the pose model saw a person other than the one it follows


__all__ = [
    "CountedSet",
    "LiveFrame",
    "LiveUpdate",
    "camera_frames",
    "clip_frames",
    "landmark_frames",
    "paced",
    "recorded_frames",
    "run_live_set",
    "set_logger",
]  # fmt: skip

EstimatorFactory = Callable[[], PoseEstimator]


def _default_estimator() -> PoseEstimator:
    return MediaPipePose.from_installed_model()


# -- sources ---------------------------------------------------------------------------------


def camera_frames(
    index: int,
    *,
    estimator: EstimatorFactory = _default_estimator,
    options: ExtractOptions = ExtractOptions(),
) -> Iterator[LiveFrame]:
    """The pictures of camera ``index`` through the pose model, as fast as it keeps up.
    The camera is opened before the model is built, so a missing camera is said at once."""
    frames = iter_camera(index, max_side=options.max_side)
    first = next(frames)
    model = estimator()
    try:
        for frame in itertools.chain([first], frames):
            h, w = frame.rgb.shape[:2]
            pose = model.estimate(frame.rgb)
            yield LiveFrame(frame.time_s, pose, (w, h), mean_luma(frame.rgb), _someone_else(model))
    finally:
        model.close()
        frames.close()


def clip_frames(
    path: Path,
    *,
    estimator: EstimatorFactory = _default_estimator,
    options: ExtractOptions = ExtractOptions(),
) -> Iterator[LiveFrame]:
    """A clip's frames through the pose model, decoded as the clip analysis decodes them."""
    info = probe(path)
    stride = stride_for(info.fps, options.target_fps)
    reader = Prefetch(iter_frames(path, stride=stride, max_side=options.max_side, fps=info.fps))
    model = estimator()
    rows = StillFrames(options.still_fraction)
    size = (info.width, info.height)
    try:
        for frame in reader:
            luma = mean_luma(frame.rgb)
            if options.skip_when_still and rows.still():
                rows.skip(frame.time_s, (luma, False))
                continue
            xy, vis = _landmarks(model, frame.rgb, size)
            for row in rows.look(frame.time_s, xy, vis, (luma, _someone_else(model))):
                yield _live_frame(row, size)
        for row in rows.flush():
            yield _live_frame(row, size)
    finally:
        model.close()
        reader.close()


def _live_frame(row: Row, size: tuple[int, int]) -> LiveFrame:
    luma, others = row.extra
    return LiveFrame(row.t, _estimate(row.xy, row.vis), size, luma, others)


def _someone_else(model: PoseEstimator) -> bool:
    """Whether the pose model saw a person other than the one it follows (where it can)."""
    return bool(getattr(model, "saw_someone_else", False))


def landmark_frames(path: Path) -> Iterator[LiveFrame]:
    """The rows of a landmark CSV, one frame each."""
    seq = PoseSequence.from_landmark_csv(path)
    for i, t in enumerate(seq.times):
        yield LiveFrame(float(t), _estimate(seq.xy[i], seq.visibility[i]), (seq.width, seq.height))


def recorded_frames(
    path: Path, *, estimator: EstimatorFactory = _default_estimator
) -> Iterator[LiveFrame]:
    """A clip or a landmark CSV (by its name), as ``clip_frames`` or ``landmark_frames``."""
    if path.suffix.lower() == ".csv":
        return landmark_frames(path)
    probe(path)  # a missing or unreadable clip is refused before the pose model loads
    return clip_frames(path, estimator=estimator)


def paced(
    frames: Iterator[LiveFrame],
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[LiveFrame]:
    """The frames no sooner than their capture times, counted from the first: a recording
    played as if a camera were filming it now (frames late already are passed on at once)."""
    start: tuple[float, float] | None = None
    try:
        for frame in frames:
            if start is None:
                start = (clock(), frame.t)
            wait = (frame.t - start[1]) - (clock() - start[0])
            if wait > 0:
                sleep(wait)
            yield frame
    finally:
        close = getattr(frames, "close", None)
        if close is not None:  # the recording's reader and pose model, stopped with it
            close()


def _landmarks(
    model: PoseEstimator, rgb: np.ndarray, size: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Landmarks in the pixels of the clip's own frame size (the model sees it shrunk)."""
    est = model.estimate(rgb)
    if est is None:
        return np.full((N_LANDMARKS, 2), np.nan), np.zeros(N_LANDMARKS)
    scale = np.array([size[0] / rgb.shape[1], size[1] / rgb.shape[0]])
    return est.xy * scale, est.visibility


def _estimate(xy: np.ndarray, vis: np.ndarray) -> PoseEstimate | None:
    return PoseEstimate(xy, vis) if np.isfinite(xy).any() else None


# -- running a set ---------------------------------------------------------------------------


@dataclass
class CountedSet:
    """A finished live set: the analysis of the whole set, the reps counted, where it is
    logged, and why it ended."""

    exercise: str
    result: AnalysisResult | None  # None: counting never started (nobody was set up)
    session_id: int | None = None
    ended: str = "end"  # end (the source ran out) | stopped (interrupted) | lost (camera)
    problem: FootworkError | None = None  # what ended it, when not the end of the source
    events: list[dict[str, object]] = field(default_factory=list)
    closing: list[LiveEvent] = field(default_factory=list)  # reps first counted at the end

    @property
    def reps(self) -> int:
        return 0 if self.result is None else self.result.rep_count


Logger = Callable[[AnalysisResult], int]


def run_live_set(
    exercise: str,
    frames: Iterator[LiveFrame],
    *,
    on_update: Callable[[LiveUpdate], None] | None = None,
    log: Logger | None = None,
    source_name: str = "camera",
) -> CountedSet:
    """Count a set from ``frames``; ``on_update`` gets the state after each frame. The set
    ends with the frames, on KeyboardInterrupt or when the camera is lost; its analysis is
    then logged with ``log`` (if given and counting started). A lost camera is raised again
    once the set is logged, with the session's id on the error (``session_id``)."""
    counter = LiveCounter(exercise)
    done = CountedSet(exercise=counter.exercise, result=None)
    try:
        for frame in frames:
            update = counter.push(frame.t, frame.pose, frame.size, brightness=frame.brightness,
                                  someone_else=frame.someone_else)  # fmt: skip
            if on_update is not None:
                on_update(update)
    except KeyboardInterrupt:
        done.ended = "stopped"
    except CameraLost as lost:
        done.ended, done.problem = "lost", lost
    finally:
        close = getattr(frames, "close", None)
        if close is not None:
            close()
    done.result = counter.finish()
    done.events = [e.to_dict() for e in counter.events]
    done.closing = list(counter.closing_events)
    if done.result is not None:
        done.result.source = source_name
        if log is not None:
            done.session_id = log(done.result)
    return done


def set_logger(settings: Settings, person: str | None, *, what: str) -> Logger:
    """Logs a live set's analysis as a session of the person's (``what``: the source, as the
    session's note names it). The person is checked now, before the set starts."""
    from footwork.services.sessions import SessionRecorder, record_analysis

    SessionRecorder(settings, person, SessionLog(datetime.now()))  # an unknown person: refused
    started = datetime.now().replace(microsecond=0)

    def log(result: AnalysisResult) -> int:
        return record_analysis(settings, result, person, source="camera",
                               note=f"Counted live from {what}", started_at=started)  # fmt: skip

    return log
