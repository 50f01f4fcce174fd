"""Which way the camera looks at the person, and which measures that view can support.

The cue is the shoulder line seen against the torso: facing the camera (front) or facing
away (rear) the shoulders look about 0.65–0.8 torso lengths wide; from the side they
overlap (under ~0.2); in between is oblique (a camera 45° off the front sees ~0.53). The
sign tells front from rear: seen from the front, the person's left shoulder is on the right
of the picture.

    ratio = (left_shoulder_x − right_shoulder_x) / torso length
    front ≥ 0.6 ≥ oblique ≥ 0.22 ≥ side ≥ −0.22 ≥ oblique ≥ −0.6 ≥ rear

Knee and hip angles are true joint angles only from the side (the leg moves in the image
plane); knees-out (knee width against ankle width) only from the front or rear.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from footwork.vision.pose.sequence import PoseSequence

FRONT_RATIO = 0.6
SIDE_RATIO = 0.22


class View(StrEnum):
    FRONT = "front"
    REAR = "rear"
    SIDE = "side"
    OBLIQUE = "oblique"
    UNKNOWN = "unknown"


class Measure(StrEnum):
    JOINT_ANGLES = "knee and hip angles"
    KNEES_OUT = "knees-out"
    SHIN_ANGLE = "shin angle"
    HEEL_LIFT = "heel lift"


SUPPORTED_BY: dict[Measure, frozenset[View]] = {
    Measure.JOINT_ANGLES: frozenset({View.SIDE}),
    Measure.SHIN_ANGLE: frozenset({View.SIDE}),
    Measure.KNEES_OUT: frozenset({View.FRONT, View.REAR}),
    Measure.HEEL_LIFT: frozenset({View.SIDE}),
}

NEEDED_VIEW: dict[Measure, str] = {
    Measure.JOINT_ANGLES: "a side view (camera at hip height, square to the side)",
    Measure.SHIN_ANGLE: "a side view (camera at shin height, square to the side)",
    Measure.KNEES_OUT: "a front view (camera facing you at knee height)",
    Measure.HEEL_LIFT: "a side view with the feet in the picture",
}


@dataclass(frozen=True)
class ViewEstimate:
    view: View
    ratio: float  # median signed shoulder-width / torso-length ratio


def shoulder_ratio(seq: PoseSequence) -> np.ndarray:
    """(T,) signed shoulder width over torso length (NaN where the pose is missing)."""
    ls, rs = seq.point("left_shoulder"), seq.point("right_shoulder")
    lh, rh = seq.point("left_hip"), seq.point("right_hip")
    torso = np.linalg.norm((ls + rs) / 2 - (lh + rh) / 2, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (ls[:, 0] - rs[:, 0]) / torso
    ratio[~np.isfinite(ratio)] = np.nan
    return np.asarray(ratio)


def view_of_ratio(ratio: float) -> View:
    if not np.isfinite(ratio):
        return View.UNKNOWN
    if ratio >= FRONT_RATIO:
        return View.FRONT
    if ratio <= -FRONT_RATIO:
        return View.REAR
    if abs(ratio) <= SIDE_RATIO:
        return View.SIDE
    return View.OBLIQUE


def classify_view(seq: PoseSequence, start: int = 0, stop: int | None = None) -> ViewEstimate:
    """The camera view over frames ``start:stop`` (the whole sequence by default)."""
    ratio = shoulder_ratio(seq)[start:stop]
    if not np.isfinite(ratio).any():
        return ViewEstimate(View.UNKNOWN, float("nan"))
    med = float(np.nanmedian(ratio))
    return ViewEstimate(view_of_ratio(med), med)


def supports(view: View, measure: Measure) -> bool:
    return view in SUPPORTED_BY[measure]


def unsupported_warning(view: View, measure: Measure) -> str:
    """A sentence telling the user why a measure is missing and how to film it."""
    article = "an" if str(view)[0] in "aeiou" else "a"
    seen = (
        "the camera view could not be judged"
        if view is View.UNKNOWN
        else f"the clip is {article} {view} view"
    )
    return f"No {measure} measured: {seen}; this measure needs {NEEDED_VIEW[measure]}."
