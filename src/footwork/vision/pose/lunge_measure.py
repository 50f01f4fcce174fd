"""Ankle dorsiflexion from a knee-to-wall lunge: the shin's inclination from vertical.

From a photo the one frame is measured. From a clip, the largest inclination is taken among
frames where that foot's heel is down: lifting the heel fakes a larger angle (science.md §7).
The heel check is the lunge-test analyser's (the heel's height against the toe of the same
foot, so sway and camera shake cancel); where the toe is never seen, the heel's own lowest
position in the clip is the floor instead. The
shin is the pose model's knee→ankle line, so this is a screening number with an expected
error of several degrees, not an inclinometer reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from footwork.errors import RetakeNeeded
from footwork.vision.pose.angles import inclination
from footwork.vision.pose.exercises.foot_tracks import shin_length_px
from footwork.vision.pose.exercises.lunge_test import facing_sign, front_leg, shin_angle
from footwork.vision.pose.exercises.lunge_test import heel_down as heel_down_against_toe
from footwork.vision.pose.exercises.thresholds import LungeThresholds
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import gate_by_visibility
from footwork.vision.pose.view import Measure, View, classify_view, unsupported_warning

MIN_VISIBILITY = 0.3  # knee and ankle must be at least this visible to be measured
SMOOTH_MIN_S = 2.0  # clips this long are smoothed like the lunge-test analyser's
HEEL_DOWN_TOLERANCE = 0.05  # × shin length, fallback without a toe: higher = lifted
_HINT = "Film or photograph from the side at shin height, with the whole leg and foot in view."


@dataclass(frozen=True)
class ShinMeasurement:
    side: str
    angle_deg: float
    frame: int  # index into the sequence
    time_s: float
    knee_xy: tuple[float, float]
    ankle_xy: tuple[float, float]
    view: str
    frames_used: int  # frames with the heel down that were candidates
    warnings: list[str] = field(default_factory=list)


def heel_down(seq: PoseSequence, side: str) -> np.ndarray:
    """(T,) True where ``side``'s heel is down in a lunge clip."""
    shin_px = shin_length_px(seq)
    if np.isfinite(shin_px) and shin_px > 0:
        facing = facing_sign(seq, shin_px)
        front = front_leg(seq, side, shin_px, facing)
        _, down = heel_down_against_toe(seq, side, shin_px, front, LungeThresholds())
        if down.any():
            return down
    return heel_near_floor(seq, side)


def heel_near_floor(seq: PoseSequence, side: str) -> np.ndarray:
    """(T,) True where ``side``'s heel is at most a small tolerance above its lowest point."""
    heel_y = seq.point(f"{side}_heel")[:, 1]
    shin = np.linalg.norm(seq.point(f"{side}_knee") - seq.point(f"{side}_ankle"), axis=1)
    if not np.isfinite(heel_y).any() or not np.isfinite(shin).any():
        return np.zeros(len(seq), dtype=bool)
    floor = np.nanpercentile(heel_y, 90)  # image y grows downward: the floor is the largest y
    with np.errstate(invalid="ignore"):
        return np.asarray(heel_y >= floor - HEEL_DOWN_TOLERANCE * np.nanmedian(shin))


def measure_shin_angle(seq: PoseSequence, side: str) -> ShinMeasurement:
    """The largest heel-down shin inclination of ``side``; RetakeNeeded if none can be read."""
    seen = np.minimum(seq.vis(f"{side}_knee"), seq.vis(f"{side}_ankle"))
    angles = gate_by_visibility(inclination(seq, f"{side}_shin"), seen, MIN_VISIBILITY)
    if seq.duration_s >= SMOOTH_MIN_S:
        angles = np.where(np.isfinite(angles), _smoothed_angles(seq, side), np.nan)
    usable = np.isfinite(angles)
    if len(seq) > 1:
        usable &= heel_down(seq, side)
    if not usable.any():
        raise RetakeNeeded(f"The {side} knee and ankle could not be seen clearly.", hint=_HINT)
    best = int(np.flatnonzero(usable)[np.argmax(_steady(angles)[usable])])
    view = classify_view(seq, max(0, best - 2), best + 3).view
    if view in (View.FRONT, View.REAR):
        raise RetakeNeeded(unsupported_warning(view, Measure.SHIN_ANGLE), hint=_HINT)
    knee, ankle = seq.point(f"{side}_knee")[best], seq.point(f"{side}_ankle")[best]
    return ShinMeasurement(
        side=side, angle_deg=float(_steady(angles)[best]), frame=best,
        time_s=float(seq.times[best]), knee_xy=(float(knee[0]), float(knee[1])),
        ankle_xy=(float(ankle[0]), float(ankle[1])), view=str(view),
        frames_used=int(usable.sum()), warnings=_warnings(view, len(seq)),
    )  # fmt: skip


def _smoothed_angles(seq: PoseSequence, side: str) -> np.ndarray:
    """The lunge-test analyser's shin angle: cleaned tracks, low-passed, so the maximum is not
    a peak of frame-to-frame jitter (which biases a raw maximum upward)."""
    shin_px = shin_length_px(seq)
    if not np.isfinite(shin_px) or shin_px <= 0:
        return np.full(len(seq), np.nan)
    angle = shin_angle(seq, side, shin_px, facing_sign(seq, shin_px), LungeThresholds())
    return np.abs(angle)


def _steady(angles: np.ndarray) -> np.ndarray:
    """Median of each angle with its neighbours, so a one-frame glitch is never the maximum."""
    if len(angles) < 3:
        return angles
    padded = np.concatenate([angles[:1], angles, angles[-1:]])
    stacked = np.stack([padded[:-2], padded[1:-1], padded[2:]])
    out = np.full(len(angles), np.nan)
    seen = np.isfinite(stacked).any(axis=0)
    out[seen] = np.nanmedian(stacked[:, seen], axis=0)
    return out


def _warnings(view: View, frames: int) -> list[str]:
    out = []
    if view is not View.SIDE:
        out.append(f"The camera was not square to the side ({view} view): the angle may be off.")
    if frames == 1:
        out.append("A photo cannot show that the heel stayed down; keep it on the floor.")
    return out
