"""A live set fed from a browser: camera frames (JPEG) or landmarks found in the browser, one
at a time, into the same live counter as every other live set.

    poser = FramePoser()                        # the pose model for one camera, built on use
    live = LiveSet("banded-squat")
    update = live.push_frame(t, poser.pose(jpeg))   # or live.push_landmarks(t, points, w, h)
    result, reps = live.finish()                # the clip analysis of the whole set
    poser.close()

Frames are decoded in memory and never written anywhere. ``FramePoser`` is not thread-safe:
use one per camera, from one thread. ``LiveSet`` may be pushed to from any thread (a lock
keeps one push at a time), so a set can move to a new connection when the old one drops.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from footwork.domain.live_coaching import LIVE_EXERCISES
from footwork.errors import InvalidInput
from footwork.vision.camera_frame import decode_jpeg, is_jpeg
from footwork.vision.pose.estimator import PoseEstimate, PoseEstimator
from footwork.vision.pose.exercises import check_exercise
from footwork.vision.pose.live import LiveCounter
from footwork.vision.pose.sequence import N_LANDMARKS

LIVE_EXERCISE_KEYS = tuple(LIVE_EXERCISES)
# Landmarks the browser's model places outside the picture (a foot cut off at the bottom) lie
# a little beyond 0..1; anything further out is not a landmark of this picture.
LANDMARK_RANGE = (-1.0, 2.0)
SIZE_RANGE = (16, 4096)  # a picture's width or height in pixels


@dataclass(frozen=True)
class PosedFrame:
    """What the pose model found in one frame."""

    pose: PoseEstimate | None
    size: tuple[int, int]  # width, height in pixels
    brightness: float | None
    someone_else: bool = False  # the model saw a person other than the one it follows


def live_exercise_key(name: str) -> str:
    """``name`` as the live counters know it, or InvalidInput naming the ones that run live."""
    try:
        key = check_exercise(name)
    except InvalidInput:
        key = ""
    if key not in LIVE_EXERCISES:
        raise InvalidInput(
            f"{name!r} is not an exercise that can be coached live.",
            hint=f"Choose one of: {', '.join(LIVE_EXERCISE_KEYS)}.",
            field="exercise",
        )
    return key


def check_jpeg(data: bytes) -> None:
    """Refuse at once what is not a JPEG (before it waits for the pose model)."""
    if not is_jpeg(data):
        raise InvalidInput(
            "This camera frame is not a JPEG picture.",
            hint="Send each frame as 8 bytes of capture time followed by a JPEG image.",
        )


class FramePoser:
    """The pose model for one camera: built on the first frame, in the thread that uses it."""

    def __init__(self, estimator: PoseEstimator | None = None) -> None:
        self._estimator = estimator

    def pose(self, jpeg: bytes) -> PosedFrame:
        frame = decode_jpeg(jpeg)
        if self._estimator is None:
            from footwork.vision.pose.mediapipe_pose import MediaPipePose

            self._estimator = MediaPipePose.from_installed_model(video=True)
        pose = self._estimator.estimate(frame.rgb)
        others = bool(getattr(self._estimator, "saw_someone_else", False))
        return PosedFrame(pose, frame.size, frame.brightness, others)

    def close(self) -> None:
        if self._estimator is not None:
            self._estimator.close()
            self._estimator = None


def parse_landmarks(
    landmarks: Any, width: Any, height: Any
) -> tuple[PoseEstimate | None, tuple[int, int]]:
    """Landmarks found in the browser ([[x, y, visibility] * 33] in 0..1 of the picture, or
    None for nobody) as a pose in pixels of a ``width`` x ``height`` picture."""
    size = (_pixels(width, "width"), _pixels(height, "height"))
    if landmarks is None:
        return None, size
    if not isinstance(landmarks, list) or len(landmarks) != N_LANDMARKS:
        raise InvalidInput(
            f"Landmarks must be a list of {N_LANDMARKS} points.",
            hint="Send [x, y, visibility] for each of the 33 body landmarks, or null.",
        )
    lo, hi = LANDMARK_RANGE
    points = np.zeros((N_LANDMARKS, 3))
    for i, point in enumerate(landmarks):
        ok = isinstance(point, list) and len(point) == 3 and all(_number(v) for v in point)
        if ok:
            x, y, v = (float(p) for p in point)
            ok = lo <= x <= hi and lo <= y <= hi and 0.0 <= v <= 1.0
        if not ok:
            raise InvalidInput(
                f"Landmark {i} is not [x, y, visibility] with x and y in the picture "
                f"({lo:g} to {hi:g}) and visibility 0 to 1.",
                hint="Send each landmark as fractions of the picture's width and height.",
            )
        points[i] = (x, y, v)
    xy = points[:, :2] * np.array(size, dtype=float)
    return PoseEstimate(xy, points[:, 2].copy()), size


def capture_time(value: Any) -> float:
    if not _number(value):
        raise InvalidInput(
            "A frame needs its capture time in seconds.",
            hint="Send the time the frame was captured, as a number of seconds.",
        )
    return float(value)


class LiveSet:
    """One set counted live, with the state after its last frame."""

    def __init__(self, exercise: str) -> None:
        self.exercise = live_exercise_key(exercise)
        self._counter = LiveCounter(self.exercise)
        self._lock = threading.Lock()
        self._last_t = -math.inf
        self.state: dict[str, Any] | None = None  # the last update (for a resumed connection)

    def push_frame(self, t: float, frame: PosedFrame) -> dict[str, Any] | None:
        """The update after a frame captured at ``t`` s (None: it came after a later one)."""
        return self._push(t, frame.pose, frame.size, frame.brightness, frame.someone_else)

    def push_landmarks(
        self, t: float, pose: PoseEstimate | None, size: tuple[int, int]
    ) -> dict[str, Any] | None:
        return self._push(t, pose, size, None, False)

    def finish(self) -> tuple[dict[str, Any] | None, int]:
        """The analysis of the whole set (None if counting never started) and its reps (the
        count shown, which never goes down)."""
        with self._lock:
            result = self._counter.finish()
            shown = int(self.state["reps"]) if self.state else 0
        reps = max(shown, result.rep_count if result is not None else 0)
        return (result.to_dict() if result is not None else None), reps

    def _push(
        self,
        t: float,
        pose: PoseEstimate | None,
        size: tuple[int, int],
        brightness: float | None,
        someone_else: bool,
    ) -> dict[str, Any] | None:
        with self._lock:
            if t <= self._last_t:
                return None  # frames overtaken by a later one are dropped, never counted
            self._last_t = t
            update = self._counter.push(t, pose, size, brightness=brightness,
                                        someone_else=someone_else)  # fmt: skip
            state = update.to_dict()
            state["reps_by_set"] = self._reps_by_set()
            self.state = state
        w, h = size
        points = None
        if pose is not None:
            points = [[round(float(x) / w, 4), round(float(y) / h, 4), round(float(v), 3)]
                      for (x, y), v in zip(pose.xy, pose.visibility, strict=True)]  # fmt: skip
        return {"capture_t": t, "landmarks": points, **state}

    def _reps_by_set(self) -> dict[str, int]:
        """Reps announced so far by foot and direction ("left", "left clockwise"; "" when the
        exercise is done with both feet at once), for a set done on one foot one way."""
        counts: Counter[str] = Counter()
        for event in self._counter.events:
            if event.kind == "rep" and event.rep is not None:
                words = [event.rep.get("side"), event.rep.get("direction")]
                counts[" ".join(w for w in words if w)] += 1
        return dict(counts)


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))  # fmt: skip


def _pixels(value: Any, name: str) -> int:
    lo, hi = SIZE_RANGE
    if not (_number(value) and lo <= value <= hi):
        raise InvalidInput(
            f"The picture's {name} must be {lo} to {hi} pixels.",
            hint="Send the width and height of the picture the landmarks were found in.",
            field=name,
        )
    return int(value)
