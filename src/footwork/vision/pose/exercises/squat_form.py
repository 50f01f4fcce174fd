"""Per-rep squat measures and the form cues drawn from them.

Measures of one rep (keys of ``Rep.measures``):

    depth               hips' drop at the bottom, fraction of standing hip height
    descent_s, bottom_s, ascent_s   tempo; ``bottom_s`` is the time spent within 5% of the
                        bottom (a pause shows as a long bottom)
    knee_angle_deg, hip_angle_deg   smallest angles at the bottom (side view only)
    hip_below_knee      1 if the hips sank below the knees at the bottom, else 0 (any view:
                        heights in the picture hold for a camera that is roughly level)
    hold_s, pulses      for a held squat with small pulses (at least ``MIN_PULSES``): the
                        time spent at least half as deep as the bottom, and the number of
                        pulses (the hips rising and sinking again while staying down); its
                        ``descent_s`` and ``ascent_s`` are then the way into and out of the
                        hold, and it has no ``bottom_s``
    knees_out_ratio     knee width ÷ ankle width at the bottom (front or rear view);
                        above 1 = knees pushed out past the feet, below 1 = knees caving in
    heel_lift           largest rise of the heels above the toes during the rep, fraction
                        of standing hip height (side view only; foot points are coarse)
"""

from __future__ import annotations

import numpy as np
from scipy.signal import find_peaks

from footwork.vision.pose.angles import joint_angle
from footwork.vision.pose.body import around, mid_y, x_width
from footwork.vision.pose.reps import Excursion, excursion_phase_times
from footwork.vision.pose.result import Finding, Rep
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.view import Measure, View, classify_view, supports, unsupported_warning

PAUSE_S = 1.0  # a bottom held this long is a pause
CAVING_RATIO = 1.0  # knees inside the ankles
BANDED_KNEES_OUT = 1.1  # a banded squat should push the knees clearly out
HEEL_LIFT = 0.10  # × standing hip height (~9 cm): the model's foot points jitter ~5%
PARALLEL_KNEE_DEG = 100.0  # knee angle above this at the bottom = above parallel
# Seen from the front, behind or at an angle, the thighs point at the camera and whether the
# hips sink below the knees in the picture depends on the camera's height (a camera above
# hip height shows the knees lower than they are). A drop of 0.7 of standing hip height or
# more is a deep squat from any view (on the shared clips every rep that deep is at or below
# parallel, while reps that stop above parallel drop 0.4-0.67), so it is never called shallow.
DEEP_ANY_VIEW = 0.7
SLOW_DESCENT_S = 2.0  # banded squats are lowered slowly
PULSE_DEPTH = 0.03
"""A pulse is the hips sinking again by at least 3 % of standing hip height (≈3 cm) after
rising as much: the smoothed depth of a still, held squat wanders under 1 %, and a pulse
worth the name moves the hips 5–15 cm."""
MIN_PULSES = 2
"""One dip after the bottom is a bounce; two or more make a held squat with pulses."""


def measure_rep(
    seq: PoseSequence, exc: Excursion, depth: np.ndarray, standing_px: np.ndarray
) -> Rep:
    """One counted rep with its tempo and the measures its camera view supports (not yet
    numbered: ``ResultBuilder`` numbers the reps)."""
    times = seq.times
    down_s, bottom_s, up_s, _ = excursion_phase_times(exc, depth, times, fraction=0.95)
    measures = {"depth": float(depth[exc.peak]), "descent_s": down_s, "bottom_s": bottom_s,
                "ascent_s": up_s}  # fmt: skip
    view = classify_view(seq, exc.start, exc.end + 1).view
    measures["hip_below_knee"] = _hip_below_knee(seq, exc.peak)
    held = _pulses(seq, exc, depth)
    if held:  # the deepest pulse is no bottom: tempo is the way into the hold and out of it
        del measures["bottom_s"]
    measures |= held
    if supports(view, Measure.JOINT_ANGLES):
        measures |= _side_measures(seq, exc.peak)
    if supports(view, Measure.KNEES_OUT):
        measures["knees_out_ratio"] = _knees_out(seq, exc.peak)
    if supports(view, Measure.HEEL_LIFT):
        measures["heel_lift"] = _heel_lift(seq, exc, standing_px)
    clean = {k: v for k, v in measures.items() if np.isfinite(v)}
    return Rep(index=0, start_s=float(times[exc.start]), end_s=float(times[exc.end]),
               peak_s=float(times[exc.peak]), view=str(view), measures=clean)  # fmt: skip


def _side_measures(seq: PoseSequence, peak: int) -> dict[str, float]:
    knee = np.fmin(joint_angle(seq, "left_knee"), joint_angle(seq, "right_knee"))
    hip = np.fmin(joint_angle(seq, "left_hip"), joint_angle(seq, "right_hip"))
    return {"knee_angle_deg": around(knee, peak), "hip_angle_deg": around(hip, peak)}


def _hip_below_knee(seq: PoseSequence, peak: int) -> float:
    below = around(mid_y(seq, "hip") - mid_y(seq, "knee"), peak)
    return float(below > 0) if np.isfinite(below) else float("nan")


def _pulses(seq: PoseSequence, exc: Excursion, depth: np.ndarray) -> dict[str, float]:
    """Hold time and pulses of a held squat with pulses; nothing for an ordinary rep."""
    seg = depth[exc.start : exc.end + 1]
    peaks, _ = find_peaks(np.nan_to_num(seg, nan=0.0), prominence=PULSE_DEPTH)
    pulses = len(peaks) - 1  # the first bottom is the way down
    if pulses < MIN_PULSES:
        return {}
    with np.errstate(invalid="ignore"):
        down = np.flatnonzero(seg >= 0.5 * depth[exc.peak]) + exc.start
    t = seq.times
    return {"hold_s": float(t[down[-1]] - t[down[0]]), "pulses": float(pulses),
            "descent_s": float(t[down[0]] - t[exc.start]),
            "ascent_s": float(t[exc.end] - t[down[-1]])}  # fmt: skip


def _knees_out(seq: PoseSequence, peak: int) -> float:
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = x_width(seq, "knee") / x_width(seq, "ankle")
    return around(ratio, peak)


def _heel_lift(seq: PoseSequence, exc: Excursion, standing_px: np.ndarray) -> float:
    """Largest rise of the heels above the toes during the rep, against the rest before it."""
    heel_above_toe = mid_y(seq, "foot_index") - mid_y(seq, "heel")
    before = heel_above_toe[max(0, exc.start - 2) : exc.start + 1]
    during = heel_above_toe[exc.start : exc.end + 1]
    scale = standing_px[exc.peak]
    if not np.isfinite(before).any() or not np.isfinite(during).any() or not scale > 0:
        return float("nan")
    return float(max(0.0, np.nanmax(during) - np.nanmedian(before)) / scale)


def form_findings(reps: list[Rep], *, banded: bool) -> list[Finding]:
    """Form findings for the set, rep by rep (the reps numbered)."""
    findings: list[Finding] = []
    for rep in reps:
        findings += _rep_findings(rep, banded=banded)
    return findings


def view_warnings(reps: list[Rep], view: View) -> list[str]:
    """Warnings for the measures that neither the reps' views nor the clip's view support."""
    warnings: list[str] = []
    rep_views = {View(r.view) for r in reps if r.view} or {view}
    for measure in (Measure.JOINT_ANGLES, Measure.KNEES_OUT):
        if not any(supports(v, measure) for v in rep_views):
            warnings.append(unsupported_warning(view, measure))
    return warnings


def _rep_findings(rep: Rep, *, banded: bool) -> list[Finding]:
    m, n = rep.measures, rep.index
    cues: list[tuple[str, str, str]] = []
    if "pulses" in m:
        cues.append(("hold-pulses", f"held the squat {m['hold_s']:.1f} s with {m['pulses']:.0f} "
                     "small pulses (counted as one rep).", "info"))  # fmt: skip
    elif m.get("bottom_s", 0.0) >= PAUSE_S:
        cues.append(("pause", f"paused {m['bottom_s']:.1f} s at the bottom.", "info"))
    knees = m.get("knees_out_ratio")
    if knees is not None and knees < CAVING_RATIO:
        cues.append(("knees-in", "knees moved inside the feet at the bottom; push them out "
                     "over the little toes.", "warn"))  # fmt: skip
    elif knees is not None and banded and knees < BANDED_KNEES_OUT:
        cues.append(("knees-out", "press the knees further out against the band.", "info"))
    if m.get("heel_lift", 0.0) > HEEL_LIFT:
        cues.append(("heels-up", "heels lifted; keep the weight on the heels and the balls "
                     "of the feet.", "warn"))  # fmt: skip
    if "knee_angle_deg" in m and m["knee_angle_deg"] > PARALLEL_KNEE_DEG:
        cues.append(("shallow", "stayed above parallel; sink lower if comfortable.", "info"))
    elif _hips_seemed_high(m):
        cues.append(("shallow", "the hips seemed to stay above the knees; sink lower "
                     "if comfortable (film from the side to judge depth for sure).",
                     "info"))  # fmt: skip
    if banded and m.get("descent_s", SLOW_DESCENT_S) < SLOW_DESCENT_S:
        cues.append(("fast-descent", f"lowered in {m['descent_s']:.1f} s; take at least "
                     f"{SLOW_DESCENT_S:.0f} s.", "info"))  # fmt: skip
    return [Finding(code, f"Rep {n}: {text}", severity, rep=n) for code, text, severity in cues]


def _hips_seemed_high(m: dict[str, float]) -> bool:
    """Without a side view's knee angle: the hips stayed above the knees in the picture and
    the drop was not deep enough to rule that out (``DEEP_ANY_VIEW``)."""
    if "knee_angle_deg" in m:
        return False
    return m.get("hip_below_knee", 1.0) < 0.5 and m.get("depth", 1.0) < DEEP_ANY_VIEW


def summarise(reps: list[Rep]) -> dict[str, float]:
    """Clip-level averages of the rep measures (only those measured in some rep)."""
    keys = ("depth", "descent_s", "bottom_s", "ascent_s", "knee_angle_deg", "hip_angle_deg",
            "knees_out_ratio", "heel_lift", "hold_s", "pulses")  # fmt: skip
    out: dict[str, float] = {}
    for key in keys:
        values = [r.measures[key] for r in reps if key in r.measures]
        if values:
            out[f"mean_{key}"] = float(np.mean(values))
    if reps:
        out["max_depth"] = max(r.measures.get("depth", 0.0) for r in reps)
    return out
