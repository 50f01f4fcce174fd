"""Moving demonstrations of the exercises, timed to each exercise's dose.

The Outward Roll and the Heel Circle are shown as a close-up of the lower legs and feet in the
staggered stance (``footwork.synth.closeup``: the roll from the front, the heel circle from
behind); the Banded Squat as the whole body from the front, from the motion model the video
tests use (``footwork.synth.motion``), with the band's X. Every demonstration is split into
labelled phases whose names and seconds are the exercise's phases and tempo
(``footwork.domain.exercises``, as in the coached session), names the foot that moves in each
phase, and colours each side the same way in every demonstration.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from footwork.domain.exercises import EXERCISES, Exercise, Per
from footwork.domain.sides import Direction
from footwork.errors import NotFound
from footwork.synth import motion
from footwork.synth.closeup import OUTLINE, Phase, closeup
from footwork.vision.pose.sequence import LANDMARK_INDEX

FPS = 15.0
MARGIN = 0.08  # share of the box added around the drawn points
CLOSE_UP_SHIN = 0.45  # a close-up shows this much of the shins above the feet (share of the feet)
SIDE_COLOURS = {"left": "#b35806", "right": "#2166ac"}  # orange / blue: safe for colour-blindness
CENTRE_COLOUR = "#5d6b78"
BAND_COLOUR = "#1b7837"
SHOWN_PER_FOOT = {Per.SIDE: 1, Per.DIRECTION: 2}  # reps (or circles each way) shown per foot
SQUAT_REPS_SHOWN = 2
# Banded squat set-up: feet parallel and wider than the shoulders (0.37 m apart for the 1.75 m
# body), squatting as low as one can (1 = hips at about knee height).
SQUAT_STANCE_M = 0.48
SQUAT_DEPTH = 1.0
SQUAT_REST_S = 1.0
SET_UP_S = 2.0
SWITCH_S = 2.4
REST_WORDS = "Stand tall"  # between squats (the dose gives no rest phase a name)

_LIMBS = (
    ("shoulder", "elbow"), ("elbow", "wrist"), ("shoulder", "hip"), ("hip", "knee"),
    ("knee", "ankle"), ("ankle", "heel"), ("heel", "foot_index"), ("ankle", "foot_index"),
)  # fmt: skip
BODY_JOINTS: tuple[str, ...] = (
    "nose",
    *(f"{side}_{part}" for side in ("left", "right")
      for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot_index")),
)  # fmt: skip
# Legs, and from the ankle to the heel; from the front, also to both sides of the ball, so a
# foot tipping onto its outer edge shows against the ankle.
_CLOSE_BONES = (("hip", "knee"), ("knee", "ankle"), ("ankle", "heel"), ("ankle", "ball_inner"),
                ("ankle", "ball_outer"))  # fmt: skip


@dataclass(frozen=True)
class DemoPhase:
    """One labelled part of a demonstration: frames ``start`` to ``end`` (exclusive)."""

    kind: str  # setup, out, hold, back, circle, switch, rest
    label: str
    seconds: float
    start: int
    end: int
    side: str | None  # the foot that moves; None when both work (the squat)
    direction: str | None = None
    trace: int | None = None  # the joint whose path is drawn with an arrow


@dataclass(frozen=True)
class Demonstration:
    exercise: str
    caption: str
    view: str  # what the camera shows, in words
    fps: float
    box: tuple[float, float, float, float]  # x, y, width, height of the part to show
    joints: tuple[str, ...]
    bones: list[tuple[int, int, str]]  # joint indices and "left" / "right" / "centre"
    outlines: list[tuple[str, list[int]]]  # a filled foot outline per side (close-ups)
    shadows: list[tuple[str, list[int]]]  # each foot's outline on the floor (close-ups)
    floor: list[list[float]]  # a patch of floor under the feet (close-ups)
    band: list[tuple[int, int]]  # segments of the exercise band (banded squat)
    frames: list[list[list[float]]]  # frame → joint → [x, y] in image pixels
    far_side: list[str]  # per frame, the side further from the camera (drawn first)
    phases: list[DemoPhase]
    colours: dict[str, str]
    label_joints: dict[str, int]  # where to write "left" / "right" under each foot

    def page_data(self) -> dict[str, Any]:
        """Everything the page's player needs, as plain JSON-able data."""
        return {
            "exercise": self.exercise, "view": self.view, "fps": self.fps, "box": self.box,
            "bones": self.bones, "outlines": self.outlines, "shadows": self.shadows,
            "floor": self.floor, "band": self.band,
            "frames": self.frames, "far": self.far_side, "colours": self.colours,
            "labels": self.label_joints,
            "head": self.joints.index("nose") if "nose" in self.joints else None,
            "heels": {s: self.joints.index(f"{s}_heel") for s in SIDE_COLOURS} if self.outlines
            else {},
            "phases": [p.__dict__ for p in self.phases],
        }  # fmt: skip


_CAPTIONS = {
    "outward-roll": "Close-up from the front. Feet staggered, front heel off the floor, knees "
    "straight: the front foot tips onto its little-toe edge, holds, and rolls back flat. "
    "One rep on each foot is shown; the dose below says how many to do.",
    "heel-circle": "Close-up from behind. The rear foot is up on its folded toes and its heel "
    "draws big, slow circles, one way and then the other (directions as seen from behind, as "
    "here). Two circles each way on each foot are shown; the dose below says how many to do.",
    "banded-squat": "From the front. Feet wide and parallel, the band crossed in an X over the "
    "shins: knees pushed out against it, a slow squat down and back up. Two reps are shown; "
    "the dose below says how many to do.",
}
_VIEWS = {
    "outward-roll": "lower legs and feet, from the front",
    "heel-circle": "lower legs and feet, from behind",
    "banded-squat": "whole body, from the front",
}


@cache
def demonstration(exercise: str) -> Demonstration:
    """The demonstration of one exercise (made once per process; the model is seeded)."""
    if exercise not in EXERCISES:
        raise NotFound(f"There is no demonstration of {exercise!r}.")
    ex = EXERCISES[exercise]
    if ex.dose.per is Per.BOUT:
        return _squat(ex)
    return _close_up(ex)


def phase_plan(ex: Exercise) -> list[Phase]:
    """The phases a foot exercise's demonstration shows, timed by the exercise's tempo:
    each foot in coaching order (left first), a set-up or switch before it."""
    t = ex.dose.tempo
    shown = SHOWN_PER_FOOT[ex.dose.per]
    phases: list[Phase] = []
    for n, side in enumerate(("left", "right")):
        phases.append(Phase("switch" if n else "setup", SWITCH_S if n else SET_UP_S, side))
        if ex.dose.per is Per.DIRECTION:
            for direction in Direction:
                phases += [Phase("circle", t.out_s, side, direction.value)] * shown
            continue
        for _ in range(shown):
            phases.append(Phase("out", t.out_s, side))
            if t.pause_s:
                phases.append(Phase("hold", t.pause_s, side))
            if t.back_s:
                phases.append(Phase("back", t.back_s, side))
    return phases


def _label(ex: Exercise, phase: Phase) -> str:
    foot = f"{phase.side} foot"
    if phase.kind == "setup" or phase.kind == "switch":
        where = "in front, heel up" if ex.key == "outward-roll" else "behind, up on its toes"
        first = "Switch feet: " if phase.kind == "switch" else "Set-up: "
        return f"{first}{foot} {where}"
    return _phase_name(ex, phase.kind, phase.direction or "")


def _phase_name(ex: Exercise, kind: str, direction: str = "") -> str:
    """The name the exercise data gives a phase of a rep (the same as the coached session)."""
    if kind == "rest":
        return REST_WORDS
    named = {"out": ex.phases.into, "circle": ex.phases.into, "hold": ex.phases.hold,
             "back": ex.phases.back}[kind]  # fmt: skip
    if named is None:
        raise ValueError(f"{ex.key} has no {kind} phase")
    return named.name.format(direction=direction)


def _close_up(ex: Exercise) -> Demonstration:
    plan = phase_plan(ex)
    film = closeup(ex.key, plan, fps=FPS)
    at = {name: i for i, name in enumerate(film.joints)}
    traced = "ball_inner" if ex.key == "outward-roll" else "heel"
    phases = [
        DemoPhase(
            kind=p.kind,
            label=_label(ex, p),
            seconds=p.seconds,
            start=a,
            end=b,
            side=p.side,
            direction=p.direction,
            trace=at[f"{p.side}_{traced}"] if p.kind in ("out", "back", "circle") else None,
        )
        for p, (a, b) in zip(plan, film.phase_frames, strict=True)
    ]
    feet = [i for i, name in enumerate(film.joints) if not name.endswith(("_hip", "_knee"))
            and "_shadow_" not in name]  # fmt: skip
    return Demonstration(
        exercise=ex.key, caption=_CAPTIONS[ex.key], view=_VIEWS[ex.key], fps=FPS,
        box=_box(film.xy[:, feet], above=CLOSE_UP_SHIN), joints=film.joints,
        bones=[(at[f"{s}_{a}"], at[f"{s}_{b}"], s) for s in ("left", "right")
               for a, b in (_CLOSE_BONES if ex.key == "outward-roll" else _CLOSE_BONES[:3])],
        outlines=[(s, [at[f"{s}_{p}"] for p in OUTLINE]) for s in ("left", "right")],
        shadows=[(s, [at[f"{s}_shadow_{p}"] for p in OUTLINE]) for s in ("left", "right")],
        floor=np.round(film.floor, 1).tolist(), band=[], frames=np.round(film.xy, 1).tolist(),
        far_side=film.far_side, phases=phases,
        colours=_colours(), label_joints={s: at[f"{s}_toe_big"] for s in ("left", "right")},
    )  # fmt: skip


def _squat(ex: Exercise) -> Demonstration:
    t = ex.dose.tempo
    tempo = motion.Tempo(out_s=t.out_s, hold_s=t.pause_s, back_s=t.back_s, rest_s=SQUAT_REST_S)
    clip = motion.squat(
        SQUAT_REPS_SHOWN, depth=SQUAT_DEPTH, knees_out=0.6, stance_m=SQUAT_STANCE_M,
        toe_out_rad=0.0, tempo=tempo, tempo_jitter=0.0,
    )  # fmt: skip
    reps = clip.truth.reps
    start_s = max(0.0, reps[0].start_s - SET_UP_S)
    step = max(1, round(clip.seq.fps / FPS))
    keep = np.flatnonzero(clip.seq.times >= start_s - 1e-9)[::step]
    index = [LANDMARK_INDEX[j] for j in BODY_JOINTS]
    xy = clip.clean_xy[keep][:, index, :]
    xy = np.concatenate([xy, _band_anchors(xy)], axis=1)
    joints = (*BODY_JOINTS, "left_band", "right_band")
    at = {name: i for i, name in enumerate(joints)}
    frame = lambda s: round((s - start_s) * FPS)  # noqa: E731
    hip = at["left_hip"]
    phases = [DemoPhase("setup", "Set-up: band in an X, knees out", SET_UP_S, 0,
                        frame(reps[0].start_s), None)]  # fmt: skip
    for rep in reps:
        edges = np.cumsum([rep.start_s, t.out_s, t.pause_s, t.back_s, SQUAT_REST_S])
        for kind, seconds, a, b in zip(("out", "hold", "back", "rest"),
                                       (t.out_s, t.pause_s, t.back_s, SQUAT_REST_S),
                                       edges[:-1], edges[1:], strict=True):  # fmt: skip
            if seconds:
                trace = hip if kind in ("out", "back") else None
                phases.append(DemoPhase(kind, _phase_name(ex, kind), seconds, frame(a), frame(b),
                                        None, trace=trace))  # fmt: skip
    end = min(phases[-1].end, len(xy))
    xy = xy[:end]
    bones = [(at[f"{s}_{a}"], at[f"{s}_{b}"], s) for s in ("left", "right") for a, b in _LIMBS]
    bones += [(at["left_shoulder"], at["right_shoulder"], "centre"),
              (at["left_hip"], at["right_hip"], "centre")]  # fmt: skip
    band = [(at["left_foot_index"], at["right_band"]), (at["right_foot_index"], at["left_band"])]
    far = ["left"] * len(xy)  # seen from the front, neither leg hides the other
    return Demonstration(
        exercise=ex.key, caption=_CAPTIONS[ex.key], view=_VIEWS[ex.key], fps=FPS,
        box=_box(xy, above=0.0), joints=joints, bones=bones, outlines=[], shadows=[], floor=[],
        band=band,
        frames=np.round(xy, 1).tolist(), far_side=far, phases=phases, colours=_colours(),
        label_joints={s: at[f"{s}_foot_index"] for s in ("left", "right")},
    )  # fmt: skip


def _band_anchors(xy: np.ndarray) -> np.ndarray:
    """Where the band wraps each leg: just above the knee (a sixth of the way to the hip)."""
    i = {name: k for k, name in enumerate(BODY_JOINTS)}
    anchors = [
        xy[:, i[f"{s}_knee"]] + (xy[:, i[f"{s}_hip"]] - xy[:, i[f"{s}_knee"]]) / 6
        for s in ("left", "right")
    ]
    return np.stack(anchors, axis=1)


def _colours() -> dict[str, str]:
    return {**SIDE_COLOURS, "centre": CENTRE_COLOUR, "band": BAND_COLOUR}


def _box(xy: np.ndarray, *, above: float) -> tuple[float, float, float, float]:
    """The box around ``xy`` (all frames), raised at the top by ``above`` times its height
    (so a close-up shows the shins over the feet), with a margin all round."""
    lo, hi = np.nanmin(xy, axis=(0, 1)), np.nanmax(xy, axis=(0, 1))
    lo[1] -= above * (hi[1] - lo[1])
    pad = MARGIN * (hi - lo).max()
    lo, hi = lo - pad, hi + pad
    return float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1])
