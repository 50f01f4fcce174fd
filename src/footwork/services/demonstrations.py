"""Moving demonstrations of the exercises: a stick figure driven by the same motion model the
video tests use (``footwork.synth.motion``), reduced to the joints a person needs to see and
sampled at a frame rate a browser can draw smoothly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

from footwork.errors import NotFound
from footwork.synth import motion
from footwork.synth.render import SyntheticClip
from footwork.vision.pose_sequence import LANDMARK_INDEX

FPS = 15.0
MARGIN_PX = 30.0
LEAD_IN_S = 1.0
_LIMBS = (
    ("shoulder", "elbow"), ("elbow", "wrist"), ("shoulder", "hip"), ("hip", "knee"),
    ("knee", "ankle"), ("ankle", "heel"), ("heel", "foot_index"), ("ankle", "foot_index"),
)  # fmt: skip
JOINTS: tuple[str, ...] = (
    "nose",
    *(f"{side}_{part}" for side in ("left", "right")
      for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot_index")),
)  # fmt: skip


@dataclass(frozen=True)
class Demonstration:
    exercise: str
    caption: str
    fps: float
    box: tuple[float, float, float, float]  # x, y, width, height of the figure's whole path
    joints: tuple[str, ...]
    bones: list[tuple[int, int, str]]  # joint indices and "left" / "right" / "centre"
    frames: list[list[list[float]]]  # frame → joint → [x, y] in image pixels


_CLIPS: dict[str, tuple[str, Callable[[], SyntheticClip]]] = {
    "outward-roll": (
        "Filmed from the front: each foot in turn steps forward, heel up, and rolls onto its "
        "outer edge, holds, and rolls back.",
        lambda: motion.outward_roll(("left", "right"), 2, roll_deg=30.0, pauses_s=(3.0,)),
    ),
    "heel-circle": (
        "Filmed from behind: the rear foot is up on its folded toes and the heel draws slow "
        "circles, first one way, then the other.",
        lambda: motion.heel_circle(
            (("left", "clockwise", 2), ("left", "counter-clockwise", 2)),
            radius_m=0.06,
            seconds_per_circle=3.0,
        ),
    ),
    "banded-squat": (
        "Filmed from the front: feet wide and parallel, knees pushed out against the band, "
        "a slow squat down and back up.",
        lambda: motion.squat(3, depth=0.8, knees_out=0.6, tempo=motion.Tempo(3.0, 1.0, 2.0, 1.0)),
    ),
}


@cache
def demonstration(exercise: str) -> Demonstration:
    """The demonstration of one exercise (made once per process; the model is seeded)."""
    if exercise not in _CLIPS:
        raise NotFound(f"There is no demonstration of {exercise!r}.")
    caption, make = _CLIPS[exercise]
    clip = make()
    index = [LANDMARK_INDEX[j] for j in JOINTS]
    xy = _reps_only(clip)[:: max(1, round(clip.seq.fps / FPS)), index, :]
    return Demonstration(
        exercise=exercise, caption=caption, fps=FPS, box=_box(xy), joints=JOINTS,
        bones=_bones(), frames=np.round(xy, 1).tolist(),
    )  # fmt: skip


def _reps_only(clip: SyntheticClip) -> np.ndarray:
    """The frames from just before the first rep to just after the last (no walking in)."""
    reps = clip.truth.reps
    start = max(0.0, reps[0].start_s - LEAD_IN_S)
    end = reps[-1].end_s + LEAD_IN_S / 2
    keep = (clip.seq.times >= start) & (clip.seq.times <= end)
    return clip.clean_xy[keep]


def _box(xy: np.ndarray) -> tuple[float, float, float, float]:
    lo = np.nanmin(xy, axis=(0, 1)) - MARGIN_PX
    hi = np.nanmax(xy, axis=(0, 1)) + MARGIN_PX
    return float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1])


def _bones() -> list[tuple[int, int, str]]:
    at = {name: i for i, name in enumerate(JOINTS)}
    bones = [(at[f"{s}_{a}"], at[f"{s}_{b}"], s) for s in ("left", "right") for a, b in _LIMBS]
    bones += [(at["left_shoulder"], at["right_shoulder"], "centre"),
              (at["left_hip"], at["right_hip"], "centre")]  # fmt: skip
    return bones
