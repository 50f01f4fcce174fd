"""Film a movement script: sample it, build the 3-D skeleton, project it, add pose-model flaws."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from footwork.synth.body import Body, Posture, build_skeleton, heading_axes
from footwork.synth.camera import Camera
from footwork.synth.realism import Realism, corrupt
from footwork.synth.script import Script, posture_from
from footwork.vision.pose.sequence import LANDMARK_NAMES, PoseSequence

PostureHook = Callable[[Body, Posture, Script, np.ndarray], Posture]
_FACE = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "mouth_left",
    "mouth_right",
)


@dataclass
class TruthRep:
    """One rep the generator drew: who, which way, when, and how much."""

    side: str | None
    direction: str | None
    start_s: float
    end_s: float
    measures: dict[str, float] = field(default_factory=dict)


@dataclass
class Truth:
    """What the clip really contains.

    ``reps`` the full reps drawn inside the clip (partial reps at the clip ends excluded);
    ``summary`` clip-level facts (e.g. ``max_shin_angle_deg_left``); ``frames`` per-frame facts
    as (T,) arrays (e.g. ``heel_down_left``).
    """

    exercise: str
    reps: list[TruthRep] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)
    frames: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def count(self, side: str | None = None, direction: str | None = None) -> int:
        return sum(
            1
            for r in self.reps
            if (side is None or r.side == side) and (direction is None or r.direction == direction)
        )


@dataclass
class SyntheticClip:
    """A generated pose sequence, the truth behind it, and the clean 3-D body that made it."""

    seq: PoseSequence
    truth: Truth
    skeleton: dict[str, np.ndarray] = field(repr=False)
    clean_xy: np.ndarray = field(repr=False)
    body: Body = field(default_factory=Body)
    camera: Camera = field(default_factory=Camera)


@dataclass(frozen=True)
class Filming:
    """Everything about how a movement is filmed, shared by every movement function."""

    body: Body = field(default_factory=Body)
    camera: Camera = field(default_factory=Camera)
    realism: Realism = field(default_factory=Realism)
    fps: float = 30.0

    def tilted_camera(self) -> Camera:
        if self.realism.tilt_deg and not self.camera.roll_deg:
            return replace(self.camera, roll_deg=self.realism.tilt_deg)
        return self.camera


@dataclass
class Rendered:
    seq: PoseSequence
    skeleton: dict[str, np.ndarray]
    clean_xy: np.ndarray
    times: np.ndarray  # script time of each frame (seq.times is shifted to start at 0)


def render(
    script: Script,
    filming: Filming,
    rng: np.random.Generator,
    *,
    source: str,
    span: tuple[float, float] | None = None,
    hook: PostureHook | None = None,
) -> Rendered:
    """Sample ``script`` over ``span`` (script seconds; default all) and film it."""
    if not 24 <= filming.fps <= 60:
        raise ValueError(f"fps must be within 24–60, got {filming.fps}")
    t0, t1 = span if span is not None else (0.0, script.now)
    t = t0 + np.arange(int(np.floor((t1 - t0) * filming.fps)) + 1) / filming.fps
    body = filming.body
    posture = posture_from(script, body, t)
    posture.pelvis = posture.pelvis + _sway(t, filming.realism.sway_m, rng)
    if hook is not None:
        posture = hook(body, posture, script, t)
    skeleton = build_skeleton(body, posture)
    camera = filming.tilted_camera()
    world = np.stack([skeleton[name] for name in LANDMARK_NAMES], axis=1)
    clean_xy, depth = camera.project(world)
    vis = _visibility(skeleton, posture, camera)
    xy, vis = corrupt(clean_xy, vis, filming.realism, filming.fps, rng)
    hips = (depth[:, 23] + depth[:, 24])[:, None] / 2
    z = (depth - hips) * camera.focal_px / np.maximum(hips, 1e-6)
    seq = PoseSequence(
        xy=xy,
        visibility=vis,
        times=t - t0,
        fps=filming.fps,
        width=camera.width,
        height=camera.height,
        z=z,
        source=source,
    )
    return Rendered(seq=seq, skeleton=skeleton, clean_xy=clean_xy, times=t)


def _sway(t: np.ndarray, amplitude: float, rng: np.random.Generator) -> np.ndarray:
    """Slow standing sway: two low-frequency sinusoids per horizontal axis."""
    out = np.zeros((len(t), 3))
    if amplitude <= 0:
        return out
    for axis in (0, 1):
        for _ in range(2):
            freq, phase = rng.uniform(0.08, 0.35), rng.uniform(0, 2 * np.pi)
            out[:, axis] += amplitude / 2 * np.sin(2 * np.pi * freq * t + phase)
    return out


def _visibility(skeleton: dict[str, np.ndarray], posture: Posture, camera: Camera) -> np.ndarray:
    """BlazePose-like visibility: high for points facing the camera, lower on the far side."""
    forward, right = heading_axes(posture.yaw)
    position = camera.axes()[0]
    toward = position - posture.pelvis
    toward[:, 2] = 0.0
    toward /= np.linalg.norm(toward, axis=-1, keepdims=True)
    facing_front = np.sum(forward * toward, axis=-1)
    facing_right = np.sum(right * toward, axis=-1)
    vis = np.empty((len(posture.yaw), len(LANDMARK_NAMES)))
    for i, name in enumerate(LANDMARK_NAMES):
        if name in _FACE:
            vis[:, i] = 0.55 + 0.43 * facing_front
        else:
            side = 1.0 if "right" in name else -1.0
            vis[:, i] = 0.86 + 0.12 * side * facing_right
    return vis


def heel_down_mask(skeleton: dict[str, np.ndarray], side: str, tol_m: float = 0.002) -> np.ndarray:
    """(T,) True where that heel is within ``tol_m`` of its lowest height in the clip."""
    z = skeleton[f"{side}_heel"][:, 2]
    return z <= z.min() + tol_m
