"""What the pipeline needs from a pose model, so nothing downstream knows which one ran.

A ``PoseEstimator`` takes one RGB frame and returns the 33 BlazePose landmarks in pixels of
that frame with a visibility per landmark, or None when nobody is found.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

import numpy as np


class PoseEstimate(NamedTuple):
    xy: np.ndarray  # (33, 2) pixels of the frame given, origin top-left, y down
    visibility: np.ndarray  # (33,) 0..1


class PoseEstimator(Protocol):
    def estimate(self, frame_rgb: np.ndarray) -> PoseEstimate | None:
        """Landmarks of the one subject followed, or None if nobody is found."""
        ...

    def close(self) -> None:
        """Release the model."""
        ...
