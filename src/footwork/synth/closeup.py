"""A close-up of the lower legs and feet, for the demonstrations of the two foot exercises.

The same body, movement script and foot model as the generated clips (``body``, ``script``),
with more points on each foot (an outline: both sides of the heel and of the ball, big and
little toe) so that a roll onto the outer edge or a heel circle is plain to see. The camera is
raised a little and looks down at the feet, so a staggered stance shows as one foot ahead of
the other, and it is close: the moving foot fills a good part of the picture.

A demonstration is a list of ``Phase``: each lasts some seconds and names the foot that moves.
The phases and their seconds come from the exercise's dose (the caller builds them); this
module turns them into the movement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from footwork.synth.body import SIDES, Body, build_skeleton, foot_points
from footwork.synth.camera import view_azimuth
from footwork.synth.script import NEUTRAL_BALL_X, Script, neutral_channels, posture_from

# The set-up of both foot exercises: "feet staggered, a little less than one normal step apart".
# A normal walking step is about 0.41 x standing height (0.72 m for 1.75 m); a little less than
# that, ball to ball, is 0.55 m.
STAGGER_M = 0.55
# Outward roll: the front heel stays off the floor (a small lift) and the foot tips onto its
# little-toe edge far enough to bring the ball past the little toe (about 35 degrees of tilt).
FRONT_HEEL_PITCH_DEG = 12.0
ROLL_DEG = 40.0
# Filmed from low in front, so the inner edge of the foot is seen lifting off the floor.
ROLL_CAMERA_ELEVATION_DEG = 14.0
# Heel circle: the rear foot up on its folded toes, the heel drawing big circles.
REAR_HEEL_PITCH_DEG = 45.0
CIRCLE_RADIUS_M = 0.055
FOLDED_BALL_LIFT_M = 0.02  # the toes folded under lift the ball of the foot a little

KINDS = ("setup", "out", "hold", "back", "circle", "switch", "rest")
PARTS: tuple[str, ...] = (
    "hip", "knee", "ankle", "heel", "heel_inner", "ball_inner", "toe_big", "toe_small",
    "ball_outer", "heel_outer",
)  # fmt: skip
OUTLINE: tuple[str, ...] = (
    "heel_inner", "ball_inner", "toe_big", "toe_small", "ball_outer", "heel_outer",
)  # fmt: skip
_OUT = {"left": -1.0, "right": 1.0}
_OTHER = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class Phase:
    """One timed part of a demonstration.

    kind       setup (hold the start position), out / hold / back (one roll), circle (one heel
               circle), switch (change feet), rest
    side       the foot that does the exercise in this phase
    direction  for a circle: "clockwise" or "counter-clockwise", as seen from behind
    """

    kind: str
    seconds: float
    side: str
    direction: str | None = None


@dataclass(frozen=True)
class CloseUpCamera:
    """A camera a little above the floor, looking down at the feet (perspective)."""

    view: str  # "front" or "rear"
    elevation_deg: float = 28.0
    distance_m: float = 1.6
    target: tuple[float, float, float] = (0.0, 0.0, 0.2)
    focal_px: float = 800.0

    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(position, right, down, forward) in world coordinates."""
        az, el = np.radians(view_azimuth(self.view)), np.radians(self.elevation_deg)
        toward = np.array([-np.sin(az) * np.cos(el), np.cos(az) * np.cos(el), np.sin(el)])
        position = np.array(self.target) + self.distance_m * toward
        forward = -toward
        right = np.cross(forward, [0.0, 0.0, 1.0])
        right /= np.linalg.norm(right)
        down = np.cross(forward, right)
        return position, right, down, forward

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (..., 2), y down, and depth (...) of world points (..., 3)."""
        position, right, down, forward = self.axes()
        rel = points - position
        depth = rel @ forward
        xy = np.stack([rel @ right, rel @ down], axis=-1) * (self.focal_px / depth[..., None])
        return xy, depth


@dataclass
class CloseUp:
    """The filmed close-up: per frame, every point of both legs in world metres and pixels."""

    joints: tuple[str, ...]  # "<side>_<part>"
    world: np.ndarray  # (T, J, 3) metres
    xy: np.ndarray  # (T, J, 2) pixels, y down
    far_side: list[str]  # per frame: the foot further from the camera (drawn first)
    floor: np.ndarray  # (4, 2) pixels: a floor patch under the feet
    phase_frames: list[tuple[int, int]]  # first frame and frame after the last, per phase
    fps: float


def foot_outline_points(body: Body) -> dict[str, np.ndarray]:
    """Points around a flat foot in the local frame at the ball (a forward, l outward, u up)."""
    fl, fw, h = body.foot_length, body.foot_width, body.height_m
    return {
        "heel": np.array([-0.72 * fl, 0.0, 0.012 * h]),
        "heel_inner": np.array([-0.70 * fl, -0.30 * fw, 0.010 * h]),
        "heel_outer": np.array([-0.70 * fl, 0.30 * fw, 0.010 * h]),
        "ball_inner": np.array([0.0, -0.50 * fw, 0.004 * h]),
        "ball_outer": np.array([-0.12 * fl, 0.48 * fw, 0.004 * h]),
        "toe_big": np.array([0.27 * fl, -0.32 * fw, 0.008 * h]),
        "toe_small": np.array([0.12 * fl, 0.42 * fw, 0.006 * h]),
    }


def _folded_toes(body: Body) -> dict[str, np.ndarray]:
    """The toes folded under the ball, pointing backward, on the floor."""
    fl, fw = body.foot_length, body.foot_width
    return {
        "toe_big": np.array([-0.10 * fl, -0.30 * fw, -FOLDED_BALL_LIFT_M]),
        "toe_small": np.array([-0.12 * fl, 0.36 * fw, -FOLDED_BALL_LIFT_M]),
    }


def _stance(front: str) -> dict[str, float]:
    """Channel values of the staggered stance with ``front`` foot ahead."""
    rear = _OTHER[front]
    return {
        f"{front}_x": _OUT[front] * NEUTRAL_BALL_X,
        f"{front}_y": STAGGER_M / 2,
        f"{rear}_x": _OUT[rear] * NEUTRAL_BALL_X,
        f"{rear}_y": -STAGGER_M / 2,
        "py": -0.11,
    }


def _ready(exercise: str, side: str) -> dict[str, float]:
    """The start position of ``side``: front foot heel up (roll) or rear foot on its toes."""
    if exercise == "outward-roll":
        return {f"{side}_pitch": np.radians(FRONT_HEEL_PITCH_DEG)}
    return {
        f"{side}_pitch": np.radians(REAR_HEEL_PITCH_DEG),
        f"{side}_fold": 1.0,
        f"{side}_radius": CIRCLE_RADIUS_M,
    }


def _rested(side: str) -> dict[str, float]:
    return {f"{side}_pitch": 0.0, f"{side}_fold": 0.0, f"{side}_radius": 0.0, f"{side}_roll": 0.0}


def _front(exercise: str, side: str) -> str:
    """The foot in front: the moving foot for the roll, the other one for the heel circle."""
    return side if exercise == "outward-roll" else _OTHER[side]


def closeup(exercise: str, phases: Sequence[Phase], *, fps: float = 15.0) -> CloseUp:
    """Film ``phases`` of "outward-roll" (from the front) or "heel-circle" (from behind)."""
    if exercise not in ("outward-roll", "heel-circle"):
        raise ValueError(f"no close-up for {exercise!r}")
    bad = [p.kind for p in phases if p.kind not in KINDS]
    if bad:
        raise ValueError(f"unknown phase kinds {bad}")
    body = Body()
    first = phases[0].side
    start = dict(neutral_channels(body), left_fold=0.0, right_fold=0.0)
    start.update(_stance(_front(exercise, first)))
    start.update(_ready(exercise, first))
    script = Script(start=start)
    bounds = []
    for phase in phases:
        begin = script.now
        _script_phase(script, exercise, phase)
        bounds.append((begin, script.now))
    t = np.arange(round(script.now * fps)) / fps
    legs = _legs(script, body, t)
    joints = tuple(f"{s}_{p}" for s in SIDES for p in PARTS)
    # Each foot's outline dropped onto the floor: its shadow, to show what leaves the floor.
    shadow = legs[:, [joints.index(f"{s}_{p}") for s in SIDES for p in OUTLINE]].copy()
    shadow[..., 2] = 0.0
    world = np.concatenate([legs, shadow], axis=1)
    joints += tuple(f"{s}_shadow_{p}" for s in SIDES for p in OUTLINE)
    camera = (
        CloseUpCamera(view="front", elevation_deg=ROLL_CAMERA_ELEVATION_DEG)
        if exercise == "outward-roll"
        else CloseUpCamera(view="rear")
    )
    xy, depth = camera.project(world)
    ankles = [joints.index(f"{s}_ankle") for s in SIDES]
    far = ["left" if depth[i, ankles[0]] > depth[i, ankles[1]] else "right" for i in range(len(t))]
    floor_world = np.array([[x, y, 0.0] for x, y in ((-0.35, -0.45), (0.35, -0.45),
                                                     (0.35, 0.45), (-0.35, 0.45))])  # fmt: skip
    floor, _ = camera.project(floor_world)
    frames = [(round(a * fps), round(b * fps)) for a, b in bounds]
    return CloseUp(joints, world, xy, far, floor, frames, fps)


def _script_phase(script: Script, exercise: str, phase: Phase) -> None:
    side, s = phase.side, phase.seconds
    if phase.kind in ("setup", "hold", "rest"):
        script.hold(s)
    elif phase.kind == "out":
        script.move_to(s, {f"{side}_roll": np.radians(ROLL_DEG)})
    elif phase.kind == "back":
        script.move_to(s, {f"{side}_roll": 0.0})
    elif phase.kind == "circle":
        turn = 2 * np.pi if phase.direction == "clockwise" else -2 * np.pi
        script.move_to(s, {f"{side}_phase": script.value(f"{side}_phase") + turn}, ease="linear")
    elif phase.kind == "switch":
        _switch(script, exercise, side, s)


def _switch(script: Script, exercise: str, side: str, seconds: float) -> None:
    """Change feet: the foot that was working settles, the feet step, ``side`` gets ready."""
    other = _OTHER[side]
    stance = _stance(_front(exercise, side))
    script.move_to(0.25 * seconds, _rested(other), ease="sine")
    for foot in (_front(exercise, side), _OTHER[_front(exercise, side)]):
        keys = (f"{foot}_x", f"{foot}_y", "py") if foot == _front(exercise, side) else (
            f"{foot}_x", f"{foot}_y")  # fmt: skip
        script.move_to(0.25 * seconds, {k: stance[k] for k in keys}, ease="sine")
    script.move_to(0.25 * seconds, _ready(exercise, side), ease="sine")


def _legs(script: Script, body: Body, t: np.ndarray) -> np.ndarray:
    """(T, J, 3) world positions of ``PARTS`` of both legs."""
    posture = posture_from(script, body, t)
    fold = {s: script.curve(f"{s}_fold", t) for s in SIDES}
    for s in SIDES:
        ball = posture.feet[s].ball.copy()
        ball[:, 2] += FOLDED_BALL_LIFT_M * fold[s]
        posture.feet[s] = replace(posture.feet[s], ball=ball)
    skeleton = build_skeleton(body, posture)
    points = []
    for s in SIDES:
        foot = foot_points(body, posture.feet[s], _OUT[s], foot_outline_points(body))
        flat = replace(posture.feet[s], pitch=np.zeros_like(t), swing=np.zeros_like(t))
        folded = foot_points(body, flat, _OUT[s], _folded_toes(body))
        w = fold[s][:, None]
        for toe, under in folded.items():
            foot[toe] = (1.0 - w) * foot[toe] + w * under
        for part in PARTS:
            points.append(
                skeleton[f"{s}_{part}"] if part in ("hip", "knee", "ankle") else foot[part]
            )
    return np.stack(points, axis=1)
