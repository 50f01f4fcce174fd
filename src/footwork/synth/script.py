"""A movement script: named body channels moved step by step, then sampled at the frame times.

A script is a list of steps; each step lasts some seconds and moves some channels to new
values (the others hold). ``Script.curve`` samples a channel at any times with the step's
easing. The movement functions in ``footwork.synth.motion`` write scripts; ``posture_from``
turns the sampled channels into a ``Posture`` for the body model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from footwork.synth.body import SIDES, Body, FootPose, Posture

NEUTRAL_BALL_X = 0.10  # feet about hip width apart at rest (metres from the midline)


def trapezoid_ease(u: np.ndarray, accel: float = 0.2) -> np.ndarray:
    """Position 0→1 of a move with constant acceleration, constant speed, constant braking.

    A slow, controlled human movement looks like this: a short speed-up, an even middle and a
    short slow-down. ``accel`` is the share of the move spent speeding up (and slowing down).
    """
    u = np.clip(u, 0.0, 1.0)
    v = 1.0 / (1.0 - accel)
    rise = v * u**2 / (2 * accel)
    middle = v * (accel / 2 + (u - accel))
    fall = 1.0 - v * (1.0 - u) ** 2 / (2 * accel)
    return np.where(u < accel, rise, np.where(u > 1.0 - accel, fall, middle))


def linear_ease(u: np.ndarray) -> np.ndarray:
    return np.clip(u, 0.0, 1.0)


def sine_ease(u: np.ndarray) -> np.ndarray:
    return (1.0 - np.cos(np.pi * np.clip(u, 0.0, 1.0))) / 2.0


_EASES = {"trapezoid": trapezoid_ease, "linear": linear_ease, "sine": sine_ease}


@dataclass
class _Step:
    start: float
    duration: float
    targets: dict[str, float]
    ease: str


@dataclass
class Script:
    """Channels (name → starting value) and the steps that move them."""

    start: dict[str, float]
    steps: list[_Step] = field(default_factory=list)
    now: float = 0.0

    def move(self, duration: float, ease: str = "trapezoid", **targets: float) -> float:
        """Move the named channels to ``targets`` over ``duration`` s; returns the end time."""
        return self.move_to(duration, targets, ease=ease)

    def move_to(
        self, duration: float, targets: Mapping[str, float], ease: str = "trapezoid"
    ) -> float:
        """``move`` with the targets as a mapping (for channel names built at run time)."""
        unknown = set(targets) - set(self.start)
        if unknown:
            raise KeyError(f"unknown channels {sorted(unknown)}")
        self.steps.append(_Step(self.now, duration, dict(targets), ease))
        self.now += duration
        return self.now

    def hold(self, duration: float) -> float:
        return self.move(duration)

    def value(self, name: str) -> float:
        """The channel's value at the end of the script so far."""
        current = self.start[name]
        for step in self.steps:
            current = step.targets.get(name, current)
        return current

    def curve(self, name: str, t: np.ndarray) -> np.ndarray:
        """The channel sampled at times ``t``."""
        out = np.full(len(t), self.start[name], dtype=float)
        current = self.start[name]
        for step in self.steps:
            if name not in step.targets:
                continue
            target = step.targets[name]
            u = (t - step.start) / max(step.duration, 1e-9)
            moving = t >= step.start
            out = np.where(moving, current + (target - current) * _EASES[step.ease](u), out)
            current = target
        return out


def neutral_channels(body: Body) -> dict[str, float]:
    """Channel values of a person standing still, feet hip width apart, facing +y."""
    ch = {
        "px": 0.0,
        "py": -0.11,
        "pz": body.ankle_height + body.shin + body.thigh,
        "yaw": 0.0,
        "lean": 0.03,
        "knee_out": 0.0,
        "arm_flex": 0.08,
        "elbow_flex": 0.15,
        "lunge": 0.0,
        "theta": 0.0,
        "front_left": 1.0,
    }
    for s, sign in (("left", -1.0), ("right", 1.0)):
        ch.update(
            {
                f"{s}_x": sign * NEUTRAL_BALL_X,
                f"{s}_y": 0.0,
                f"{s}_yaw": 0.0,
                f"{s}_pitch": 0.0,
                f"{s}_roll": 0.0,
                f"{s}_phase": 0.0,
                f"{s}_radius": 0.0,
                f"{s}_lift": 0.0,
            }
        )
    return ch


def posture_from(script: Script, body: Body, t: np.ndarray) -> Posture:
    """Sample every channel and assemble the body posture (feet, pelvis, trunk, arms)."""
    c = {name: script.curve(name, t) for name in script.start}
    feet = {s: _foot_pose(body, c, s, t) for s in SIDES}
    pelvis = np.stack([c["px"], c["py"], c["pz"]], axis=-1)
    return Posture(
        pelvis=pelvis,
        yaw=c["yaw"],
        lean=c["lean"],
        feet=feet,
        knee_out=c["knee_out"],
        arm_flex=c["arm_flex"],
        elbow_flex=c["elbow_flex"],
    )


def _foot_pose(body: Body, c: dict[str, np.ndarray], side: str, t: np.ndarray) -> FootPose:
    x, y = c[f"{side}_x"], c[f"{side}_y"]
    ball = np.stack([x, y, _step_lift(x, y, t) + c[f"{side}_lift"]], axis=-1)
    pitch, swing = _heel_circle_angles(
        body,
        c[f"{side}_pitch"],
        c[f"{side}_phase"],
        c[f"{side}_radius"],
        outward=1.0 if side == "right" else -1.0,
    )
    return FootPose(
        ball=ball, yaw=c[f"{side}_yaw"], pitch=pitch, roll=c[f"{side}_roll"], swing=swing
    )


def _step_lift(x: np.ndarray, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """A moving foot clears the floor: lift grows with its horizontal speed (max 8 cm)."""
    if len(t) < 2:
        return np.zeros_like(x)
    speed = np.hypot(np.gradient(x, t), np.gradient(y, t))
    return np.minimum(0.08, 0.12 * speed)


def _heel_circle_angles(
    body: Body, pitch: np.ndarray, phase: np.ndarray, radius: np.ndarray, *, outward: float
) -> tuple[np.ndarray, np.ndarray]:
    """Foot pitch and swing that put the raised heel on a circle of ``radius`` metres.

    Seen from behind, the heel is at (sideways, up) = radius · (sin phase, cos phase) from its
    resting place: sideways toward the person's right (+x). The heel rotates about the ball at
    an arm of 0.72 foot lengths.
    """
    arm = 0.72 * body.foot_length
    horiz = arm * np.cos(pitch)
    swing = np.arcsin(np.clip(outward * radius * np.sin(phase) / horiz, -0.9, 0.9))
    return pitch + radius * np.cos(phase) / (arm * np.cos(pitch)), swing
