"""Heel raise (calf raise): count full raises and time each one.

The cue is each ankle's height above its toes, in shin lengths: when the heels leave the
floor the ankles rise while the toes stay down. Both feet must rise (the lower one counts)
and stay planted (walking moves them; so does stepping). Measuring against the toe of the
same foot keeps the signal steady when the camera shakes or the person sways, and works
from the front, rear or side (the rise is vertical). "Flat" is found per moment by a lower
envelope of that height (its lowest value in the seconds before and after).

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
    lowpass,
    reject_outliers,
    upper_envelope,
)
from footwork.vision.pose.view import classify_view


@dataclass(frozen=True)
class RaiseCounting:
    """The numbers behind heel-raise counting (rise in shin lengths)."""

    flat_window_s: float = 6.0
    outlier_window_s: float = 0.8
    outlier_rise: float = 0.2  # a one-off jump this large is a tracking glitch
    max_gap_s: float = 0.5
    cutoff_hz: float = 2.0
    # Enter at half the clip's highest rise, exit at a quarter of it; a rise under 0.06
    # (~2.5 cm for a 40 cm shin) is noise or a sway.
    levels: ScaledLevels = field(
        default=ScaledLevels(enter_fraction=0.5, exit_fraction=0.25, min_enter=0.06, min_exit=0.03)
    )
    min_phase_s: float = 0.3
    short_top_s: float = 0.5  # hold the top at least this long
    planted_shins: float = 0.3  # a toe moving farther than this during a rep = a step


def rise_trace(seq: PoseSequence, params: RaiseCounting = RaiseCounting()) -> np.ndarray:
    """(T,) heel rise above flat, in shin lengths, of the lower of the two heels.

    Taking the lower heel means both must rise: walking lifts one heel at a time and so
    never looks like a heel raise. NaN where the feet are not tracked.
    """
    lengths = _shin_lengths(seq)
    shin = np.nanmedian(lengths) if np.isfinite(lengths).any() else np.nan
    left, right = (_side_rise(seq, side, shin, params) for side in ("left", "right"))
    return np.fmin(left, right) if np.isfinite(shin) else np.full(len(seq), np.nan)


def _side_rise(seq: PoseSequence, side: str, shin: float, params: RaiseCounting) -> np.ndarray:
    height = (seq.point(f"{side}_foot_index")[:, 1] - seq.point(f"{side}_ankle")[:, 1]) / shin
    height = reject_outliers(
        height, seq.times, window_s=params.outlier_window_s, max_deviation=params.outlier_rise
    )
    height = fill_short_gaps(height, seq.times, params.max_gap_s)
    height = lowpass(height, seq.fps, params.cutoff_hz)
    flat = -upper_envelope(-height, seq.times, params.flat_window_s)
    return np.clip(height - flat, 0.0, None)


def feet_stayed(seq: PoseSequence, exc: Excursion, params: RaiseCounting = RaiseCounting()) -> bool:
    """True if both toes stayed within ``planted_shins`` shin lengths during the excursion."""
    lengths = _shin_lengths(seq)
    if not np.isfinite(lengths).any():
        return False
    limit = params.planted_shins * float(np.nanmedian(lengths))
    for side in ("left", "right"):
        toe = seq.point(f"{side}_foot_index")[exc.start : exc.end + 1]
        if not np.isfinite(toe).any():
            return False
        spread = np.nanmax(toe, axis=0) - np.nanmin(toe, axis=0)
        if (spread > limit).any():
            return False
    return True


def _shin_lengths(seq: PoseSequence) -> np.ndarray:
    both = [np.linalg.norm(seq.point(f"{s}_knee") - seq.point(f"{s}_ankle"), axis=1)
            for s in ("left", "right")]  # fmt: skip
    return np.asarray((both[0] + both[1]) / 2)


def count_raises(
    seq: PoseSequence, params: RaiseCounting = RaiseCounting()
) -> tuple[list[Excursion], np.ndarray, RepCounter]:
    """Full heel raises, the rise trace and the counter (its levels fitted to this clip)."""
    rise = rise_trace(seq, params)
    counter = RepCounter.scaled(rise, params.levels, min_phase_s=params.min_phase_s)
    reps = [exc for exc in counter.count(rise, seq.times) if feet_stayed(seq, exc, params)]
    return reps, rise, counter


def analyze(seq: PoseSequence) -> AnalysisResult:
    """Analyse a heel-raise clip."""
    params = RaiseCounting()
    excursions, rise, counter = count_raises(seq, params)
    result = ResultBuilder(seq, exercise="heel-raise", view=str(classify_view(seq).view))
    result.reps = [_rep(seq, exc, rise) for exc in excursions]
    result.warnings = _quality_warnings(rise)
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


def _quality_warnings(rise: np.ndarray) -> list[str]:
    if not np.isfinite(rise).any():
        return ["The feet (ankles and toes) were not found in the clip; film the whole body."]
    return []
