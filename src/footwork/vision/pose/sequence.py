"""One pose-sequence type that flows through the whole vision pipeline.

Whatever produced it (the pose model on a video, a landmark CSV from another tool, the motion
generator in ``footwork.synth``), downstream code sees the same arrays:

    xy          (T, 33, 2) float64, pixels, origin top-left, y down; NaN where not seen
    visibility  (T, 33) float64 in 0..1
    times       (T,) seconds from the start of the clip
    z           (T, 33) float64 or None (the model's relative depth, unused by measures)

Landmark order and names are BlazePose's 33 points.

Sources are constructors: ``PoseSequence.from_clip`` (a pose model over a video),
``from_photo`` (one frame) and ``from_landmark_csv`` (a file written by footwork or another
tool). They import their readers when called, so importing this module stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the readers load video and image libraries: imported when used
    from footwork.vision.pose.estimator import PoseEstimator
    from footwork.vision.pose.extract import EstimatorSource, ExtractOptions

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

    @classmethod
    def from_clip(
        cls,
        path: Path,
        estimator: EstimatorSource,
        options: ExtractOptions | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> PoseSequence:
        """Run ``estimator`` over the video at ``path`` (``footwork.vision.pose.extract``:
        ``options`` default to about 7.5 analysed frames per second); ``progress`` receives
        (frames done, frames expected). Give a function that builds the estimator (e.g.
        ``MediaPipePose.from_installed_model``) to build it while the first frames decode;
        it is then closed at the end."""
        from footwork.vision.pose.extract import ExtractOptions, extract_pose

        chosen = ExtractOptions() if options is None else options
        return extract_pose(path, estimator, options=chosen, progress=progress)

    @classmethod
    def from_photo(cls, path: Path, estimator: PoseEstimator) -> PoseSequence:
        """A one-frame sequence from a photo; RetakeNeeded if nobody is found in it."""
        from footwork.vision.pose.extract import extract_photo_pose

        return extract_photo_pose(path, estimator)

    @classmethod
    def from_landmark_csv(cls, path: Path) -> PoseSequence:
        """Read a landmark CSV file (``footwork.vision.pose.landmark_csv``)."""
        from footwork.vision.pose.landmark_csv import read_landmark_csv

        return read_landmark_csv(path)

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
