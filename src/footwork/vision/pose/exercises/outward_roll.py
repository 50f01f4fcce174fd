"""Outward roll: reps per foot, how far the foot rolled, and the pause at end range.

Seen from the front or from behind, rolling a foot onto its outer edge tips the ankle
outward over the foot: the line from the middle of the foot (between heel and toe points)
up to the ankle leans away from the body. Its lean from the image vertical, in degrees,
is the **foot tilt**, positive outward. For a foot standing on its sole the tilt is about
constant; a low percentile of it over a few seconds is taken as flat, and the **roll** is
the tilt above flat. Only frames where the person stands in place, facing toward or away from
the camera, count. It is a proxy: it tracks the inversion angle of the foot (about 0.8 of it for
a typical foot) but is not a goniometer reading.

A rep is one excursion of the smoothed roll above ``enter_deg`` and back toward flat, per
foot (``count_rolls``: back below ``exit_deg``, or most of the way back, so rolls done to
and fro without a pause or a rest count one each). Each rep is then fitted with a
roll-out, hold, roll-back shape (``fit_roll_shape``): the **pause** is the fitted hold, the
time the foot stays at end range. A rep whose fitted roll stays under ``enter_deg`` was a
jitter peak of the smoothed trace and is dropped. A foot whose set had no pause (the
median pause of its reps under ``no_pause_s``) is told so once; other reps held under
``min_pause_s`` are named as short pauses.

Measures of one rep: ``roll_deg`` (the fitted roll at end range), ``pause_s``, ``out_s``
(rolling out), ``back_s`` (rolling back).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from footwork.vision.pose.exercises.feedback import flag_reps
from footwork.vision.pose.exercises.foot_tracks import clean_track, runs_of, shin_length_px
from footwork.vision.pose.exercises.thresholds import FOOT_CLEANING, OutwardRollThresholds
from footwork.vision.pose.reps import Excursion, RepCounter
from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder, SideName
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import fill_short_gaps, lowpass
from footwork.vision.pose.view import View, classify_view, shoulder_ratio

SIDES: tuple[SideName, SideName] = ("left", "right")
_OTHER = {"left": "right", "right": "left"}


def foot_tilt(seq: PoseSequence, side: str, shin_px: float) -> np.ndarray:
    """(T,) lean of the foot-middle→ankle line from vertical, degrees, positive outward.

    The sideways offset of the ankle is taken per frame; the height of the ankle above the
    foot middle is its median over the clip (it hardly changes while rolling, and a per-frame
    height from two jittery foot points would add their jitter twice).
    """
    ankle = clean_track(seq, f"{side}_ankle", shin_px, FOOT_CLEANING)
    heel = clean_track(seq, f"{side}_heel", shin_px, FOOT_CLEANING)
    toe = clean_track(seq, f"{side}_foot_index", shin_px, FOOT_CLEANING)
    middle = (heel + toe) / 2
    rise = middle[:, 1] - ankle[:, 1]
    if not np.isfinite(rise).any():
        return np.full(len(seq), np.nan)
    lever = max(float(np.nanmedian(rise)), 1.0)
    offset = (ankle[:, 0] - middle[:, 0]) * _outward_sign(seq, side)
    return np.degrees(np.arctan2(offset, lever))


def _outward_sign(seq: PoseSequence, side: str) -> float:
    """+1 if this side's outward direction is image right, -1 if image left."""
    apart = seq.point(f"{side}_hip")[:, 0] - seq.point(f"{_OTHER[side]}_hip")[:, 0]
    apart = apart[np.isfinite(apart)]
    return 1.0 if apart.size == 0 or np.median(apart) >= 0 else -1.0


def roll_traces(
    seq: PoseSequence, side: str, shin_px: float, th: OutwardRollThresholds, settled: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) roll of one foot above its flat tilt, degrees: (smooth, detailed).

    Flat is a low percentile (``flat_percentile``) of the smooth tilt within ``flat_window_s``
    before and after: a foot's flat tilt shifts a little when it moves from the back to the
    front of the stance, and the window follows it. (The lowest value would be the deepest
    jitter dip, which lifts every rest above flat by a few degrees.) The smooth trace (below
    ``smooth_hz``) is for counting; the detailed one (foot points cleaned only) is for
    fitting each rep's shape. Frames outside a ``settled`` stance are left out (NaN).
    """
    tilt = np.where(settled, foot_tilt(seq, side, shin_px), np.nan)
    if not np.isfinite(tilt).any():
        return tilt, tilt
    smooth = lowpass(tilt, seq.fps, th.smooth_hz)
    flat = _rolling_low(smooth, seq.fps, th.flat_window_s, th.flat_percentile)
    return smooth - flat, tilt - flat


def _rolling_low(values: np.ndarray, fps: float, half_window_s: float, q: float) -> np.ndarray:
    """The ``q``-th percentile of the known values within ``half_window_s`` either side.

    Worked out four times a second and interpolated between (it changes slowly); NaN where
    no value is known in the window.
    """
    n = len(values)
    half = max(1, round(half_window_s * fps))
    centres = np.unique(np.r_[np.arange(0, n, max(1, round(fps / 4))), n - 1])
    lows = np.full(len(centres), np.nan)
    for k, c in enumerate(centres):
        window = values[max(0, c - half) : c + half + 1]
        window = window[np.isfinite(window)]
        if window.size:
            lows[k] = np.percentile(window, q)
    known = np.isfinite(lows)
    if not known.any():
        return np.full(n, np.nan)
    return np.interp(np.arange(n), centres[known], lows[known])


def settled_stance(seq: PoseSequence, shin_px: float, th: OutwardRollThresholds) -> np.ndarray:
    """(T,) True where the person stands in place facing toward or away from the camera.

    Facing: shoulders wide in the image (short losses bridged from the frames around them).
    In place: both ankles slower than ``max_step_speed_shin_s``. Each stretch counts only
    after ``settle_s``, which keeps walking in, turning and stepping into the stance out.
    """
    ratio = fill_short_gaps(np.abs(shoulder_ratio(seq)), seq.times, FOOT_CLEANING.max_gap_s)
    with np.errstate(invalid="ignore"):
        ok = ratio >= th.min_facing_ratio
        for side in SIDES:
            ankle = clean_track(seq, f"{side}_ankle", shin_px, FOOT_CLEANING)
            speed = np.hypot(
                np.gradient(ankle[:, 0], seq.times), np.gradient(ankle[:, 1], seq.times)
            )
            ok &= ~(speed > th.max_step_speed_shin_s * shin_px)
    settle = round(th.settle_s * seq.fps)
    for start, _ in runs_of(ok):
        ok[start : start + settle] = False
    return ok


def count_rolls(
    roll: np.ndarray, times: np.ndarray, valid: np.ndarray, th: OutwardRollThresholds
) -> list[Excursion]:
    """Rolls of one foot in its smooth roll trace: out past ``enter_deg``, back toward flat.

    The shared ``RepCounter`` (hysteresis, each phase at least ``min_phase_s``, a roll cut
    off by the end of the clip or a lost stretch not counted) with ``return_fraction``: a
    roll is back once the foot has come that fraction of the way back, and the next starts
    only when the foot rolls out past ``enter_deg`` and past the lowest point since, divided
    by ``1 - return_fraction``. Rolls done to and fro without a rest (no pause, no flat time
    between them) only touch flat for an instant, which smoothing lifts to a few degrees;
    this counts them one per roll. The trade-off is in
    ``OutwardRollThresholds.return_fraction``.
    """
    counter = RepCounter(enter=th.enter_deg, exit=th.exit_deg, min_phase_s=th.min_phase_s,
                         return_fraction=th.return_fraction)  # fmt: skip
    return counter.count(roll, times, valid)


@dataclass(frozen=True)
class RollShape:
    """One rep seen as: roll out, hold, roll back (times in seconds, roll in degrees)."""

    out_start: float
    hold_start: float
    hold_end: float
    back_end: float
    amount: float

    @property
    def pause_s(self) -> float:
        return self.hold_end - self.hold_start


def fit_roll_shape(
    roll: np.ndarray,
    times: np.ndarray,
    exc: Excursion,
    th: OutwardRollThresholds,
    limits: tuple[int, int] | None = None,
) -> RollShape | None:
    """Fit a roll-out, hold, roll-back shape to one rep by robust least squares.

    Each roll is a smooth ramp (a speed-up, an even middle and a slow-down, see
    ``ramp_accel``); the hold between them is the pause. Fitting the whole rep at once uses every
    frame, so the pause is found even when frame-to-frame jitter hides when the foot stops.
    The fit takes ``fit_margin_s`` of rest either side, but not beyond ``limits`` (frame
    indices; the neighbouring reps, so a roll that follows another without rest is fitted
    alone). Returns None when the rep has too few tracked frames to fit.
    """
    first, last = limits if limits is not None else (0, len(times) - 1)
    lo = max(first, int(np.searchsorted(times, times[exc.start] - th.fit_margin_s)))
    hi = min(last + 1, int(np.searchsorted(times, times[exc.end] + th.fit_margin_s, "right")))
    t, y = times[lo:hi], roll[lo:hi]
    keep = np.isfinite(y)
    if keep.sum() < 10:
        return None
    t, y = t[keep], y[keep]
    p0, bounds = _initial_shape(t, y, times[exc.start], times[exc.peak], times[exc.end])
    fit = least_squares(
        lambda p: _shape(p, t, th.ramp_accel) - y,
        p0,
        bounds=bounds,
        loss="soft_l1",
        f_scale=th.fit_noise_deg,
    )
    t0, up, hold, back, amount, _ = fit.x
    return RollShape(t0, t0 + up, t0 + up + hold, t0 + up + hold + back, float(amount))


def _initial_shape(
    t: np.ndarray, y: np.ndarray, start: float, peak: float, end: float
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Starting values and bounds for (t0, up, hold, back, amount, base)."""
    top = float(np.percentile(y[(t >= start) & (t <= end)], 90))
    near = t[(y >= 0.8 * top) & (t >= start) & (t <= end)]
    first, last = (float(near[0]), float(near[-1])) if near.size else (peak, peak)
    up, back = max(first - start, 0.2), max(end - last, 0.2)
    p0 = np.array([start, up, max(last - first, 0.0), back, top, 0.0])
    lower = np.array([start - 2.0, 0.1, 0.0, 0.1, 0.0, -30.0])
    upper = np.array([peak, 10.0, end - start + 4.0, 10.0, 90.0, 30.0])
    return np.clip(p0, lower + 1e-6, upper - 1e-6), (lower, upper)


def _shape(p: np.ndarray, t: np.ndarray, accel: float) -> np.ndarray:
    t0, up, hold, back, amount, base = p
    rise = _ramp((t - t0) / up, accel)
    fall = _ramp((t - t0 - up - hold) / back, accel)
    return base + amount * (rise - fall)


def _ramp(u: np.ndarray, accel: float) -> np.ndarray:
    """0→1 with constant speed-up over ``accel`` of the time, even speed, then slow-down."""
    u = np.clip(u, 0.0, 1.0)
    v = 1.0 / (1.0 - accel)
    rise = v * u**2 / (2 * accel)
    middle = v * (accel / 2 + (u - accel))
    fall = 1.0 - v * (1.0 - u) ** 2 / (2 * accel)
    return np.where(u < accel, rise, np.where(u > 1.0 - accel, fall, middle))


def analyze(
    seq: PoseSequence, th: OutwardRollThresholds = OutwardRollThresholds()
) -> AnalysisResult:
    """Analyse an outward-roll clip: rolls per foot, roll size and end-range pauses."""
    view = classify_view(seq).view
    result = ResultBuilder(seq, exercise="outward-roll", view=str(view), per_side=True)
    result.counted_on("roll_deg", {"enter": th.enter_deg, "exit": th.exit_deg})
    shin_px = shin_length_px(seq)
    if not np.isfinite(shin_px) or shin_px <= 0:
        result.warnings.append("No outward rolls measured: the legs were not found in the clip.")
        return result.build()
    if view not in (View.FRONT, View.REAR):
        result.warnings.append(_VIEW_WARNING)
    facing = settled_stance(seq, shin_px, th)
    for side in SIDES:
        smooth, detailed = roll_traces(seq, side, shin_px, th, facing)
        result.signals[f"{side}_roll_deg"] = smooth
        if not np.isfinite(smooth).any():
            continue
        found = count_rolls(smooth, seq.times, facing, th)
        ends = [0] + [exc.end for exc in found]
        starts = [exc.start for exc in found] + [len(smooth) - 1]
        reps = [
            _rep(seq, side, exc, (smooth, detailed), th, (ends[k], starts[k + 1]))
            for k, exc in enumerate(found)
        ]
        result.reps += [r for r in reps if r.measures["roll_deg"] >= th.enter_deg]
    return result.build(summarise=_summary, review=lambda reps, _: _findings(reps, th))


_VIEW_WARNING = (
    "The outward roll is best filmed from the front or from behind, feet in the picture: "
    "from this angle the sideways tip of the ankle is foreshortened, so roll sizes read small "
    "and small rolls may be missed."
)


def _rep(
    seq: PoseSequence,
    side: SideName,
    exc: Excursion,
    traces: tuple[np.ndarray, np.ndarray],
    th: OutwardRollThresholds,
    limits: tuple[int, int],
) -> Rep:
    """One rep: counted on the smooth roll, timed by fitting its shape to the detailed roll
    between ``limits`` (the end of the rep before and the start of the next, frame indices)."""
    smooth, detailed = traces
    t = seq.times
    start, peak, end = float(t[exc.start]), float(t[exc.peak]), float(t[exc.end])
    shape = fit_roll_shape(detailed, t, exc, th, limits)
    if shape is None:
        measures = {
            "roll_deg": float(smooth[exc.peak]),
            "pause_s": 0.0,
            "out_s": peak - start,
            "back_s": end - peak,
        }
    else:
        measures = {
            "roll_deg": shape.amount,
            "pause_s": shape.pause_s,
            "out_s": shape.hold_start - shape.out_start,
            "back_s": shape.back_end - shape.hold_end,
        }
    return Rep(index=0, start_s=start, end_s=end, side=side, peak_s=peak, measures=measures)


def _summary(reps: list[Rep]) -> dict[str, float]:
    out: dict[str, float] = {}
    for side in SIDES:
        mine = [r for r in reps if r.side == side]
        out[f"reps_{side}"] = float(len(mine))
        if mine:
            out[f"roll_deg_{side}"] = float(np.median([r.measures["roll_deg"] for r in mine]))
            out[f"pause_s_{side}"] = float(np.median([r.measures["pause_s"] for r in mine]))
    return out


def _findings(reps: list[Rep], th: OutwardRollThresholds) -> list[Finding]:
    if not reps:
        return [
            Finding(
                "no-rolls",
                "No outward roll was seen. Stand staggered, front heel "
                "off the floor, and slowly roll the front foot onto its little-toe edge.",
                "warn",
            )
        ]
    found = _pause_findings(reps, th)
    found += flag_reps(
        reps, "roll_deg", th.small_roll_deg, "small-roll",
        "Reps {reps} rolled only a little: let the ball of the foot travel further toward the "
        "little toe, under control.", "info",
    )  # fmt: skip
    counts = {s: sum(1 for r in reps if r.side == s) for s in SIDES}
    if min(counts.values()) == 0:
        done = "left" if counts["left"] else "right"
        found.append(
            Finding("one-foot-only", f"Only the {done} foot rolled: do both feet.", "info")
        )
    elif counts["left"] != counts["right"]:
        found.append(
            Finding(
                "uneven-sides",
                f"Left {counts['left']} reps, right {counts['right']}: match the two feet.",
                "info",
            )
        )
    return found


def _pause_findings(reps: list[Rep], th: OutwardRollThresholds) -> list[Finding]:
    """Per foot: "no-pause" when its set as a whole went straight back from end range (the
    median pause of its reps under ``no_pause_s``), naming every rep of that foot; otherwise
    "short-pause" naming each rep held under ``min_pause_s``."""
    found: list[Finding] = []
    short: list[Rep] = []
    for side in SIDES:
        mine = [r for r in reps if r.side == side]
        if not mine:
            continue
        if float(np.median([r.measures["pause_s"] for r in mine])) >= th.no_pause_s:
            short += mine
            continue
        numbers = ", ".join(str(r.index) for r in mine)
        found.append(
            Finding(
                "no-pause",
                f"Reps {numbers} ({side} foot) rolled straight back without stopping at the "
                f"end: once the foot is on its outer edge, stay there for "
                f"{th.min_pause_s:.0f}–2 s to feel the stretch in the sole, then roll back.",
                "warn",
            )
        )
    found += flag_reps(
        sorted(short, key=lambda r: r.index), "pause_s", th.min_pause_s, "short-pause",
        f"Reps {{reps}}: hold the end of the roll for at least {th.min_pause_s:.0f} s to feel "
        "the stretch in the sole.", "warn",
    )  # fmt: skip
    return found
