"""Squat and banded squat: count full reps, then measure each one.

Counting works from any camera angle. The cue is the hips' height above the ankles, as a
fraction of the same height when standing (``depth`` = 0 standing, ~0.3 a half squat, ~0.7
a deep squat). Vertical distances survive turning the camera, unlike knee angles, which
read very differently from the front, rear or an oblique angle. "Standing" is found per
clip and per moment by ``upper_envelope`` (the highest hip height in the seconds before
and after), so a zoom, a cut, or a clip that starts mid-rep does not fool it.

A rep counts when depth rises past ``enter`` and falls back below ``exit`` (hysteresis),
each half lasting at least ``min_phase_s``. Both levels adapt to the clip's deepest squat,
with floors so that walking or fidgeting never counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footwork.vision.pose.body import hip_height
from footwork.vision.pose.exercises.squat_form import measure_rep, review_reps, summarise
from footwork.vision.pose.reps import Excursion, detect_excursions
from footwork.vision.pose.result import AnalysisResult, Rep
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
    enter_fraction: float = 0.5  # of the clip's deepest depth
    exit_fraction: float = 0.25
    min_enter: float = 0.25  # a shallower dip is never a squat (walking bobs up to ~0.2)
    min_exit: float = 0.08
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


def count_levels(depth: np.ndarray, params: SquatCounting = SquatCounting()) -> tuple[float, float]:
    """(enter, exit) depth levels for this clip."""
    deepest = float(np.nanmax(depth)) if np.isfinite(depth).any() else 0.0
    enter = max(params.min_enter, params.enter_fraction * deepest)
    exit_ = max(params.min_exit, params.exit_fraction * deepest)
    return enter, exit_


def count_squats(
    seq: PoseSequence, params: SquatCounting = SquatCounting()
) -> tuple[list[Excursion], DepthTrace, tuple[float, float]]:
    """Full squat reps of a sequence, with the depth trace and levels they were counted on."""
    trace = depth_trace(seq, params)
    enter, exit_ = count_levels(trace.depth, params)
    reps = detect_excursions(
        trace.depth, seq.times, enter=enter, exit=exit_, min_phase_s=params.min_phase_s
    )
    return reps, trace, (enter, exit_)


def analyze(seq: PoseSequence) -> AnalysisResult:
    """Analyse a squat clip."""
    return _analyse(seq, exercise="squat", banded=False)


def analyze_banded_squat(seq: PoseSequence) -> AnalysisResult:
    """Analyse a banded squat clip (same counting; cues about knees-out and slow lowering)."""
    return _analyse(seq, exercise="banded-squat", banded=True)


def _analyse(seq: PoseSequence, *, exercise: str, banded: bool) -> AnalysisResult:
    excursions, trace, (enter, exit_) = count_squats(seq)
    clip_view = classify_view(seq)
    reps: list[Rep] = []
    for number, exc in enumerate(excursions, start=1):
        reps.append(measure_rep(seq, exc, trace.depth, trace.standing_px, number))
    findings, warnings = review_reps(reps, clip_view.view, banded=banded)
    return AnalysisResult.for_sequence(
        seq, exercise=exercise, view=str(clip_view.view), reps=reps, summary=summarise(reps),
        findings=findings, warnings=warnings + _quality_warnings(trace.depth),
        signals={"depth": trace.depth},
        count_signal="depth", count_levels={"enter": enter, "exit": exit_},
    )  # fmt: skip


def _quality_warnings(depth: np.ndarray) -> list[str]:
    known = np.isfinite(depth)
    if not known.any():
        return ["No standing person with hips, knees and ankles in the picture was found."]
    share = float(known.mean())
    if share < 0.6:
        return [f"The body was tracked in only {share:.0%} of the clip; reps outside that "
                "part are not counted."]  # fmt: skip
    return []
