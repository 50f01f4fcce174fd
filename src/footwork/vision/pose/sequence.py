"""One pose-sequence type that flows through the whole vision pipeline.

Whatever produced it (the pose model on a video, a landmark CSV from another tool, the motion
generator in ``footwork.synth``), downstream code sees the same arrays:

    xy          (T, 33, 2) float64, pixels, origin top-left, y down; NaN where not seen
    visibility  (T, 33) float64 in 0..1
    times       (T,) seconds from the start of the clip
    z           (T, 33) float64 or None (the model's relative depth, unused by measures)

Landmark order and names are BlazePose's 33 points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LANDMARK_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye_inner", "left_eye", "left_eye_outer",
    "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear",
    "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
    "left_pinky", "right_pinky",
    "left_index", "right_index",
    "left_thumb", "right_thumb",
    "left_hip", "right_hip",
    "left_knee", "right_knee",
    "left_ankle", "right_ankle",
    "left_heel", "right_heel",
    "left_foot_index", "right_foot_index",
)  # fmt: skip

LANDMARK_INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}
N_LANDMARKS = len(LANDMARK_NAMES)


@dataclass
class PoseSequence:
    xy: np.ndarray
    visibility: np.ndarray
    times: np.ndarray
    fps: float
    width: int
    height: int
    z: np.ndarray | None = None
    source: str = ""

    def __post_init__(self) -> None:
        t = len(self.times)
        if self.xy.shape != (t, N_LANDMARKS, 2):
            raise ValueError(f"xy must be ({t}, {N_LANDMARKS}, 2), got {self.xy.shape}")
        if self.visibility.shape != (t, N_LANDMARKS):
            raise ValueError(
                f"visibility must be ({t}, {N_LANDMARKS}), got {self.visibility.shape}"
            )
        if self.z is not None and self.z.shape != (t, N_LANDMARKS):
            raise ValueError(f"z must be ({t}, {N_LANDMARKS}), got {self.z.shape}")

    def __len__(self) -> int:
        return len(self.times)

    @property
    def duration_s(self) -> float:
        return float(self.times[-1] - self.times[0]) if len(self.times) else 0.0

    def point(self, name: str) -> np.ndarray:
        """(T, 2) pixel track of one landmark."""
        return self.xy[:, LANDMARK_INDEX[name], :]

    def vis(self, name: str) -> np.ndarray:
        """(T,) visibility of one landmark."""
        return self.visibility[:, LANDMARK_INDEX[name]]

    def slice(self, start: int, stop: int) -> PoseSequence:
        return PoseSequence(
            xy=self.xy[start:stop], visibility=self.visibility[start:stop],
            times=self.times[start:stop], fps=self.fps, width=self.width, height=self.height,
            z=None if self.z is None else self.z[start:stop], source=self.source,
        )  # fmt: skip
