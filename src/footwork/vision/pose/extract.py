"""Turn a clip or a photo into a PoseSequence with any PoseEstimator.

Speed without losing reps: squats and foot drills are slow, so the model runs on about
``target_fps`` frames per second (every ``stride``-th frame; 7.5 by default, so even a 1 s
squat phase has 7 samples) of a clip shrunk to ``max_side`` pixels, while decoding runs
ahead on a thread. While the body holds still (standing between reps, a held bottom), every
other of those frames is skipped too and filled in by interpolation once the next frame is
looked at, so the sequence stays evenly sampled. Landmarks are returned in the
pixels of the original frame, at the times of the frames analysed.

Start-up: given a function that builds the estimator rather than a built one, decoding starts
first, so the clip is opened and its first frames decoded on the reader's thread while the
model is built (on a short clip that wait is a tenth of the whole run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from footwork.errors import RetakeNeeded, UnreadableMedia
from footwork.vision.pose.estimator import PoseEstimator
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence
from footwork.vision.pose.video_io import (
    Frame,
    Prefetch,
    VideoInfo,
    iter_frames,
    probe,
    read_image,
)

Progress = Callable[[int, int], None]  # (frames done, frames expected)
EstimatorSource = PoseEstimator | Callable[[], PoseEstimator]  # built, or how to build it

DEFAULT_TARGET_FPS = 7.5  # 30 fps clips: every 4th frame; 24–25 fps: every 3rd
DEFAULT_MAX_SIDE = 640


@dataclass(frozen=True)
class ExtractOptions:
    """How much of the clip the model sees. ``target_fps=None`` means every frame."""

    target_fps: float | None = DEFAULT_TARGET_FPS
    max_side: int | None = DEFAULT_MAX_SIDE
    decode_ahead: bool = True
    skip_when_still: bool = True
    still_fraction: float = 0.04  # body points moving less than this × body height = still


FULL_RATE = ExtractOptions(target_fps=None, max_side=None, decode_ahead=False,
                           skip_when_still=False)  # fmt: skip


def stride_for(fps: float, target_fps: float | None) -> int:
    """Every how many frames to analyse so the analysed rate is close to ``target_fps``."""
    if target_fps is None or target_fps <= 0 or fps <= target_fps:
        return 1
    return max(1, round(fps / target_fps))


def extract_pose(
    path: Path,
    estimator: EstimatorSource,
    *,
    options: ExtractOptions = ExtractOptions(),
    progress: Progress | None = None,
) -> PoseSequence:
    """Run ``estimator`` over the clip at ``path``; frames with nobody hold NaN and 0.

    ``estimator`` may be a function that builds one: it is then called once decoding has
    started, and the estimator it returns is closed at the end.
    """
    info = probe(path)
    stride = stride_for(info.fps, options.target_fps)
    frames: Iterator[Frame] = iter_frames(
        path, stride=stride, max_side=options.max_side, fps=info.fps
    )
    reader = Prefetch(frames) if options.decode_ahead else None
    try:
        if not callable(estimator):
            return _run(reader or frames, estimator, info, stride, options, progress)
        built = estimator()
        try:
            return _run(reader or frames, built, info, stride, options, progress)
        finally:
            built.close()
    finally:
        if reader is not None:
            reader.close()


def _run(
    frames: Iterator[Frame],
    estimator: PoseEstimator,
    info: VideoInfo,
    stride: int,
    options: ExtractOptions,
    progress: Progress | None,
) -> PoseSequence:
    expected = -(-info.frames // stride)
    rows = StillFrames(options.still_fraction)
    out: list[Row] = []
    for done, frame in enumerate(frames, start=1):
        if options.skip_when_still and rows.still():
            rows.skip(frame.time_s)
        else:
            out.extend(rows.look(frame.time_s, *_landmarks(estimator, frame.rgb, info)))
        if progress is not None:
            progress(done, max(expected, done))
    out.extend(rows.flush())
    times = [r.t for r in out]
    return _sequence(info, times, [r.xy for r in out], [r.vis for r in out], fps=info.fps / stride)


class Row(NamedTuple):
    """One frame's landmarks in time order; ``extra`` is whatever came with the frame."""

    t: float
    xy: np.ndarray
    vis: np.ndarray
    extra: Any = None


class StillFrames:
    """Skipping frames while the body holds still, as a stream.

    While the body barely moved between the last two frames looked at, the next frame is not
    looked at (``skip``): it is filled in between its neighbours once the next frame has
    been looked at (``look`` returns it then, one frame late, before that frame). A frame
    skipped at the very end (``flush``) stays empty. The clip analysis and the live counter
    feed a clip through this same rule, so both see the same pose sequence.
    """

    def __init__(self, fraction: float) -> None:
        self.fraction = fraction
        self._looked: list[bool] = []
        self._xys: list[np.ndarray] = []
        self._held: tuple[float, Any] | None = None  # the skipped frame: time, extra
        self._last: Row | None = None  # the last frame looked at

    def still(self) -> bool:
        """The last frame was looked at and the body barely moved since the look before."""
        if len(self._looked) < 2 or not self._looked[-1]:
            return False
        before = -2 if self._looked[-2] else -3
        if len(self._looked) < -before:
            return False
        return _barely_moved(self._xys[before], self._xys[-1], self.fraction)

    def skip(self, t: float, extra: Any = None) -> None:
        self._remember(False, np.full((N_LANDMARKS, 2), np.nan))
        self._held = (t, extra)

    def look(self, t: float, xy: np.ndarray, vis: np.ndarray, extra: Any = None) -> list[Row]:
        """The rows now known: the frame skipped before this one (filled in), then this."""
        rows = []
        if self._held is not None and self._last is not None:
            held_t, held_extra = self._held
            last = self._last
            w = (held_t - last.t) / (t - last.t)
            rows.append(Row(held_t, (1 - w) * last.xy + w * xy, np.minimum(last.vis, vis),
                            held_extra))  # fmt: skip
        self._held = None
        self._remember(True, xy)
        self._last = Row(t, xy, vis, extra)
        rows.append(self._last)
        return rows

    def flush(self) -> list[Row]:
        """At the end of the clip: a frame still skipped, empty."""
        if self._held is None:
            return []
        t, extra = self._held
        self._held = None
        return [Row(t, np.full((N_LANDMARKS, 2), np.nan), np.zeros(N_LANDMARKS), extra)]

    def _remember(self, looked: bool, xy: np.ndarray) -> None:
        self._looked = [*self._looked[-2:], looked]
        self._xys = [*self._xys[-2:], xy]


def _barely_moved(a: np.ndarray, b: np.ndarray, fraction: float) -> bool:
    body_a, body_b = a[11:], b[11:]  # shoulders down
    if not (np.isfinite(body_a).all() and np.isfinite(body_b).all()):
        return False
    height = float(np.ptp(body_b[:, 1]))
    moved = float(np.max(np.linalg.norm(body_b - body_a, axis=1)))
    return height > 0 and moved < fraction * height


def _landmarks(
    estimator: PoseEstimator, rgb: np.ndarray, info: VideoInfo
) -> tuple[np.ndarray, np.ndarray]:
    est = estimator.estimate(rgb)
    if est is None:
        return np.full((N_LANDMARKS, 2), np.nan), np.zeros(N_LANDMARKS)
    scale = np.array([info.width / rgb.shape[1], info.height / rgb.shape[0]])
    return est.xy * scale, est.visibility


def _sequence(
    info: VideoInfo,
    times: list[float],
    xys: list[np.ndarray],
    viss: list[np.ndarray],
    *,
    fps: float,
) -> PoseSequence:
    if not times:
        raise UnreadableMedia(
            f"{info.path.name} has no frames that can be decoded.",
            hint="Export the clip again from your phone (MP4 or MOV) and try once more.",
        )
    return PoseSequence(
        xy=np.stack(xys), visibility=np.stack(viss), times=np.asarray(times, dtype=float),
        fps=fps, width=info.width, height=info.height, source=str(info.path),
    )  # fmt: skip


def extract_photo_pose(path: Path, estimator: PoseEstimator) -> PoseSequence:
    """A one-frame PoseSequence from a photo; RetakeNeeded if nobody is found."""
    rgb = read_image(path)
    est = estimator.estimate(rgb)
    if est is None:
        raise RetakeNeeded(
            f"No person found in {path.name}.",
            hint="Take the photo from the side with the whole leg and foot in the frame.",
        )
    h, w = rgb.shape[:2]
    return PoseSequence(
        xy=est.xy[None], visibility=est.visibility[None], times=np.zeros(1),
        fps=1.0, width=w, height=h, source=str(path),
    )  # fmt: skip
