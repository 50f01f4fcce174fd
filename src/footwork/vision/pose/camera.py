"""Frames from a camera attached to this computer, for live coaching.

``iter_camera`` opens a camera by its number (0 is the first) and yields its pictures as RGB,
shrunk like a clip's frames (``max_side``), each with its capture time in seconds since the
first picture. A camera that cannot be opened is refused at once (``CameraUnavailable``);
one that stops sending pictures during a set raises ``CameraLost``, so the caller can keep
what was counted until then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator

import cv2
import numpy as np

from footwork.errors import MediaError
from footwork.vision.pose.video_io import Frame, _resized
from footwork.vision.quiet import native_stderr_silenced

_LOST_AFTER = 10  # this many failed reads in a row: the camera is gone (a hiccup is one or two)
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # ITU-R BT.601, as cameras encode


class CameraUnavailable(MediaError):
    """No camera with that number could be opened."""


class CameraLost(MediaError):
    """The camera stopped sending pictures."""


def iter_camera(
    index: int,
    *,
    max_side: int | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Generator[Frame, None, None]:
    """Yield the camera's pictures as RGB with their capture times (``clock`` seconds from
    the first picture) until the caller stops; ``Frame.index`` counts the pictures."""
    capture = _open(index)
    try:
        start: float | None = None
        failures, count = 0, 0
        while True:
            ok, bgr = capture.read()
            now = clock()
            if not ok or bgr is None:
                failures += 1
                if failures >= _LOST_AFTER:
                    raise CameraLost(
                        f"Camera {index} stopped sending pictures.",
                        hint="Check its cable or that no other program took it over, "
                        "then start again.",
                    )
                continue
            failures = 0
            start = now if start is None else start
            rgb = cv2.cvtColor(_resized(bgr, max_side), cv2.COLOR_BGR2RGB)
            yield Frame(index=count, time_s=now - start, rgb=rgb)
            count += 1
    finally:
        capture.release()


def _open(index: int) -> cv2.VideoCapture:
    with native_stderr_silenced():  # OpenCV prints its own warning for a missing camera
        capture = cv2.VideoCapture(index)
        opened = capture.isOpened()
    if not opened:
        capture.release()
        raise CameraUnavailable(
            f"Could not open camera {index}: there is no such camera, or another program "
            "is using it.",
            hint="Connect a camera (or close the program using it), allow this program to "
            "use it, and try again; 0 is the first camera, 1 the next.",
        )
    return capture


def mean_luma(rgb: np.ndarray) -> float:
    """Mean brightness of an RGB picture, 0–255 (a sample of its pixels is enough)."""
    sample = rgb[::4, ::4].reshape(-1, 3).astype(np.float32)
    return float((sample @ _LUMA).mean()) if sample.size else 0.0
