"""One camera frame sent as a JPEG: checked by its content, decoded, and its brightness.

Live coaching receives frames a browser encoded; nothing here writes them anywhere.
"""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from footwork.errors import UnreadableMedia

JPEG_MAGIC = b"\xff\xd8\xff"  # every JPEG starts with a start-of-image marker, then a segment
MAX_SIDE_PX = 1920  # a frame bigger than a full-HD picture is not a downscaled camera frame


class CameraFrame(NamedTuple):
    rgb: np.ndarray  # (H, W, 3) uint8
    brightness: float  # mean luma 0-255 (ITU-R BT.601 weights, as cv2's grey conversion)

    @property
    def size(self) -> tuple[int, int]:
        return int(self.rgb.shape[1]), int(self.rgb.shape[0])


def is_jpeg(data: bytes) -> bool:
    return data[:3] == JPEG_MAGIC


def decode_jpeg(data: bytes) -> CameraFrame:
    """The frame in ``data`` (JPEG bytes); refuses anything else, or a picture too small or
    too large to be a camera frame."""
    if not is_jpeg(data):
        raise UnreadableMedia(
            "This camera frame is not a JPEG picture.",
            hint="Send each frame as a JPEG image.",
        )
    bgr = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise UnreadableMedia(
            "This camera frame could not be decoded (a damaged or cut-off JPEG).",
            hint="Send each frame as one whole JPEG image.",
        )
    h, w = bgr.shape[:2]
    if min(h, w) < 32 or max(h, w) > MAX_SIDE_PX:
        raise UnreadableMedia(
            f"This camera frame is {w}x{h} pixels; frames must be 32 to {MAX_SIDE_PX} "
            "pixels a side.",
            hint="Downscale each frame so its long side is about 480 pixels.",
        )
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    return CameraFrame(rgb, float(grey.mean()))
