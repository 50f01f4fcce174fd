"""Squat and banded squat: count full reps, then measure each one.

Counting works from any camera angle. The cue is the hips' height above the ankles, as a
fraction of the same height when standing (``depth`` = 0 standing, ~0.3 a half squat, ~0.7
a deep squat). Vertical distances survive turning the camera, unlike knee angles, which
read very differently from the front, rear or an oblique angle. "Standing" is found per
clip and per moment by ``upper_envelope`` (the highest hip height in the seconds before
and after), so a zoom, a cut, or a clip that starts mid-rep does not fool it.

A knee bend is an excursion: depth rises past ``enter`` and falls back below ``exit``
(hysteresis, ``footwork.vision.pose.reps.RepCounter``), each half lasting at least
``min_phase_s``. Both levels adapt to the clip's deepest bend, with floors so that walking or
fidgeting never counts (``ScaledLevels``).

Not every knee bend is a squat: ``stance.py`` judges each one by what the feet and knees do,
and only squats (jump squats included) are counted. Lunges, jumps that land elsewhere, the
crouch that absorbs a landing and bends while walking are left out; when they are all the
clip shows, a finding says what it seems to show instead.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from footwork.vision.pose.body import hip_height
from footwork.vision.pose.exercises.squat_form import (
    form_findings,
    measure_rep,
    summarise,
    view_warnings,
)
from footwork.vision.pose.exercises.stance import Judgement, Movement, StanceRules, judge_all
from footwork.vision.pose.reps import Excursion, RepCounter, ScaledLevels
from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder
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
    stance: StanceRules = field(default=StanceRules())  # squat, lunge or jump (stance.py)


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


@dataclass(frozen=True)
class KneeBends:
    """Every knee bend of a clip, judged: the squats are the reps."""

    excursions: list[Excursion]
    judgements: list[Judgement]
    trace: DepthTrace
    counter: RepCounter

    @property
    def squats(self) -> list[Excursion]:
        return [e for e, j in zip(self.excursions, self.judgements, strict=True)
                if j.movement is Movement.SQUAT]  # fmt: skip

    @property
    def others(self) -> Counter[Movement]:
        """How many knee bends were each kind of movement other than a squat."""
        return Counter(j.movement for j in self.judgements if j.movement is not Movement.SQUAT)


def knee_bends(seq: PoseSequence, params: SquatCounting = SquatCounting()) -> KneeBends:
    """Every full knee bend of a sequence, each judged squat, lunge, jump, ..., with the depth
    trace and the counter (its levels fitted to this clip) they were found with."""
    trace = depth_trace(seq, params)
    counter = RepCounter.scaled(trace.depth, params.levels, min_phase_s=params.min_phase_s)
    excursions = counter.count(trace.depth, seq.times)
    judged = judge_all(seq, excursions, trace.depth, trace.standing_px, params.stance)
    return KneeBends(excursions, judged, trace, counter)


def analyze(seq: PoseSequence) -> AnalysisResult:
    """Analyse a squat clip."""
    return _analyse(seq, exercise="squat", banded=False)


def analyze_banded_squat(seq: PoseSequence) -> AnalysisResult:
    """Analyse a banded squat clip (same counting; cues about knees-out and slow lowering)."""
    return _analyse(seq, exercise="banded-squat", banded=True)


def _analyse(seq: PoseSequence, *, exercise: str, banded: bool) -> AnalysisResult:
    bends = knee_bends(seq)
    trace = bends.trace
    view = classify_view(seq).view
    result = ResultBuilder(seq, exercise=exercise, view=str(view))
    result.reps = [measure_rep(seq, exc, trace.depth, trace.standing_px) for exc in bends.squats]
    result.warnings = view_warnings(result.reps, view) + _quality_warnings(trace.depth)
    result.signals["depth"] = trace.depth
    result.counted_on("depth", bends.counter.levels)
    others = bends.others

    def review(reps: list[Rep], _: dict[str, float]) -> list[Finding]:
        return not_squats(others, counted=len(reps)) + form_findings(reps, banded=banded)

    return result.build(summarise=summarise, review=review)


@dataclass(frozen=True)
class _Seen:
    code: str  # the finding's code
    looks: str  # what the clip's knee bends look like, when they are all it shows
    todo: str  # what to do instead
    aside: str  # "n other knee bends <aside>", when squats were counted too


_SEEN: dict[Movement, _Seen] = {
    Movement.LUNGE: _Seen(
        "looks-like-lunges",
        "lunges, not squats: one foot was ahead of the other and the knees bent unequally",
        "For a squat, stand with both feet side by side, about hip-width apart, and bend "
        "both knees together. footwork does not count lunges.",
        "looked like lunges (one foot ahead of the other)",
    ),
    Movement.JUMP: _Seen(
        "looks-like-jumps",
        "jumps, not squats: the feet left the floor and landed somewhere else (a box jump, "
        "a jump forward)",
        "For jump squats, land where you took off and sink into a squat before the next "
        "jump. footwork does not count box jumps or jump landings.",
        "looked like jumps that landed somewhere else",
    ),
    Movement.LANDING: _Seen(
        "looks-like-jumps",
        "jump landings, not squats: each knee bend caught a landing and stood up",
        "For jump squats, sink into a squat after landing and jump again from the bottom. "
        "footwork does not count landings.",
        "caught a landing",
    ),
    Movement.MOVING: _Seen(
        "feet-moving",
        "knee bends while walking or stepping about, not squats: the feet moved",
        "Stand in one place with both feet planted for the whole set.",
        "came with both feet moving (walking or stepping about)",
    ),
    Movement.UNSEEN: _Seen(
        "feet-not-seen",
        "knee bends with the lower legs out of the picture, which cannot be told apart",
        "Film the whole body, feet included, from 2–4 m away.",
        "had the lower legs out of the picture",
    ),
}


_TELLING = (Movement.JUMP, Movement.LANDING, Movement.LUNGE, Movement.MOVING, Movement.UNSEEN)


def not_squats(others: Counter[Movement], *, counted: int) -> list[Finding]:
    """What the knee bends that were not squats seem to be. When no squat was counted, say
    what the clip seems to show instead (a warning); when squats were counted, name the
    knee bends left out (a landing after the last jump squat is expected and not named)."""
    if not counted:
        if not others:
            return []
        return [_instead(*_what_it_shows(others))]
    return [_left_out(movement, n) for movement, n in others.items()
            if movement is not Movement.LANDING]  # fmt: skip


def _what_it_shows(others: Counter[Movement]) -> tuple[Movement, int]:
    """The movement a clip without squats seems to show, and how many knee bends it made.

    Jumps win once they are a third of the knee bends: each box jump brings a step back
    down off the box, which looks like a lunge or like feet moving, so a box-jump set is
    half jumps at most. Otherwise the movement seen most often wins (on a tie, the more
    telling one)."""
    jumps = others[Movement.JUMP] + others[Movement.LANDING]
    if jumps and 3 * jumps >= others.total():
        kind = max((Movement.JUMP, Movement.LANDING), key=lambda m: others[m])
        return kind, jumps
    seen = max(others, key=lambda m: (others[m], -_TELLING.index(m)))
    return seen, others[seen]


def _instead(movement: Movement, n: int) -> Finding:
    seen = _SEEN[movement]
    bends = "1 knee bend" if n == 1 else f"{n} knee bends"
    message = f"These look like {seen.looks}, so no squat was counted ({bends} seen). {seen.todo}"
    return Finding(seen.code, message, "warn")


def _left_out(movement: Movement, n: int) -> Finding:
    seen = _SEEN[movement]
    if n == 1:
        message = f"1 other knee bend {seen.aside} and was not counted as a squat."
    else:
        message = f"{n} other knee bends {seen.aside} and were not counted as squats."
    return Finding(seen.code, message, "info")


def _quality_warnings(depth: np.ndarray) -> list[str]:
    known = np.isfinite(depth)
    if not known.any():
        return ["No standing person with hips, knees and ankles in the picture was found."]
    share = float(known.mean())
    if share < 0.6:
        return [f"The body was tracked in only {share:.0%} of the clip; reps outside that "
                "part are not counted."]  # fmt: skip
    return []
