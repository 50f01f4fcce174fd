"""Guess which supported exercise a pose sequence shows, and how sure the guess is.

Each exercise's own analyser is run on the sequence (they only read landmarks, so this is
cheap) and its full-rep count is the main cue, checked against a few whole-body cues:

    squat          full squat reps (hips drop ≥ 25% of standing height); without a full rep,
                   a deep enough hip drop with the feet in place still hints at a squat
    heel-raise     full heel raises with the feet side by side and the hips not dropping
    heel-circle, outward-roll, lunge-test
                   full reps from their analysers, done in place (feet that wander over the
                   clip, as in walking, rule them out) and weighed down when squats, lunges
                   or jumps are seen;
                   as these drills look alike, each is also scaled by its share of the most
                   reps any of them found

    lunge, jump    movements footwork sees but does not count: knee bends the squat analyser
                   judged to be lunges, or jumps and their landings (``exercises/stance.py``).
                   When one of them wins, the guess names no exercise and ``seen`` says what
                   the clip seems to show, so the caller can say so plainly. (Not the
                   ``lunge-test``: that knee-to-wall ankle test is found by its own analyser.)

Banded squat and squat look the same to a camera (the band is not tracked): a squat guess
names ``squat``. The confidence is the winning score times its share of all scores (a lone
weak cue and a strong cue shared with a rival are both unsure); below ``MIN_CONFIDENCE``
the guess is reported as unsure, so the caller asks for ``--exercise``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from footwork.errors import FootworkError
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.exercises.heel_raise import count_raises, planted_mask
from footwork.vision.pose.exercises.squat import knee_bends
from footwork.vision.pose.exercises.stance import Movement
from footwork.vision.pose.sequence import PoseSequence

MIN_CONFIDENCE = 0.5
MIN_DURATION_S = 1.0  # a shorter sequence cannot show one rep of anything
IN_PLACE_DRILLS = ("heel-circle", "outward-roll", "lunge-test")
# Feet side by side still stand a little apart in the picture: from the side the far foot
# shows up to ~0.3 shin away (parallax, a slight turn); a split stance puts them a shin or
# more apart. The heel-raise score falls from full at 0.3 to nothing at 0.8.
SIDE_BY_SIDE_SHINS = (0.3, 0.8)
# Standing between heel raises reads as a small hip "drop" (the raised tops set the standing
# level, about 0.05-0.12 of hip height); a squat or lunge drops 0.25 or more. The heel-raise
# score falls from full at 0.15 to nothing at 0.3.
HIPS_STILL_DEPTH = (0.15, 0.3)
WALKING_SHINS = 3.0  # ankles wandering this far over the clip: walking, not a drill in place
REPS_FOR_FULL_SCORE = 2
NOT_COUNTED = ("lunge", "jump")  # movements recognised but not counted by footwork


@dataclass(frozen=True)
class ExerciseGuess:
    exercise: str | None  # None when unsure, or when the clip shows a movement not counted
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    seen: str | None = None  # "lunge" or "jump": recognised, but footwork does not count it

    @property
    def best(self) -> str:
        """The supported exercise scoring highest (a name ``--exercise`` accepts)."""
        counted = {k: v for k, v in self.scores.items() if k not in NOT_COUNTED}
        return max(counted, key=lambda k: counted[k])


@dataclass(frozen=True)
class Cues:
    squat_reps: int
    squat_depth: float  # deepest hip drop, fraction of standing hip height
    lunge_reps: int  # knee bends judged lunges (split stance, or a foot stepping)
    jump_reps: int  # knee bends judged jumps that landed elsewhere, or jump landings
    raise_reps: int
    planted_depth: float  # deepest hip drop while both feet stand in place
    drill_reps: dict[str, int]  # full reps found by each in-place drill's analyser
    stagger: float  # median ankle distance, shin lengths
    feet_travel: float  # how far the ankles wander over the clip (5–95% range), shin lengths


def cues(seq: PoseSequence) -> Cues:
    """Measure the cues the rules use."""
    shin = _shin(seq)
    bends = knee_bends(seq)
    others = bends.others
    raises, _, _ = count_raises(seq)
    ankles = np.linalg.norm(seq.point("left_ankle") - seq.point("right_ankle"), axis=1) / shin
    # The feet's spacing and the hips' drop that tell a heel raise are read while both feet
    # stand in place: walking off at the end, or turning round, is not part of the drill.
    planted = planted_mask(seq)
    if np.isfinite(ankles[planted]).any():
        ankles = ankles[planted]
    depth = bends.trace.depth
    still_depth = depth[planted] if np.isfinite(depth[planted]).any() else depth
    return Cues(
        squat_reps=len(bends.squats), squat_depth=_nanmax(bends.trace.depth),
        lunge_reps=others[Movement.LUNGE],
        jump_reps=others[Movement.JUMP] + others[Movement.LANDING],
        raise_reps=len(raises), planted_depth=_nanmax(still_depth),
        drill_reps={name: _reps_found(name, seq) for name in IN_PLACE_DRILLS},
        stagger=float(np.nanmedian(ankles)) if np.isfinite(ankles).any() else 0.0,
        feet_travel=_feet_travel(seq, shin),
    )  # fmt: skip


def _reps_found(exercise: str, seq: PoseSequence) -> int:
    """Full reps the exercise's analyser finds; 0 if it cannot analyse this sequence."""
    try:
        return get_analyser(exercise)(seq).rep_count
    except FootworkError:
        return 0


def _shin(seq: PoseSequence) -> float:
    lengths = [np.linalg.norm(seq.point(f"{s}_knee") - seq.point(f"{s}_ankle"), axis=1)
               for s in ("left", "right")]  # fmt: skip
    both = np.concatenate(lengths)
    return float(np.nanmedian(both)) if np.isfinite(both).any() else float("nan")


def _feet_travel(seq: PoseSequence, shin: float) -> float:
    travel = 0.0
    for side in ("left", "right"):
        x = seq.point(f"{side}_ankle")[:, 0]
        if np.isfinite(x).sum() > 2:
            lo, hi = np.nanpercentile(x, [5, 95])
            travel = max(travel, float(hi - lo) / shin)
    return travel


def _nanmax(values: np.ndarray) -> float:
    return float(np.nanmax(values)) if np.isfinite(values).any() else 0.0


def score(c: Cues) -> dict[str, float]:
    """A 0..1 score per exercise from the cues."""
    planted = 1.0 - min(1.0, c.feet_travel / WALKING_SHINS)
    side_by_side = 1.0 - _ramp(c.stagger, *SIDE_BY_SIDE_SHINS)
    hips_up = 1.0 - _ramp(c.planted_depth, *HIPS_STILL_DEPTH)
    # Knee bends judged lunges or jumps are not squats: without a squat rep, they leave no
    # "deep enough hip drop" hint of a squat either. Like squats, they weigh down the drills
    # done in place (a lunge or a box jump tips the shin as far as a knee-to-wall lunge).
    others = c.lunge_reps + c.jump_reps
    squatting = 0.3 if c.squat_reps or others else 1.0
    hint = 0.0 if others else 0.6 * planted
    scores = {
        "squat": (1.0 if c.squat_reps else hint) * min(1.0, c.squat_depth / 0.4),
        "heel-raise": _reps_score(c.raise_reps) * side_by_side * hips_up,
        "lunge": _reps_score(c.lunge_reps) * (0.3 if c.squat_reps else 1.0),
        "jump": _reps_score(c.jump_reps) * (0.3 if c.squat_reps else 1.0),
    }
    # Heel circles are done up on the toes, so a heel-raise set shows a few "circles" and a
    # heel-circle set a few "raises": the drill with the most reps is the clearest one.
    most = max(*c.drill_reps.values(), c.raise_reps)
    for name, reps in c.drill_reps.items():
        share = reps / most if most else 0.0  # drills are alike: the clearest one wins
        scores[name] = _reps_score(reps) * share * planted * squatting
    return scores


def _ramp(value: float, start: float, end: float) -> float:
    """0 up to ``start``, rising linearly to 1 at ``end``."""
    return float(np.clip((value - start) / (end - start), 0.0, 1.0))


def _reps_score(reps: int) -> float:
    return min(1.0, reps / REPS_FOR_FULL_SCORE)


def guess_exercise(seq: PoseSequence) -> ExerciseGuess:
    """The most likely supported exercise, with a confidence in 0..1 (None if unsure)."""
    if seq.duration_s < MIN_DURATION_S:
        names = ("squat", "heel-raise", *IN_PLACE_DRILLS, *NOT_COUNTED)
        return ExerciseGuess(None, 0.0, dict.fromkeys(names, 0.0))
    scores = score(cues(seq))
    total = sum(scores.values())
    best = max(scores, key=lambda k: scores[k])
    confidence = scores[best] * scores[best] / total if total > 0 else 0.0
    if confidence < MIN_CONFIDENCE:
        return ExerciseGuess(None, confidence, scores)
    if best in NOT_COUNTED:
        return ExerciseGuess(None, confidence, scores, seen=best)
    return ExerciseGuess(best, confidence, scores)
