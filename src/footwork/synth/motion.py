"""Generated BlazePose landmark sequences with known truth, for the exercises no real clip shows.

Each movement function scripts a 3-D body (``footwork.synth.body``), films it with a level
pinhole camera from a named view (``footwork.synth.camera``), adds what a pose model adds
(``footwork.synth.realism``) and returns a ``SyntheticClip``: the ``PoseSequence``, the
``Truth`` (reps per foot and direction, pauses, angles) and the clean 3-D skeleton.

    heel_circle     rear heel drawing circles, per foot and direction (filmed from behind)
    outward_roll    front foot rolling onto its outer edge and back, with end-range pauses
    lunge_test      knee-to-wall lunge from the side; optional heel lift at the end
    squat           squats of a given depth and tempo (banded: knees pushed out)
    heel_raise      both heels up and down

Directions of heel circles are given as seen from behind the person; the truth records the
direction as seen in the generated image (the same from behind, mirrored from the front).
All randomness comes from ``seed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from footwork.domain.sides import parse_direction, parse_side
from footwork.synth.body import Body, Posture, foot_points, heading_axes
from footwork.synth.camera import Camera
from footwork.synth.render import (
    Filming,
    Rendered,
    SyntheticClip,
    Truth,
    TruthRep,
    heel_down_mask,
    render,
)
from footwork.synth.script import NEUTRAL_BALL_X, Script, neutral_channels
from footwork.vision.pose.sequence import LANDMARK_INDEX

__all__ = [
    "Filming",
    "SyntheticClip",
    "Tempo",
    "Truth",
    "TruthRep",
    "heel_circle",
    "heel_raise",
    "lunge_test",
    "outward_roll",
    "outward_roll_as_done",
    "squat",
]

_OUT = {"left": -1.0, "right": 1.0}
_OTHER = {"left": "right", "right": "left"}
DEFAULT_CIRCLE_BLOCKS: tuple[tuple[str, str, float], ...] = (
    ("right", "clockwise", 5),
    ("right", "counter-clockwise", 5),
    ("left", "clockwise", 5),
    ("left", "counter-clockwise", 5),
)


# ---------------------------------------------------------------- shared script pieces


def _begin(filming: Filming, *, walk: bool = True) -> Script:
    """Walk in (if the realism asks for it), then stand still for ``setup_s`` at neutral."""
    body, realism = filming.body, filming.realism
    neutral = neutral_channels(body)
    if not walk or realism.walk_in_s <= 0:
        script = Script(start=neutral)
        script.hold(realism.setup_s)
        return script
    right = filming.camera.axes()[1][:2]
    d = right / np.linalg.norm(right)  # walk across the picture, left to right
    yaw = float(np.arctan2(-d[0], d[1]))
    side_dir = np.array([np.cos(yaw), np.sin(yaw)])
    origin = -d * 1.1 * realism.walk_in_s
    start = dict(neutral, px=origin[0], py=origin[1], yaw=yaw)
    for s in ("left", "right"):
        foot = origin + _OUT[s] * NEUTRAL_BALL_X * side_dir
        start.update({f"{s}_x": foot[0], f"{s}_y": foot[1], f"{s}_yaw": yaw})
    script = Script(start=start)
    _walk_steps(script, origin, d, side_dir, realism.walk_in_s)
    script.move(
        0.6,
        ease="sine",
        yaw=0.0,
        px=0.0,
        py=neutral["py"],
        left_yaw=0.0,
        left_x=-NEUTRAL_BALL_X,
        left_y=0.0,
    )
    script.move(0.5, ease="sine", right_yaw=0.0, right_x=NEUTRAL_BALL_X, right_y=0.0)
    script.hold(realism.setup_s)
    return script


def _walk_steps(
    script: Script, origin: np.ndarray, d: np.ndarray, side_dir: np.ndarray, walk_s: float
) -> None:
    n_steps = max(2, round(walk_s / 0.5))
    for k in range(n_steps):
        side = ("left", "right")[k % 2]
        p = origin * (1.0 - (k + 1) / n_steps)
        foot = p + 0.12 * d + _OUT[side] * NEUTRAL_BALL_X * side_dir
        targets = {"px": p[0], "py": p[1], f"{side}_x": foot[0], f"{side}_y": foot[1]}
        script.move_to(walk_s / n_steps, targets, ease="sine")


def _stagger(
    script: Script, front: str, front_y: float, rear_y: float, step_s: float = 0.6
) -> None:
    """Step into a staggered stance: ``front`` foot forward, the other back."""
    rear = _OTHER[front]
    first = {"py": (front_y + rear_y) / 2 - 0.11, f"{front}_x": _OUT[front] * NEUTRAL_BALL_X,
             f"{front}_y": front_y}  # fmt: skip
    script.move_to(step_s, first, ease="sine")
    second = {f"{rear}_x": _OUT[rear] * NEUTRAL_BALL_X, f"{rear}_y": rear_y}
    script.move_to(step_s, second, ease="sine")


def _jittered(seconds: float, jitter: float, rng: np.random.Generator) -> float:
    return float(seconds * np.clip(1.0 + jitter * rng.normal(), 0.7, 1.3))


def _frames(rendered: Rendered, start_s: float, end_s: float) -> np.ndarray:
    return (rendered.times >= start_s) & (rendered.times <= end_s)


def _shift(reps: list[TruthRep], t0: float) -> list[TruthRep]:
    for r in reps:
        r.start_s, r.end_s = r.start_s - t0, r.end_s - t0
    return reps


# ---------------------------------------------------------------- heel circles


@dataclass
class _CircleBlock:
    side: str
    n_circles: float
    radius_m: float
    bounds: list[tuple[float, float]]  # script times of each full circle


def heel_circle(
    blocks: Sequence[tuple[str, str, float]] = DEFAULT_CIRCLE_BLOCKS,
    *,
    radius_m: float = 0.05,
    seconds_per_circle: float = 2.5,
    speed_jitter: float = 0.08,
    pause_s: float = 1.5,
    heel_pitch_deg: float = 40.0,
    stance_m: float = 0.5,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Heel circles: for each (foot, direction, n_circles) block, that foot steps back, rises
    onto its toes and its heel draws ``n_circles`` turns (a multiple of 0.25; fractions are
    partial circles that must not count). ``direction`` is as seen from behind the person.
    Truth: one rep per full circle, with side and the direction as seen in the image.
    """
    filming = filming or Filming(camera=Camera(view="rear", height_m=0.5, target=(0, 0, 0.8)))
    rng = np.random.default_rng(seed)
    script = _begin(filming)
    drawn: list[_CircleBlock] = []
    up: str | None = None
    for foot, direction, n in blocks:
        side = str(parse_side(foot))
        if side != up:
            if up is not None:
                script.move_to(0.8, {f"{up}_pitch": 0.0})
            _stagger(script, _OTHER[side], stance_m / 2, -stance_m / 2)
            script.move_to(0.8, {f"{side}_pitch": np.radians(heel_pitch_deg)})
            script.hold(0.4)
            up = side
        sign = 1.0 if parse_direction(direction) == "clockwise" else -1.0
        bounds = _draw_circles(
            script, side, sign * n, radius_m, seconds_per_circle, speed_jitter, rng
        )
        drawn.append(_CircleBlock(side, n, radius_m, bounds))
        script.hold(pause_s)
    if up is not None:
        script.move_to(0.8, {f"{up}_pitch": 0.0})
    script.hold(1.0)
    rendered = render(script, filming, rng, source="synthetic:heel-circle")
    return _clip(rendered, filming, _heel_circle_truth(rendered, drawn))


def _draw_circles(
    script: Script,
    side: str,
    turns: float,
    radius: float,
    seconds: float,
    jitter: float,
    rng: np.random.Generator,
) -> list[tuple[float, float]]:
    """Script ``turns`` circles (sign = direction) of the heel; returns each full circle's times.

    The radius grows from 0 over the first quarter turn and shrinks over the last, as a person
    eases into and out of the circles.
    """
    quarters = round(abs(turns) * 4)
    if quarters < 2:
        raise ValueError("a block needs at least half a circle (0.5 turns)")
    step = np.sign(turns) * np.pi / 2
    phase = script.value(f"{side}_phase")
    bounds, circle_start, circle_s = [], script.now, _jittered(seconds, jitter, rng)
    for q in range(quarters):
        phase += step
        targets = {f"{side}_phase": phase}
        if q == 0:
            targets[f"{side}_radius"] = radius
        if q == quarters - 1:
            targets[f"{side}_radius"] = 0.0
        script.move_to(circle_s / 4, targets, ease="linear")
        if q % 4 == 3:
            bounds.append((circle_start, script.now))
            circle_start, circle_s = script.now, _jittered(seconds, jitter, rng)
    return bounds


def _heel_circle_truth(rendered: Rendered, blocks: list[_CircleBlock]) -> Truth:
    truth = Truth(exercise="heel-circle")
    for block in blocks:
        if not block.bounds:
            continue
        sel = _frames(rendered, block.bounds[0][0], block.bounds[-1][1])
        path = rendered.clean_xy[sel, LANDMARK_INDEX[f"{block.side}_heel"]]
        direction = "clockwise" if _signed_area(path) > 0 else "counter-clockwise"
        width_px = float(np.ptp(path[:, 0]))
        for start, end in block.bounds:
            truth.reps.append(
                TruthRep(
                    block.side,
                    direction,
                    start,
                    end,
                    {
                        "radius_m": block.radius_m,
                        "seconds": end - start,
                        "width_px": width_px,
                    },
                )
            )
    return truth


def _signed_area(path: np.ndarray) -> float:
    """Shoelace area of a pixel path (y down): positive when it runs clockwise on screen."""
    x, y = path[:, 0] - path[:, 0].mean(), path[:, 1] - path[:, 1].mean()
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)


def _clip(rendered: Rendered, filming: Filming, truth: Truth) -> SyntheticClip:
    return SyntheticClip(
        seq=rendered.seq,
        truth=truth,
        skeleton=rendered.skeleton,
        clean_xy=rendered.clean_xy,
        body=filming.body,
        camera=filming.tilted_camera(),
    )


# ---------------------------------------------------------------- outward roll


def outward_roll(
    feet: Sequence[str] = ("right", "left"),
    reps_per_foot: int = 5,
    *,
    roll_deg: float | Mapping[str, float] = 25.0,
    roll_s: float | Mapping[str, float] = 2.0,
    pauses_s: Sequence[float] = (2.0,),
    rest_s: float = 1.5,
    tempo_jitter: float = 0.1,
    front_heel_pitch_deg: float = 12.0,
    stance_m: float = 0.45,
    end_mid_roll: float | None = None,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Outward rolls: per foot, that foot steps forward with its heel off the floor and rolls
    onto its outer edge ``reps_per_foot`` times, holding each end range for the next value of
    ``pauses_s`` (cycled; 0 = rolling straight back) and resting ``rest_s`` flat between rolls
    (0 = rolling out again at once). ``roll_deg`` and ``roll_s`` (the time of each way) may be
    given per foot (``{"left": .., "right": ..}``) for uneven feet.

    ``end_mid_roll`` (0–1) ends the clip during one more roll of the last foot, that far
    between halfway out (0) and the moment the foot would start rolling back (1): a set cut
    off with the foot still rolled out, which is not a rep.

    Truth: one rep per roll with side, ``pause_s`` and ``roll_deg``.
    """
    filming = filming or Filming(camera=Camera(view="front", height_m=0.5, target=(0, 0, 0.8)))
    rng = np.random.default_rng(seed)
    script = _begin(filming)
    reps: list[TruthRep] = []
    k = 0
    side = ""
    for foot in feet:
        side = str(parse_side(foot))
        size, each_way = _per_foot(roll_deg, side, foot), _per_foot(roll_s, side, foot)
        _stagger(script, side, stance_m / 2, -stance_m / 2)
        script.move_to(0.6, {f"{side}_pitch": np.radians(front_heel_pitch_deg)})
        script.hold(0.8)
        for _ in range(reps_per_foot):
            pause = float(pauses_s[k % len(pauses_s)])
            start = script.now
            out = {f"{side}_roll": np.radians(size)}
            script.move_to(_jittered(each_way, tempo_jitter, rng), out)
            script.hold(pause)
            end = script.move_to(_jittered(each_way, tempo_jitter, rng), {f"{side}_roll": 0.0})
            reps.append(TruthRep(side, None, start, end, {"pause_s": pause, "roll_deg": size}))
            script.hold(_jittered(rest_s, tempo_jitter, rng))
            k += 1
        if end_mid_roll is None:
            script.move_to(0.6, {f"{side}_pitch": 0.0})
    if end_mid_roll is None:
        script.hold(1.0)
        span = (0.0, script.now)
    else:
        span = (0.0, _cut_mid_roll(script, side, roll_deg, roll_s, pauses_s[k % len(pauses_s)],
                                   end_mid_roll, feet[-1]))  # fmt: skip
    rendered = render(script, filming, rng, source="synthetic:outward-roll", span=span)
    return _clip(rendered, filming, Truth(exercise="outward-roll", reps=reps))


OUTWARD_ROLL_VARIATIONS: tuple[str, ...] = ("no-pause", "short-pause", "uneven", "ends-mid-roll")
"""How people really do outward rolls when the cue is not followed (``outward_roll_as_done``)."""


def outward_roll_as_done(
    variation: str, seed: int = 0, *, filming: Filming | None = None
) -> SyntheticClip:
    """A set of outward rolls as people really do them, drawn at random from ``seed``.

    Every set: 3–6 rolls per foot, either foot first, rolls of 18–32°, 1–2 s each way.

    ``no-pause``       straight back from end range, and 0–1 s flat between rolls (0 = rolling
                       to and fro without stopping); rolls 0.8–2 s each way
    ``short-pause``    end range held 0.15–0.7 s (a turn-around, not a pause)
    ``uneven``         one foot (either) rolls 16–20° and 2–3 s each way, the other 24–32°
                       and 0.9–1.5 s; pauses 1–2.5 s (16° is the smallest roll that always
                       counts, see ``OutwardRollThresholds.enter_deg``)
    ``ends-mid-roll``  pauses 0.5–2.5 s, then the clip ends during one more roll of the last
                       foot, anywhere from halfway out to the end of its pause: not a rep
    """
    if variation not in OUTWARD_ROLL_VARIATIONS:
        raise ValueError(f"unknown variation {variation!r}; one of {OUTWARD_ROLL_VARIATIONS}")
    rng = np.random.default_rng([seed, 10])
    n = int(rng.integers(3, 7))
    feet = ("left", "right") if rng.random() < 0.5 else ("right", "left")
    roll_deg: float | dict[str, float] = float(rng.uniform(18.0, 32.0))
    roll_s: float | dict[str, float] = float(rng.uniform(1.0, 2.0))
    pauses: tuple[float, ...] = tuple(float(p) for p in rng.uniform(1.0, 2.5, n))
    rest_s, end_mid = float(rng.uniform(0.8, 2.0)), None
    if variation == "no-pause":
        pauses, roll_s = (0.0,), float(rng.uniform(0.8, 2.0))
        rest_s = 0.0 if rng.random() < 0.5 else float(rng.uniform(0.0, 1.0))
    elif variation == "short-pause":
        pauses = tuple(float(p) for p in rng.uniform(0.15, 0.7, n))
    elif variation == "uneven":
        small = str(rng.choice(feet))
        big = _OTHER[small]
        roll_deg = {small: float(rng.uniform(16.0, 20.0)), big: float(rng.uniform(24.0, 32.0))}
        roll_s = {small: float(rng.uniform(2.0, 3.0)), big: float(rng.uniform(0.9, 1.5))}
    else:
        pauses = tuple(float(p) for p in rng.uniform(0.5, 2.5, n))
        end_mid = float(rng.uniform(0.0, 1.0))
    return outward_roll(
        feet,
        n,
        roll_deg=roll_deg,
        roll_s=roll_s,
        pauses_s=pauses,
        rest_s=rest_s,
        end_mid_roll=end_mid,
        filming=filming,
        seed=seed,
    )


def _per_foot(value: float | Mapping[str, float], side: str, foot: str) -> float:
    """One foot's value of a number given for both feet or per foot."""
    if isinstance(value, Mapping):
        return float(value[side] if side in value else value[foot])
    return float(value)


def _cut_mid_roll(
    script: Script,
    side: str,
    roll_deg: float | Mapping[str, float],
    roll_s: float | Mapping[str, float],
    pause_s: float,
    where: float,
    foot: str,
) -> float:
    """Script one more roll of ``side``; return the script time at which the clip is cut."""
    if not 0.0 <= where <= 1.0:
        raise ValueError(f"end_mid_roll must be within 0–1, got {where}")
    each_way = _per_foot(roll_s, side, foot)
    start = script.now
    script.move_to(each_way, {f"{side}_roll": np.radians(_per_foot(roll_deg, side, foot))})
    script.hold(pause_s)
    script.move_to(each_way, {f"{side}_roll": 0.0})
    halfway, turning = start + each_way / 2, start + each_way + pause_s
    return halfway + where * (turning - halfway)


# ---------------------------------------------------------------- knee-to-wall lunge test


def lunge_test(
    sides: Sequence[str] = ("left", "right"),
    max_angle_deg: float | dict[str, float] = 40.0,
    *,
    attempts: int = 3,
    attempt_spread_deg: float = 3.0,
    heel_lift: bool = False,
    lift_extra_deg: float = 6.0,
    lift_m: float = 0.04,
    rise_s: float = 2.0,
    hold_s: float = 1.5,
    rear_stance_m: float = 0.32,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Knee-to-wall lunge: per side, that foot in front, ``attempts`` lunges driving the shin
    forward to a peak; the best attempt reaches ``max_angle_deg`` (the others up to
    ``attempt_spread_deg`` less). With ``heel_lift`` each attempt ends by lifting the front
    heel ``lift_m`` while the shin tips ``lift_extra_deg`` further: those frames do not count.
    Truth: one rep per attempt; ``summary['max_shin_angle_deg_<side>']`` is the largest shin
    inclination (3-D, from vertical) with the heel down.
    """
    camera = Camera(view="left", height_m=0.45, target=(0.0, -0.15, 0.85))
    filming = filming or Filming(camera=camera)
    rng = np.random.default_rng(seed)
    peaks = (
        max_angle_deg if isinstance(max_angle_deg, dict) else dict.fromkeys(sides, max_angle_deg)
    )
    script = _begin(filming)
    lift = (lift_m, lift_extra_deg) if heel_lift else None
    windows: list[tuple[str, float, float]] = []
    for foot in sides:
        side = str(parse_side(foot))
        _lunge_stance(script, side, rear_stance_m)
        offsets = rng.uniform(0.5, attempt_spread_deg, attempts)
        offsets[rng.integers(attempts)] = 0.0
        for offset in offsets:
            start = script.now
            peak = peaks[side] if side in peaks else peaks[foot]
            _lunge_attempt(script, side, peak - offset, rise_s, hold_s, lift)
            windows.append((side, start, script.now))
            script.hold(1.0)
        script.move_to(0.8, {"lunge": 0.0, f"{_OTHER[side]}_pitch": 0.0})
    script.hold(1.0)
    rendered = render(script, filming, rng, source="synthetic:lunge-test", hook=_lunge_hook)
    return _clip(rendered, filming, _lunge_truth(rendered, script, windows))


_LUNGE_REST_DEG = 8.0


def _lunge_stance(script: Script, front: str, rear_stance_m: float) -> None:
    """Step the ``front`` foot to the tape line, the other foot back onto its ball."""
    _stagger(script, front, 0.0, -rear_stance_m)
    script.move(0.01, front_left=1.0 if front == "left" else 0.0)
    script.move_to(0.8, {"lunge": 1.0, "theta": _LUNGE_REST_DEG, f"{_OTHER[front]}_pitch": 0.5})
    script.hold(0.5)


def _lunge_attempt(
    script: Script,
    side: str,
    peak_deg: float,
    rise_s: float,
    hold_s: float,
    lift: tuple[float, float] | None,
) -> None:
    """Lunge to ``peak_deg``, hold, optionally lift the heel (``lift``: metres, extra
    degrees) and settle back, then return to the split stance."""
    script.move(rise_s, theta=peak_deg)
    script.hold(hold_s)
    if lift is not None:
        lift_m, extra_deg = lift
        pitch = float(np.arcsin(lift_m / (0.72 * Body().foot_length)))
        script.move_to(0.6, {"theta": peak_deg + extra_deg, f"{side}_pitch": pitch})
        script.hold(0.4)
        script.move_to(0.5, {"theta": peak_deg, f"{side}_pitch": 0.0})
    script.move(0.8 * rise_s, theta=_LUNGE_REST_DEG)


def _lunge_hook(body: Body, posture: Posture, script: Script, t: np.ndarray) -> Posture:
    """Place the pelvis so the front shin leans exactly ``theta`` and the rear leg reaches.

    Front knee = front ankle + shin · (sin θ forward, cos θ up). The front thigh leans back
    from the knee by the smallest angle (from 5° + θ/2 up) that lets the rear leg reach its
    foot; the pelvis follows the front hip. ``lunge`` blends from the scripted pelvis.
    """
    weight = script.curve("lunge", t)[:, None]
    theta = np.radians(script.curve("theta", t))[:, None]
    left_front = script.curve("front_left", t) > 0.5
    forward, right = heading_axes(posture.yaw)
    out = np.where(left_front, -1.0, 1.0)[:, None]
    feet = {s: foot_points(body, posture.feet[s], _OUT[s])["ankle"] for s in ("left", "right")}
    front_ankle = np.where(left_front[:, None], feet["left"], feet["right"])
    rear_ankle = np.where(left_front[:, None], feet["right"], feet["left"])
    up = np.array([0.0, 0.0, 1.0])
    knee = front_ankle + body.shin * (np.sin(theta) * forward + np.cos(theta) * up)
    pelvis = _lunge_pelvis(body, knee, rear_ankle, theta, forward, right, out)
    posture.pelvis = (1.0 - weight) * posture.pelvis + weight * pelvis
    return posture


def _lunge_pelvis(
    body: Body,
    knee: np.ndarray,
    rear_ankle: np.ndarray,
    theta: np.ndarray,
    forward: np.ndarray,
    right: np.ndarray,
    out: np.ndarray,
) -> np.ndarray:
    up = np.array([0.0, 0.0, 1.0])
    phis = np.radians(np.arange(0.0, 80.0, 1.0))[None, :, None]
    hips = knee[:, None] + body.thigh * (-np.sin(phis) * forward[:, None] + np.cos(phis) * up)
    pelvis = hips - out[:, None] * body.hip_half_width * right[:, None]
    rear_hip = pelvis + out[:, None] * body.hip_half_width * right[:, None] * -1.0
    reach = np.linalg.norm(rear_hip - rear_ankle[:, None], axis=-1) <= 0.985 * (
        body.thigh + body.shin
    )
    preferred = phis[0, :, 0][None, :] >= np.radians(5.0) + theta / 2
    choice = np.argmax(reach & preferred, axis=1)
    choice = np.where((reach & preferred).any(axis=1), choice, len(phis[0]) - 1)
    return pelvis[np.arange(len(knee)), choice]


def _lunge_truth(
    rendered: Rendered, script: Script, windows: list[tuple[str, float, float]]
) -> Truth:
    sk, t = rendered.skeleton, rendered.times
    truth = Truth(exercise="lunge-test")
    for side in ("left", "right"):
        truth.frames[f"heel_down_{side}"] = heel_down_mask(sk, side)
        truth.frames[f"shin_angle_deg_{side}"] = _shin_inclination(sk, side)
    for side, start, end in windows:
        sel = _frames(rendered, start, end)
        angle = truth.frames[f"shin_angle_deg_{side}"]
        down = sel & truth.frames[f"heel_down_{side}"]
        truth.reps.append(
            TruthRep(
                side,
                None,
                start - t[0],
                end - t[0],
                {
                    "max_shin_angle_deg": float(angle[down].max()),
                    "max_shin_angle_any_deg": float(angle[sel].max()),
                },
            )
        )
    for side in sorted({str(r.side) for r in truth.reps}):
        best = max(r.measures["max_shin_angle_deg"] for r in truth.reps if r.side == side)
        truth.summary[f"max_shin_angle_deg_{side}"] = best
    return truth


def _shin_inclination(skeleton: dict[str, np.ndarray], side: str) -> np.ndarray:
    """(T,) 3-D angle of the ankle→knee line from vertical, degrees."""
    shin = skeleton[f"{side}_knee"] - skeleton[f"{side}_ankle"]
    return np.degrees(np.arccos(np.clip(shin[:, 2] / np.linalg.norm(shin, axis=1), -1.0, 1.0)))


# ---------------------------------------------------------------- squat and heel raise


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of a rep: going, holding at the far end, coming back, resting."""

    out_s: float = 2.0
    hold_s: float = 0.5
    back_s: float = 1.5
    rest_s: float = 1.0


def squat(
    reps: int = 5,
    *,
    depth: float = 0.8,
    tempo: Tempo = Tempo(),
    tempo_jitter: float = 0.08,
    knees_out: float = 0.0,
    stance_m: float = 0.44,
    toe_out_rad: float = 0.25,
    start_mid_rep: bool = False,
    end_mid_rep: bool = False,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Squats: ``reps`` full reps to ``depth`` (0 = standing, 1 = hips about knee height),
    with ``tempo``. ``knees_out`` pushes the knees apart (the banded squat); ``toe_out_rad``
    turns each foot out (0 = parallel, as the banded squat asks). With ``start_mid_rep`` the
    clip opens halfway down the first rep (which still counts: its bottom
    and return are in the clip, as in the human counts of ../shared/media), with
    ``end_mid_rep`` it stops halfway down one more (which does not count). Truth per rep:
    ``depth_m`` (hip drop), ``knee_flexion_deg`` at the bottom, and the bottom time.
    """
    filming = filming or Filming(camera=Camera(view="front"))
    rng = np.random.default_rng(seed)
    script = _begin(filming, walk=not start_mid_rep)
    half = stance_m / 2
    script.move(
        0.8, ease="sine", left_x=-half, left_yaw=toe_out_rad, knee_out=knees_out, arm_flex=1.4
    )
    script.move(0.8, ease="sine", right_x=half, right_yaw=-toe_out_rad)
    script.hold(0.6)
    stand = script.value("pz")
    bottom = {
        "pz": stand - depth * 0.5 * stand,
        "py": -0.11 - 0.18 * depth,
        "lean": 0.1 + 0.5 * depth,
    }
    top = {"pz": stand, "py": -0.11, "lean": 0.03}
    return _repeat(
        script,
        "squat",
        reps,
        bottom,
        top,
        tempo,
        tempo_jitter,
        (start_mid_rep, end_mid_rep),
        filming,
        rng,
    )


def heel_raise(
    reps: int = 10,
    *,
    heel_height_m: float = 0.06,
    tempo: Tempo = Tempo(out_s=1.0, hold_s=1.0, back_s=1.5, rest_s=0.5),
    tempo_jitter: float = 0.08,
    start_mid_rep: bool = False,
    end_mid_rep: bool = False,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Heel raises: both heels rise about ``heel_height_m`` and come back down, ``reps`` times.
    Mid-rep options as for ``squat``. Truth per rep: ``heel_rise_m`` and the top time.
    """
    filming = filming or Filming(camera=Camera(view="left"))
    rng = np.random.default_rng(seed)
    script = _begin(filming, walk=not start_mid_rep)
    pitch = float(np.arcsin(heel_height_m / (0.72 * filming.body.foot_length)))
    stand = script.value("pz")
    up = {"left_pitch": pitch, "right_pitch": pitch, "pz": stand + 0.9 * heel_height_m}
    down = {"left_pitch": 0.0, "right_pitch": 0.0, "pz": stand}
    return _repeat(
        script,
        "heel-raise",
        reps,
        up,
        down,
        tempo,
        tempo_jitter,
        (start_mid_rep, end_mid_rep),
        filming,
        rng,
    )


def _repeat(
    script: Script,
    exercise: str,
    reps: int,
    far: dict[str, float],
    near: dict[str, float],
    tempo: Tempo,
    jitter: float,
    partial: tuple[bool, bool],
    filming: Filming,
    rng: np.random.Generator,
) -> SyntheticClip:
    """Script ``reps`` reps between ``near`` and ``far`` (the first entered halfway if the clip
    starts mid-rep, plus a half rep at the end if it ends mid-rep), film them, and give the
    truth: every rep whose far end and return are inside the clip."""
    start_mid, end_mid = partial
    span_start = 0.0
    bounds = []
    if start_mid:
        span_start = script.now + tempo.out_s / 2
        _, peak, end = _one_rep(script, far, near, tempo, 0.0, rng)
        bounds.append((span_start, peak, end))
    bounds += [_one_rep(script, far, near, tempo, jitter, rng) for _ in range(reps - len(bounds))]
    span_end = script.now
    if end_mid:
        span_end = script.now + tempo.out_s / 2
        script.move_to(tempo.out_s, far)
    else:
        script.hold(1.0)
        span_end = script.now
    rendered = render(
        script, filming, rng, source=f"synthetic:{exercise}", span=(span_start, span_end)
    )
    truth = Truth(
        exercise=exercise, reps=_shift(_rep_truths(rendered, bounds, exercise), span_start)
    )
    for rep in truth.reps:
        rep.measures["peak_s"] -= span_start
    return _clip(rendered, filming, truth)


def _one_rep(
    script: Script,
    far: dict[str, float],
    near: dict[str, float],
    tempo: Tempo,
    jitter: float,
    rng: np.random.Generator,
) -> tuple[float, float, float]:
    """Script one rep; returns (start, far-end time, end) in script seconds."""
    start = script.now
    script.move_to(_jittered(tempo.out_s, jitter, rng), far)
    peak = script.now + tempo.hold_s / 2
    script.hold(tempo.hold_s)
    end = script.move_to(_jittered(tempo.back_s, jitter, rng), near)
    script.hold(_jittered(tempo.rest_s, jitter, rng))
    return start, peak, end


def _rep_truths(
    rendered: Rendered, bounds: list[tuple[float, float, float]], exercise: str
) -> list[TruthRep]:
    sk, t = rendered.skeleton, rendered.times
    reps = []
    for start, peak, end in bounds:
        i = int(np.argmin(np.abs(t - peak)))
        if exercise == "squat":
            hip = (sk["left_hip"][:, 2] + sk["right_hip"][:, 2]) / 2
            measures = {
                "depth_m": float(hip.max() - hip[i]),
                "knee_flexion_deg": _knee_flexion(sk, i),
                "peak_s": peak,
            }
        else:
            heel = (sk["left_heel"][:, 2] + sk["right_heel"][:, 2]) / 2
            measures = {"heel_rise_m": float(heel[i] - heel.min()), "peak_s": peak}
        reps.append(TruthRep(None, None, start, end, measures))
    return reps


def _knee_flexion(skeleton: dict[str, np.ndarray], i: int) -> float:
    """Mean knee flexion (degrees, 0 = straight) of both legs at frame ``i``."""
    out = []
    for s in ("left", "right"):
        thigh = skeleton[f"{s}_hip"][i] - skeleton[f"{s}_knee"][i]
        shin = skeleton[f"{s}_ankle"][i] - skeleton[f"{s}_knee"][i]
        cos = np.dot(thigh, shin) / (np.linalg.norm(thigh) * np.linalg.norm(shin))
        out.append(180.0 - float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))))
    return float(np.mean(out))
