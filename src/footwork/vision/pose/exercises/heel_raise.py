"""Heel raise (calf raise): count full raises and time each one.

The cue is how high each heel and ankle stand above the floor under the same foot, in shin
lengths: when the heels leave the floor the heel and the ankle rise while the ball of the
foot (the toe landmark) stays down. The heel rises most (the whole foot is the lever), the
ankle a little less; their mean is steadier than either. Both feet must rise (the lower one
counts): walking lifts one heel at a time and so never looks like a raise.

The floor under each foot is the toe's height smoothed over about a second (a rolling
median): the ball of the foot does not move during a raise, so this removes the toe's
frame-to-frame jitter (the weak point of the toe landmark, worst at 45°) without
following the raise.

Only stretches where both feet stay planted are read. "Planted" is judged on the smoothed
toe positions, with a tolerance that scales with the foot's size in the image, so one
toe's jitter does not reject a rep, while stepping or walking off does.
"Flat" is found separately in each planted stretch, by a lower envelope of the height (its
lowest value in the seconds before and after), so the flat level after a turn (the foot
seen from its other side) is not mixed with the one before, and the person walking off at
the end never sets the scale of the count.

A raise also lifts the body: the hips go up with the heels (or at least not down). A squat
or a lunge moves the ankle over the toe too (the shin tips forward) but drops the hips, so
a "raise" during which the hips sink is not counted.

Measures of one rep: ``rise`` (heel rise at the top, shin lengths), ``up_s``, ``top_s``
(time held within 5% of the top: the pause), ``down_s``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from footwork.vision.pose.reps import Excursion, RepCounter, ScaledLevels, excursion_phase_times
from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import (
    fill_short_gaps,
    finite_runs,
    lowpass,
    reject_outliers,
    rolling_median,
)
from footwork.vision.pose.view import classify_view

SIDES = ("left", "right")
_BODY_SMOOTH_S = 0.3  # rolling median on hip and knee tracks: removes one-frame jitter


@dataclass(frozen=True)
class RaiseCounting:
    """The numbers behind heel-raise counting (heights in shin lengths unless stated)."""

    # A foot point the model gives below this visibility is a guess (a foot out of the
    # picture or hidden behind the other); it is not used.
    min_visibility: float = 0.2
    # The floor under a foot: the toe's height, rolling median over this window. Longer
    # than a frame's jitter burst, shorter than a stance (a turn re-finds it within it).
    floor_window_s: float = 1.0
    # Flat is the lowest height within this time before and after (a raise lasts 1-4 s).
    flat_window_s: float = 6.0
    outlier_window_s: float = 0.8
    outlier_rise: float = 0.2  # a one-off jump this large is a tracking glitch
    max_gap_s: float = 0.5
    cutoff_hz: float = 2.0
    # Enter at 35% of the clip's highest rise, exit at 20% of it: the rise seen depends on
    # the view of the feet, and differs by up to 2x between the two sides of a person who
    # turns round mid-set (measured on a real side-view set), so the raises seen from the
    # weaker side must still reach it. A rise under 0.06 (~2.5 cm for a 40 cm shin) is
    # noise or a sway whatever the clip's largest.
    levels: ScaledLevels = field(
        default=ScaledLevels(enter_fraction=0.35, exit_fraction=0.2, min_enter=0.06, min_exit=0.03)
    )
    min_phase_s: float = 0.3
    short_top_s: float = 0.5  # hold the top at least this long
    # The foot's size in the image: the larger of its heel-to-toe length as seen and this
    # fraction of the shin (foot 0.152 × height, shin 0.246 × height: Drillis & Contini,
    # tabulated by Winter), so a foot seen end-on (front or rear view) is not taken as tiny.
    foot_per_shin: float = 0.62
    # Planted: within ``planted_window_s`` each smoothed toe stays within this many foot
    # sizes. The toe landmark itself shifts by up to ~0.3 foot at the top of a raise seen
    # from some sides (measured on real side-view raises: the model places the toe
    # differently once the heel is up); a step or walking moves it by a foot or more.
    # Trades: a turn on the spot or a small shuffle may stay under it; that is harmless,
    # as flat is taken from both sides of each moment (see ``_rise_in_stances``).
    planted_feet: float = 0.6
    planted_window_s: float = 1.0
    # The smoothing of the toe track used for "planted" (a rolling median; kills one-frame
    # and few-frame jitter of one toe).
    toe_smooth_s: float = 0.5
    # A rep during which the hips end up lower than at its start by more than this (shin
    # lengths) at the top is a knee bend (squat, lunge), not a heel raise. A raise lifts
    # the hips by about the heel rise; the margin absorbs a sway of the trunk.
    max_hip_drop: float = 0.05
    # A raise keeps the knees' bend (straight or bent, as the drill asks): their angle moves
    # by a few degrees (3-8° measured on real side-view raises, mostly 2-D jitter). Rising
    # out of a squat, a lunge or a knee-over-toe rock changes it by 20° or more.
    max_knee_change_deg: float = 15.0


def rise_trace(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> np.ndarray:
    """(T,) heel rise above flat, in shin lengths, of the lower of the two feet.

    NaN where the feet are not seen or are not planted (a step, a turn, walking).
    """
    shin = _shin(seq)
    if not np.isfinite(shin):
        return np.full(len(seq), np.nan)
    heights = [_foot_height(seq, side, shin, params) for side in SIDES]
    usable = planted_mask(seq, params) & np.isfinite(heights[0]) & np.isfinite(heights[1])
    rises = [_rise_in_stances(np.where(usable, h, np.nan), seq.times, params) for h in heights]
    return np.fmin(rises[0], rises[1])


def rise_so_far(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> np.ndarray:
    """(T,) the heel rise as a live view sees it: like ``rise_trace``, with flat taken only
    from the ``flat_window_s`` before each moment (the moments after it are not known yet).
    Used to show the phase of the raise under way; counting uses ``rise_trace``."""
    shin = _shin(seq)
    if not np.isfinite(shin):
        return np.full(len(seq), np.nan)
    heights = [_foot_height(seq, side, shin, params) for side in SIDES]
    usable = planted_mask(seq, params) & np.isfinite(heights[0]) & np.isfinite(heights[1])
    rises = []
    for h in heights:
        part = np.where(usable, h, np.nan)
        back = np.searchsorted(seq.times, seq.times - params.flat_window_s, side="left")
        flat = np.array([_lowest(part[back[i] : i + 1]) for i in range(len(part))])
        rises.append(np.clip(part - flat, 0.0, None))
    return np.fmin(rises[0], rises[1])


def _lowest(values: np.ndarray) -> float:
    known = values[np.isfinite(values)]
    return float(known.min()) if known.size else float("nan")


def _rise_in_stances(height: np.ndarray, times: np.ndarray, params: RaiseCounting) -> np.ndarray:
    """Height above flat, flat found separately in each unbroken planted stretch.

    Flat at a moment is the larger of the lowest height in the ``flat_window_s`` before it
    and the lowest in the ``flat_window_s`` after it, both inside the stretch: a raise is
    bracketed by flat feet on both sides, and a change of the flat level (a turn, a zoom)
    only affects one side. Near the ends of a stretch the window is simply shorter, so a
    stretch cut off at the top of a raise reads as flat there and is not counted.
    """
    out = np.full(len(height), np.nan)
    for start, stop in finite_runs(height):
        part, t = height[start:stop], times[start:stop]
        back = np.searchsorted(t, t - params.flat_window_s, side="left")
        ahead = np.searchsorted(t, t + params.flat_window_s, side="right")
        flat = np.array(
            [max(part[back[i] : i + 1].min(), part[i : ahead[i]].min()) for i in range(len(t))]
        )
        out[start:stop] = np.clip(part - flat, 0.0, None)
    return out


def _foot_height(seq: PoseSequence, side: str, shin: float, params: RaiseCounting) -> np.ndarray:
    """(T,) mean height of the heel and the ankle above the floor under the foot (shin
    lengths), cleaned of glitches and smoothed; NaN where the foot is not seen."""
    heel, ankle = _seen(seq, f"{side}_heel", params), _seen(seq, f"{side}_ankle", params)
    toe = _seen(seq, f"{side}_foot_index", params)
    floor = rolling_median(toe[:, 1], seq.times, params.floor_window_s)
    height = (floor - (heel[:, 1] + ankle[:, 1]) / 2) / shin
    height = reject_outliers(
        height, seq.times, window_s=params.outlier_window_s, max_deviation=params.outlier_rise
    )
    height = fill_short_gaps(height, seq.times, params.max_gap_s)
    return lowpass(height, seq.fps, params.cutoff_hz)


def _seen(seq: PoseSequence, name: str, params: RaiseCounting) -> np.ndarray:
    """(T, 2) track of a landmark, NaN where it is out of the picture or barely visible."""
    xy = np.array(seq.point(name), dtype=float, copy=True)
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < seq.width) & (xy[:, 1] >= 0) & (xy[:, 1] < seq.height)
    xy[~inside | (seq.vis(name) < params.min_visibility)] = np.nan
    return xy


def feet_seen(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> np.ndarray:
    """(T,) True where both feet (heel, ankle and toe each) are in the picture and seen."""
    ok = np.ones(len(seq), dtype=bool)
    for side in SIDES:
        for part in ("heel", "ankle", "foot_index"):
            ok &= np.isfinite(_seen(seq, f"{side}_{part}", params)[:, 0])
    return ok


def foot_size(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> float:
    """A foot's size in the image (px): its median heel-to-toe length as seen, or the shin
    ruler (``foot_per_shin``) when the foot is seen end-on and looks shorter."""
    lengths = [
        np.linalg.norm(
            _seen(seq, f"{s}_foot_index", params) - _seen(seq, f"{s}_heel", params), axis=1
        )
        for s in SIDES
    ]
    seen = np.concatenate(lengths)
    apparent = float(np.nanmedian(seen)) if np.isfinite(seen).any() else 0.0
    return max(apparent, params.foot_per_shin * _shin(seq))


def planted_mask(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> np.ndarray:
    """(T,) True where each smoothed toe stays within ``planted_feet`` foot sizes over the
    ``planted_window_s`` around that moment (both feet planted)."""
    limit = params.planted_feet * foot_size(seq, params)
    half = params.planted_window_s / 2
    lo = np.searchsorted(seq.times, seq.times - half, side="left")
    hi = np.searchsorted(seq.times, seq.times + half, side="right")
    ok = np.ones(len(seq), dtype=bool)
    for side in SIDES:
        toe = _seen(seq, f"{side}_foot_index", params)
        smooth = np.stack(
            [rolling_median(toe[:, k], seq.times, params.toe_smooth_s) for k in (0, 1)], axis=1
        )
        for i in range(len(seq)):
            window = smooth[lo[i] : hi[i]]
            window = window[np.isfinite(window[:, 0])]
            if window.size == 0 or (np.ptp(window, axis=0) > limit).any():
                ok[i] = False
    return ok


def _shin(seq: PoseSequence) -> float:
    lengths = _shin_lengths(seq)
    return float(np.nanmedian(lengths)) if np.isfinite(lengths).any() else float("nan")


def _shin_lengths(seq: PoseSequence) -> np.ndarray:
    both = [np.linalg.norm(seq.point(f"{s}_knee") - seq.point(f"{s}_ankle"), axis=1)
            for s in SIDES]  # fmt: skip
    return np.asarray((both[0] + both[1]) / 2)


@dataclass(frozen=True)
class _Body:
    """Smoothed tracks the "did the body rise with the heels" check reads (whole clip)."""

    knee_angle: np.ndarray  # (T,) degrees, mean of both legs
    lift_y: np.ndarray  # (T,) px, mean hip height in the image (the knees' if no hips)
    shin: float

    @classmethod
    def of(cls, seq: PoseSequence) -> _Body:
        hips = _mean_y(seq, "hip")
        lift = hips if np.isfinite(hips).any() else _mean_y(seq, "knee")
        return cls(_smooth(_knee_angle(seq), seq.times), _smooth(lift, seq.times), _shin(seq))


def body_rose(body: _Body, exc: Excursion, params: RaiseCounting = RaiseCounting()) -> bool:
    """True if the body rose with the heels: the hips (the knees when the hips are not seen)
    are not lower at the top than at the start by more than ``max_hip_drop`` shin lengths,
    and the knees kept their bend (changed by at most ``max_knee_change_deg``)."""
    knee = body.knee_angle[exc.start : exc.end + 1]
    if np.isfinite(knee).any() and np.nanmax(knee) - np.nanmin(knee) > params.max_knee_change_deg:
        return False
    start, top = body.lift_y[exc.start], body.lift_y[exc.peak]
    if np.isfinite(start) and np.isfinite(top):
        return bool((top - start) / body.shin <= params.max_hip_drop)  # image y grows down
    return True


def _smooth(values: np.ndarray, times: np.ndarray) -> np.ndarray:
    return rolling_median(values, times, _BODY_SMOOTH_S)


def _mean_y(seq: PoseSequence, joint: str) -> np.ndarray:
    left, right = (seq.point(f"{s}_{joint}")[:, 1] for s in SIDES)
    return np.where(
        np.isfinite(left) & np.isfinite(right), (left + right) / 2, np.fmax(left, right)
    )


def _knee_angle(seq: PoseSequence) -> np.ndarray:
    """(T,) mean knee angle of both legs (degrees, 180 = straight); NaN where unknown."""
    angles = []
    for s in SIDES:
        hip, knee, ankle = (seq.point(f"{s}_{j}") for j in ("hip", "knee", "ankle"))
        up, down = hip - knee, ankle - knee
        norms = np.linalg.norm(up, axis=1) * np.linalg.norm(down, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            cos = np.sum(up * down, axis=1) / norms
        angles.append(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))
    left, right = angles
    return np.where(
        np.isfinite(left) & np.isfinite(right), (left + right) / 2, np.fmax(left, right)
    )


def count_raises(
    seq: PoseSequence, params: RaiseCounting = RaiseCounting()
) -> tuple[list[Excursion], np.ndarray, RepCounter]:
    """Full heel raises, the rise trace and the counter (its levels fitted to this clip)."""
    rise = rise_trace(seq, params)
    counter = RepCounter.scaled(rise, params.levels, min_phase_s=params.min_phase_s)
    found = counter.count(rise, seq.times)
    body = _Body.of(seq) if found else None
    reps = [exc for exc in found if body is not None and body_rose(body, exc, params)]
    return reps, rise, counter


def analyze(seq: PoseSequence) -> AnalysisResult:
    """Analyse a heel-raise clip."""
    params = RaiseCounting()
    excursions, rise, counter = count_raises(seq, params)
    result = ResultBuilder(seq, exercise="heel-raise", view=str(classify_view(seq).view))
    result.warnings = _quality_warnings(seq, rise, params)
    if legs_only(seq):  # the landmarks of an invented body: no count is better than a wrong one
        excursions = []
    result.reps = [_rep(seq, exc, rise) for exc in excursions]
    result.signals["rise"] = rise
    result.counted_on("rise", counter.levels)
    return result.build(summarise=_summary, review=lambda reps, _: _findings(reps, params))


def _summary(reps: list[Rep]) -> dict[str, float]:
    if not reps:
        return {}
    return {f"mean_{k}": float(np.mean([r.measures[k] for r in reps]))
            for k in ("rise", "up_s", "top_s", "down_s")}  # fmt: skip


def _findings(reps: list[Rep], params: RaiseCounting) -> list[Finding]:
    return [
        Finding(
            "short-top",
            f"Rep {r.index}: hold the top a moment ({params.short_top_s:.1f} s).",
            rep=r.index,
        )
        for r in reps
        if r.measures["top_s"] < params.short_top_s
    ]


def _rep(seq: PoseSequence, exc: Excursion, rise: np.ndarray) -> Rep:
    up_s, top_s, down_s, _ = excursion_phase_times(exc, rise, seq.times, fraction=0.95)
    measures = {"rise": float(rise[exc.peak]), "up_s": up_s, "top_s": top_s, "down_s": down_s}
    return Rep(index=0, start_s=float(seq.times[exc.start]), end_s=float(seq.times[exc.end]),
               peak_s=float(seq.times[exc.peak]), measures=measures)  # fmt: skip


@dataclass(frozen=True)
class Framing:
    """When a clip cannot show heel raises at all, and why."""

    # Standing, shoulders-to-hips is ~0.29 and hips-to-ankles ~0.49 of the height (Drillis &
    # Contini): a ratio near 0.6 from any view at about hip height, 0.4 with the camera low.
    # Under half of that, the "shoulders" were squeezed into the legs: the model invented an
    # upper body for legs it saw without one.
    min_torso_per_leg: float = 0.3
    # Frames with a pose, among all: below this the person was mostly not found.
    min_found_fraction: float = 0.5
    # The feet count as seen only in a run of frames at least this long: a stray frame or two
    # where the model places a foot inside the picture is a guess, and a raise (up and down,
    # each at least ``RaiseCounting.min_phase_s``) cannot fit in less anyway.
    min_feet_seen_s: float = 0.5


LEGS_ONLY = (
    "Only the lower legs seem to be in the picture: the pose model finds a person by the "
    "head, shoulders and hips, so it found nobody in {missing:.0%} of the clip, and where it "
    "did, it squeezed a whole body into the legs. Heel raises cannot be counted from this "
    "clip. Film from further back (2-3 m) so the whole body, head to feet, is in the picture; "
    "from the side or from behind, with the camera at about knee height."
)
FEET_NEVER_SEEN = (
    "The feet are never seen in this clip (out of the picture or hidden; at most in a stray "
    "frame), so heel raises "
    "cannot be counted. Film the whole body with the feet and the floor in the picture, "
    "from the side or from behind, with the camera at about knee height."
)
NOBODY = (
    "Nobody was found in the clip. The pose model finds a person by the head, shoulders "
    "and hips: if only the legs were filmed, it sees nobody. Film the whole body, head to "
    "feet, from 2-3 m away, from the side or from behind."
)


def legs_only(seq: PoseSequence, framing: Framing = Framing()) -> bool:
    """True when the poses found look like a body invented for legs seen alone: the torso is
    implausibly short next to the legs and the person was mostly not found."""
    found = np.isfinite(seq.xy[:, :, 1]).any(axis=1)
    if not found.any() or found.mean() >= framing.min_found_fraction:
        return False
    shoulders, hips, ankles = (_mean_y(seq, j)[found] for j in ("shoulder", "hip", "ankle"))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (hips - shoulders) / (ankles - hips)
    ratio = ratio[np.isfinite(ratio)]
    return bool(ratio.size) and float(np.median(ratio)) < framing.min_torso_per_leg


def _longest_run_s(flags: np.ndarray, times: np.ndarray) -> float:
    """Duration of the longest run of True in ``flags`` (one frame lasts 1/fps)."""
    runs = finite_runs(np.where(flags, 1.0, np.nan))
    step = float(np.median(np.diff(times))) if len(times) > 1 else 0.0
    return max((float(times[b - 1] - times[a]) + step for a, b in runs), default=0.0)


def _quality_warnings(seq: PoseSequence, rise: np.ndarray, params: RaiseCounting) -> list[str]:
    found = np.isfinite(seq.xy[:, :, 1]).any(axis=1)
    if not found.any():
        return [NOBODY]
    if legs_only(seq):
        return [LEGS_ONLY.format(missing=1.0 - float(found.mean()))]
    if _longest_run_s(feet_seen(seq, params), seq.times) < Framing().min_feet_seen_s:
        return [FEET_NEVER_SEEN]
    if not np.isfinite(rise).any():
        return [
            "Both feet were never seen standing still together, so no heel raise could be "
            "read. Stand with both feet planted and in the picture for the whole set."
        ]
    return []
