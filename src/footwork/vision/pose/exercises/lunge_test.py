"""Knee-to-wall lunge test: the largest shin inclination per side with the heel down.

The measure is the **shin (tibial) inclination**: the angle of the knee→ankle line from the
image vertical, positive when the knee is ahead of the ankle (science.md §2 and §7; it is
what an inclinometer on the tibia reads, and Backman & Danielson's 36.5° cut-off is this
angle). It uses knee and ankle only; the foot points, the least reliable landmarks, serve
only to detect a heel lift and to tell which way the person faces.

The camera must see the person from the side (it assumes a level camera: a tilted phone
adds its tilt to the angle). Per side, frames count when:

* that leg is the front leg (its ankle ahead of the other ankle), and
* its heel is down: the heel has not risen against the toe of the same foot by more than
  ``heel_lift_shin`` shin lengths from its flat level, nor within ``heel_guard_s`` of doing so.

Each attempt is one excursion of the front shin's inclination above ``enter_deg``
(``footwork.vision.pose.reps.RepCounter``). Measures of one attempt:
``max_shin_angle_deg`` (heel down), ``max_shin_angle_any_deg`` (including heel-lift frames),
``heel_lift_s`` (time the heel was up).
"""

from __future__ import annotations

import numpy as np

from footwork.vision.pose.exercises.foot_tracks import clean_track, runs_of, shin_length_px
from footwork.vision.pose.exercises.thresholds import FOOT_CLEANING, LungeThresholds
from footwork.vision.pose.reps import Excursion, RepCounter
from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder, SideName
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import lowpass
from footwork.vision.pose.view import Measure, View, classify_view, unsupported_warning

SIDES: tuple[SideName, SideName] = ("left", "right")
_OTHER = {"left": "right", "right": "left"}


def facing_sign(seq: PoseSequence, shin_px: float) -> float:
    """+1 if the person faces image right (toes to the right of heels), -1 if left."""
    steps = []
    for side in SIDES:
        heel = clean_track(seq, f"{side}_heel", shin_px, FOOT_CLEANING)
        toe = clean_track(seq, f"{side}_foot_index", shin_px, FOOT_CLEANING)
        steps.append(toe[:, 0] - heel[:, 0])
    along = np.concatenate(steps)
    along = along[np.isfinite(along)]
    return 1.0 if along.size == 0 or np.median(along) >= 0 else -1.0


def shin_angle(
    seq: PoseSequence, side: str, shin_px: float, facing: float, th: LungeThresholds
) -> np.ndarray:
    """(T,) forward inclination of the shin from vertical, degrees, smoothed."""
    knee = clean_track(seq, f"{side}_knee", shin_px, FOOT_CLEANING)
    ankle = clean_track(seq, f"{side}_ankle", shin_px, FOOT_CLEANING)
    ahead = (knee[:, 0] - ankle[:, 0]) * facing
    angle = np.degrees(np.arctan2(ahead, ankle[:, 1] - knee[:, 1]))
    return lowpass(angle, seq.fps, th.smooth_hz)


def front_leg(seq: PoseSequence, side: str, shin_px: float, facing: float) -> np.ndarray:
    """(T,) True where this side's ankle is ahead of the other ankle."""
    mine = clean_track(seq, f"{side}_ankle", shin_px, FOOT_CLEANING)[:, 0]
    other = clean_track(seq, f"{_OTHER[side]}_ankle", shin_px, FOOT_CLEANING)[:, 0]
    with np.errstate(invalid="ignore"):
        return (mine - other) * facing > 0


def heel_down(
    seq: PoseSequence, side: str, shin_px: float, front: np.ndarray, th: LungeThresholds
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) heel rise above its flat level in shin lengths, and (T,) heel-down mask.

    The rise is measured against the toe of the same foot (it stays on the floor when the
    heel lifts), so camera shake and body sway cancel. Flat is the median over the frames
    where this foot is in front (its heel is down for most of the test).
    """
    cleaning = FOOT_CLEANING
    heel = clean_track(seq, f"{side}_heel", shin_px, cleaning)
    toe = clean_track(seq, f"{side}_foot_index", shin_px, cleaning)
    height = lowpass((toe[:, 1] - heel[:, 1]) / shin_px, seq.fps, th.smooth_hz)
    known = front & np.isfinite(height)
    flat = float(np.median(height[known])) if known.any() else 0.0
    rise = height - flat
    with np.errstate(invalid="ignore"):
        lifted = ~(rise <= th.heel_lift_shin)
    guard = round(th.heel_guard_s * seq.fps)
    for start, stop in runs_of(lifted):
        lifted[max(0, start - guard) : stop + guard] = True
    return rise, ~lifted


def analyze(seq: PoseSequence, th: LungeThresholds = LungeThresholds()) -> AnalysisResult:
    """Analyse a knee-to-wall lunge clip: best shin angle per side with the heel down."""
    view = classify_view(seq).view
    result = ResultBuilder(seq, exercise="lunge-test", view=str(view), per_side=True)
    counter = RepCounter(enter=th.enter_deg, exit=th.exit_deg, min_phase_s=th.min_phase_s)
    result.counted_on("shin_angle_deg", counter.levels)
    shin_px = shin_length_px(seq)
    if view is not View.SIDE:
        result.warnings.append(unsupported_warning(view, Measure.SHIN_ANGLE))
        return result.build()
    if not np.isfinite(shin_px) or shin_px <= 0:
        result.warnings.append("No shin angle measured: the legs were not found in the clip.")
        return result.build()
    facing = facing_sign(seq, shin_px)
    for side in SIDES:
        result.reps += _side_attempts(seq, side, shin_px, facing, th, counter, result.signals)
    return result.build(
        summarise=_summary, review=lambda reps, summary: _findings(reps, summary, th)
    )


def _side_attempts(
    seq: PoseSequence,
    side: SideName,
    shin_px: float,
    facing: float,
    th: LungeThresholds,
    counter: RepCounter,
    signals: dict[str, np.ndarray],
) -> list[Rep]:
    angle = shin_angle(seq, side, shin_px, facing, th)
    front = front_leg(seq, side, shin_px, facing)
    rise, down = heel_down(seq, side, shin_px, front, th)
    signals[f"{side}_shin_angle_deg"] = angle
    signals[f"{side}_heel_rise_shin"] = rise
    found = counter.count(angle, seq.times, valid=front)
    return [_attempt(seq, side, exc, angle, down) for exc in found]


def _attempt(
    seq: PoseSequence, side: SideName, exc: Excursion, angle: np.ndarray, down: np.ndarray
) -> Rep:
    span = slice(exc.start, exc.end + 1)
    values, usable = angle[span], down[span] & np.isfinite(angle[span])
    best = float(values[usable].max()) if usable.any() else float("nan")
    lifted_s = float(np.sum(~down[span])) / seq.fps
    return Rep(
        index=0,
        start_s=float(seq.times[exc.start]),
        end_s=float(seq.times[exc.end]),
        side=side,
        peak_s=float(seq.times[exc.peak]),
        measures={
            "max_shin_angle_deg": best,
            "max_shin_angle_any_deg": float(np.nanmax(values)),
            "heel_lift_s": lifted_s,
        },
    )


def _summary(reps: list[Rep]) -> dict[str, float]:
    out: dict[str, float] = {}
    for side in SIDES:
        values = [r.measures["max_shin_angle_deg"] for r in reps if r.side == side]
        values = [v for v in values if np.isfinite(v)]
        if values:
            out[f"max_shin_angle_deg_{side}"] = float(max(values))
    if len(out) == 2:
        out["left_minus_right_deg"] = (
            out["max_shin_angle_deg_left"] - out["max_shin_angle_deg_right"]
        )
    return out


def _findings(reps: list[Rep], summary: dict[str, float], th: LungeThresholds) -> list[Finding]:
    if not reps:
        return [
            Finding(
                "no-attempts",
                "No lunge toward the wall was seen. Film from the side, "
                "shin height, and drive the front knee forward over the toes.",
                "warn",
            )
        ]
    found: list[Finding] = []
    lifted = [r.index for r in reps if r.measures["heel_lift_s"] > 0]
    if lifted:
        found.append(
            Finding(
                "heel-lift",
                f"Attempts {', '.join(map(str, lifted))}: the front heel "
                "came up; only the moments with the heel down were measured.",
                "warn",
            )
        )
    for side in SIDES:
        best = summary.get(f"max_shin_angle_deg_{side}")
        if best is not None and best < th.cutoff_deg:
            found.append(
                Finding(
                    "below-cutoff",
                    f"{side.capitalize()} shin reached {best:.0f}°, "
                    f"under the {th.cutoff_deg}° screening level for ankle mobility.",
                    "info",
                )
            )
    diff = summary.get("left_minus_right_deg")
    if diff is not None and abs(diff) >= th.mdc_deg:
        found.append(
            Finding(
                "side-difference",
                f"Left and right differ by {abs(diff):.0f}°, more "
                f"than the {th.mdc_deg}° this test can tell apart from error.",
                "info",
            )
        )
    return found
