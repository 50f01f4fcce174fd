"""Squat and banded squat: count full reps, then measure each one.

Counting works from any camera angle. The cue is the hips' height above the ankles, as a
fraction of the same height when standing (``depth`` = 0 standing, ~0.3 a half squat, ~0.7
a deep squat). Vertical distances survive turning the camera, unlike knee angles, which
read very differently from the front, rear or an oblique angle. "Standing" is found per
clip and per moment by ``upper_envelope`` (the highest hip height in the seconds before
and after), so a zoom, a cut, or a clip that starts mid-rep does not fool it.

A rep counts when depth rises past ``enter`` and falls back below ``exit`` (hysteresis,
``footwork.vision.pose.reps.RepCounter``), each half lasting at least ``min_phase_s``. Both
levels adapt to the clip's deepest squat, with floors so that walking or fidgeting never
counts (``ScaledLevels``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from footwork.vision.pose.body import hip_height
from footwork.vision.pose.exercises.squat_form import (
    form_findings,
    measure_rep,
    summarise,
    view_warnings,
)
from footwork.vision.pose.reps import Excursion, RepCounter, ScaledLevels
from footwork.vision.pose.result import AnalysisResult, ResultBuilder
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import fill_short_gaps, lowpass, reject_outliers, upper_envelope
from footwork.vision.pose.view import classify_view


@dataclass(frozen=True)
class SquatCounting:
    """The numbers behind squat counting (depth is a fraction of standing hip height)."""

    standing_window_s: float = 8.0  # how far around a moment to look for standing
    outlier_window_s: float = 1.0
    outlier_depth: float = 0.25  # a one-off jump this large (× standing height) is a glitch
    max_gap_s: float = 0.6  # bridge tracking drop-outs up to this long
    cutoff_hz: float = 1.5  # squats are slower than ~1 Hz; keeps the shape, drops jitter
    # Enter at half the clip's deepest depth, exit at a quarter of it; a dip shallower than
    # 0.25 is never a squat (walking bobs up to ~0.2).
    levels: ScaledLevels = field(
        default=ScaledLevels(enter_fraction=0.5, exit_fraction=0.25, min_enter=0.25, min_exit=0.08)
    )
    min_phase_s: float = 0.4  # down and up each take at least this long (a jump landing does not)


@dataclass(frozen=True)
class DepthTrace:
    depth: np.ndarray  # (T,) 0 standing → 1 hips at ankle height; NaN where not known
    standing_px: np.ndarray  # (T,) standing hip height in pixels


def depth_trace(seq: PoseSequence, params: SquatCounting = SquatCounting()) -> DepthTrace:
    """The smoothed, view-independent squat depth of every frame."""
    height = hip_height(seq)
    scale = np.nanpercentile(height, 95) if np.isfinite(height).any() else 1.0
    norm = height / scale
    norm = reject_outliers(
        norm, seq.times, window_s=params.outlier_window_s, max_deviation=params.outlier_depth
    )
    norm = fill_short_gaps(norm, seq.times, params.max_gap_s)
    norm = lowpass(norm, seq.fps, params.cutoff_hz)
    standing = upper_envelope(norm, seq.times, params.standing_window_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        depth = np.clip(1.0 - norm / standing, 0.0, 1.0)
    depth[~np.isfinite(norm)] = np.nan
    return DepthTrace(depth=depth, standing_px=standing * scale)


def count_squats(
    seq: PoseSequence, params: SquatCounting = SquatCounting()
) -> tuple[list[Excursion], DepthTrace, RepCounter]:
    """Full squat reps of a sequence, with the depth trace and the counter (its levels fitted
    to this clip) they were counted with."""
    trace = depth_trace(seq, params)
    counter = RepCounter.scaled(trace.depth, params.levels, min_phase_s=params.min_phase_s)
    return counter.count(trace.depth, seq.times), trace, counter


def analyze(seq: PoseSequence) -> AnalysisResult:
    """Analyse a squat clip."""
    return _analyse(seq, exercise="squat", banded=False)


def analyze_banded_squat(seq: PoseSequence) -> AnalysisResult:
    """Analyse a banded squat clip (same counting; cues about knees-out and slow lowering)."""
    return _analyse(seq, exercise="banded-squat", banded=True)


def _analyse(seq: PoseSequence, *, exercise: str, banded: bool) -> AnalysisResult:
    excursions, trace, counter = count_squats(seq)
    view = classify_view(seq).view
    result = ResultBuilder(seq, exercise=exercise, view=str(view))
    result.reps = [measure_rep(seq, exc, trace.depth, trace.standing_px) for exc in excursions]
    result.warnings = view_warnings(result.reps, view) + _quality_warnings(trace.depth)
    result.signals["depth"] = trace.depth
    result.counted_on("depth", counter.levels)
    return result.build(
        summarise=summarise, review=lambda reps, _: form_findings(reps, banded=banded)
    )


def _quality_warnings(depth: np.ndarray) -> list[str]:
    known = np.isfinite(depth)
    if not known.any():
        return ["No standing person with hips, knees and ankles in the picture was found."]
    share = float(known.mean())
    if share < 0.6:
        return [f"The body was tracked in only {share:.0%} of the clip; reps outside that "
                "part are not counted."]  # fmt: skip
    return []
