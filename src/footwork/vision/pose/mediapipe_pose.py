"""The one module that imports MediaPipe: BlazePose (legacy ``solutions.pose``, complexity 1).

Only ``model_complexity=1`` is used: its weights ship inside the mediapipe wheel, while
complexities 0 and 2 would be downloaded at run time, which footwork never does.

Following one subject: in video mode BlazePose tracks the person it found first. When the
result jumps to somewhere else (another person walked in front), the estimator looks again
inside a crop around where the followed subject last was and keeps that person; if they are
not found there, the frame counts as "nobody" rather than as someone else. After about a
second of looks without them, the subject is forgotten and whoever is found is followed.

Every footwork movement is done standing, so a pose whose shoulders, hips and ankles are not
stacked top to bottom is a tracking failure (BlazePose's tracker can lock onto a wrong pose,
e.g. when the head is out of the picture). The frame is then looked at afresh by a
single-image graph (no tracking state, no rebuild); only when that finds an upright person is
the tracker reset to follow them. If it finds nobody upright, the frame counts as "nobody".
After ``_LOOKS_BEFORE_BACKING_OFF`` such looks in a row found nobody (a clip with nobody
upright in it: push-ups, legs alone), only every ``_LOOK_EVERY``-th frame is looked at
afresh until someone upright is found again.

Legs alone in the picture (a close-up of the calves) give "nobody": BlazePose's detector finds
a person by the face and upper body. Tried and not adopted (issue 10): padding the frame above
the legs makes the detector fit a whole body into the legs (shoulders at the knees); running
the landmark model alone on a chosen region (the ``PoseLandmarkByRoiCpu`` graph, the legs as
the lower half of an assumed body) finds plausible feet in most frames of such a clip, but
the region has to be guessed from a grid of placements and the counts it gave on the one real
clip were far off. The heel-raise analysis says instead why such a clip cannot be read and
how to film it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from footwork.vision.pose.estimator import PoseEstimate, PoseEstimator
from footwork.vision.quiet import native_log_filtered, native_stderr_silenced

MODEL_COMPLEXITY = 1
_JUMP_FRACTION = 0.6  # a centre move larger than this × body size between looks is a switch
_CROP_MARGIN = 0.6  # crop = subject box grown by this fraction of its size on each side
_BODY = slice(11, 33)  # shoulders down: the points a body box is built from
_FORGET_AFTER = 8  # looks in a row without the subject (~1 s): follow whoever is there next
# Fresh looks that keep finding nobody upright cost a model run each for nothing; after about
# a second of them (8 analysed frames) look only at every 4th frame (~0.5 s), so a person who
# stands up or walks in is still found within half a second.
_LOOKS_BEFORE_BACKING_OFF = 8
_LOOK_EVERY = 4


@dataclass
class _Subject:
    centre: np.ndarray  # (2,) px
    size: float  # px, the larger side of the body box
    box: tuple[int, int, int, int]  # x0, y0, x1, y1


def create_pose_estimator(*, video: bool = True, min_confidence: float = 0.5) -> PoseEstimator:
    """Build the BlazePose estimator; ``video`` uses tracking between consecutive frames
    (the same as ``MediaPipePose.from_installed_model``)."""
    return MediaPipePose.from_installed_model(video=video, min_confidence=min_confidence)


def _new_pose(*, static: bool, min_confidence: float) -> Any:
    import mediapipe as mp

    return mp.solutions.pose.Pose(
        static_image_mode=static,
        model_complexity=MODEL_COMPLEXITY,
        smooth_landmarks=not static,
        enable_segmentation=False,
        min_detection_confidence=min_confidence,
        min_tracking_confidence=min_confidence,
    )


def _started(pose: Any) -> Any:
    """Run one blank frame through a new graph.

    The C++ graph builds its inference engines lazily on worker threads and logs while doing
    so; warming it up here, with native stderr silenced until a frame has come out, keeps
    those lines out of the user's terminal. A blank frame finds nobody, so it leaves no
    tracking state and needs no reset (which would build the graph again).
    """
    with native_stderr_silenced():
        pose.process(np.zeros((256, 256, 3), np.uint8))
    return pose


def _to_estimate(result: Any, width: int, height: int) -> PoseEstimate | None:
    if result.pose_landmarks is None:
        return None
    marks = result.pose_landmarks.landmark
    xy = np.array([[m.x * width, m.y * height] for m in marks], dtype=float)
    vis = np.clip(np.array([m.visibility for m in marks], dtype=float), 0.0, 1.0)
    return PoseEstimate(xy=xy, visibility=vis)


def _subject_of(est: PoseEstimate, width: int, height: int) -> _Subject:
    pts = est.xy[_BODY]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    size = float(max(hi - lo))
    grow = _CROP_MARGIN * size
    x0, y0 = int(max(0, lo[0] - grow)), int(max(0, lo[1] - grow))
    x1, y1 = int(min(width, hi[0] + grow)), int(min(height, hi[1] + grow))
    return _Subject(centre=(lo + hi) / 2, size=max(size, 1.0), box=(x0, y0, x1, y1))


class MediaPipePose:
    """PoseEstimator backed by MediaPipe BlazePose, following one subject."""

    def __init__(self, *, video: bool = True, min_confidence: float = 0.5) -> None:
        self._min_confidence = min_confidence
        # MediaPipe's native log lines are dropped from import to close (see quiet.py).
        self._quiet: contextlib.ExitStack | None = contextlib.ExitStack()
        self._quiet.enter_context(native_log_filtered())
        try:
            self._pose = _started(_new_pose(static=not video, min_confidence=min_confidence))
        except BaseException:
            self._quiet.close()
            raise
        self._recheck: Any = None
        self._subject: _Subject | None = None
        self._misses = 0
        self._fruitless_looks = 0  # fresh looks in a row that found nobody upright
        self._since_look = 0  # frames not looked at afresh since backing off
        self._landmarks_built = False
        self.saw_someone_else = False  # the last frame showed a person other than the subject

    @classmethod
    def from_installed_model(
        cls, *, video: bool = True, min_confidence: float = 0.5
    ) -> MediaPipePose:
        """BlazePose with the weights installed with mediapipe (complexity 1: nothing is
        downloaded). ``video`` follows one subject from frame to frame; False looks at each
        frame (photo) on its own."""
        return cls(video=video, min_confidence=min_confidence)

    def _process(self, frame_rgb: np.ndarray) -> Any:
        """Run the graph; until the landmark engine has run once (it logs while it is built,
        on the first frame with a person) native stderr is silenced."""
        if self._landmarks_built:
            return self._pose.process(frame_rgb)
        with native_stderr_silenced():
            result = self._pose.process(frame_rgb)
            self._landmarks_built = result.pose_landmarks is not None
        return result

    def estimate(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        height, width = frame_rgb.shape[:2]
        est = _to_estimate(self._process(frame_rgb), width, height)
        if est is not None and not is_upright(est):
            est = self._look_afresh(frame_rgb)
        self.saw_someone_else = est is not None and self._is_jump(est, width, height)
        if self.saw_someone_else:
            assert est is not None
            est = self._look_where_subject_was(frame_rgb)
        self._remember(est, width, height)
        return est

    def _remember(self, est: PoseEstimate | None, width: int, height: int) -> None:
        """Follow the subject found; forget them after ``_FORGET_AFTER`` looks without them."""
        if est is not None:
            self._subject, self._misses = _subject_of(est, width, height), 0
            return
        self._misses += 1
        if self._misses >= _FORGET_AFTER:
            self._subject = None

    def _look_afresh(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        """Detect again on this frame alone; if someone upright is there, drop the tracked
        pose and its smoothing state and follow them."""
        if self._fruitless_looks >= _LOOKS_BEFORE_BACKING_OFF:
            self._since_look += 1
            if self._since_look < _LOOK_EVERY:
                return None
        self._since_look = 0
        height, width = frame_rgb.shape[:2]
        with native_stderr_silenced():  # its first run builds engines, which log
            result = self._single_image().process(frame_rgb)
        est = _to_estimate(result, width, height)
        if est is None or not is_upright(est):
            self._fruitless_looks += 1
            return None
        self._fruitless_looks = 0
        self._pose.reset()
        est = _to_estimate(self._process(frame_rgb), width, height)
        return est if est is not None and is_upright(est) else None

    def _single_image(self) -> Any:
        """The graph that looks at one image with no tracking (built on first use)."""
        if self._recheck is None:
            self._recheck = _started(_new_pose(static=True, min_confidence=self._min_confidence))
        return self._recheck

    def _is_jump(self, est: PoseEstimate, width: int, height: int) -> bool:
        if self._subject is None:
            return False
        new = _subject_of(est, width, height)
        moved = float(np.linalg.norm(new.centre - self._subject.centre))
        return moved > _JUMP_FRACTION * self._subject.size

    def _look_where_subject_was(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        assert self._subject is not None
        x0, y0, x1, y1 = self._subject.box
        crop = np.ascontiguousarray(frame_rgb[y0:y1, x0:x1])
        if crop.shape[0] < 32 or crop.shape[1] < 32:
            return None
        with native_stderr_silenced():  # rare; its first runs build engines, which log
            result = self._single_image().process(crop)
        est = _to_estimate(result, x1 - x0, y1 - y0)
        if est is None:
            return None
        shifted = PoseEstimate(
            xy=est.xy + np.array([x0, y0], dtype=float), visibility=est.visibility
        )
        moved = float(np.linalg.norm(_body_centre(shifted) - self._subject.centre))
        return shifted if moved <= _JUMP_FRACTION * self._subject.size else None

    def close(self) -> None:
        if self._quiet is None:  # closed already
            return
        try:
            self._pose.close()
            if self._recheck is not None:
                self._recheck.close()
        finally:
            self._quiet.close()
            self._quiet = None


def _body_centre(est: PoseEstimate) -> np.ndarray:
    pts = est.xy[_BODY]
    return np.asarray((pts.min(axis=0) + pts.max(axis=0)) / 2)


def is_upright(est: PoseEstimate) -> bool:
    """Shoulders above hips above ankles (image y grows downward)."""
    y = est.xy[:, 1]
    shoulders, hips, ankles = y[[11, 12]].mean(), y[[23, 24]].mean(), y[[27, 28]].mean()
    return bool(shoulders < hips < ankles)
