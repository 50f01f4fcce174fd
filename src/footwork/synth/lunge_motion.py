"""Generated knee bends that are not squats, and jump squats, with known truth.

Built from the motion generator's pieces (``footwork.synth.script``, ``render``): a scripted
3-D body filmed from any view, with what a pose model adds. They test that the squat counter
counts squats only (``footwork.vision.pose.exercises.stance``):

    stepping_lunge  forward lunges stepping out from standing and back, alternating legs:
                    the back knee sinks toward the floor, the back heel comes up
    box_jump        a quick dip, a jump onto a box in front, a crouched landing, standing
                    up on the box, stepping back down
    jump_squat      squats with a jump out of each bottom, landing in place

The truth names what was drawn: lunges per leg (``exercise="lunge"``), jumps
(``exercise="box-jump"``), or squats (``exercise="squat"``, one per bottom; the landing after
the last jump is not a rep).
"""

from __future__ import annotations

import numpy as np

from footwork.synth.camera import Camera
from footwork.synth.render import Filming, SyntheticClip, Truth, TruthRep, render
from footwork.synth.script import Script, neutral_channels

_SIDES = ("right", "left")


def _stand(filming: Filming) -> Script:
    """Stand still at neutral for the realism's set-up time, feet hip width apart."""
    script = Script(start=neutral_channels(filming.body))
    script.hold(max(1.0, filming.realism.setup_s))
    return script


def _clip(
    script: Script, filming: Filming, rng: np.random.Generator, truth: Truth
) -> SyntheticClip:
    rendered = render(script, filming, rng, source=f"synthetic:{truth.exercise}")
    return SyntheticClip(seq=rendered.seq, truth=truth, skeleton=rendered.skeleton,
                         clean_xy=rendered.clean_xy, body=filming.body,
                         camera=filming.tilted_camera())  # fmt: skip


def stepping_lunge(
    reps: int = 4,
    *,
    step_m: float = 0.75,
    drop: float = 0.33,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Forward lunges stepping out and back, right leg first, then alternating.

    Each rep: one foot steps ``step_m`` forward while the hips move forward and sink by
    ``drop`` of standing hip height (the back heel rising), holds, then pushes back to
    standing. Truth per rep: ``side`` is the stepping leg.
    """
    filming = filming or Filming(camera=Camera(view="front"))
    rng = np.random.default_rng(seed)
    script = _stand(filming)
    stand_z, stand_y = script.value("pz"), script.value("py")
    truth = Truth(exercise="lunge")
    for k in range(reps):
        side, back = _SIDES[k % 2], _SIDES[(k + 1) % 2]
        start = script.now
        out_s, back_s = (float(s) for s in rng.uniform(0.9, 1.3, 2))
        script.move_to(out_s, {f"{side}_y": step_m, "py": stand_y + 0.45 * step_m,
                               "pz": stand_z * (1 - drop), f"{back}_pitch": 0.6,
                               "lean": 0.15})  # fmt: skip
        script.hold(float(rng.uniform(0.2, 0.5)))
        script.move_to(back_s, {f"{side}_y": 0.0, "py": stand_y, "pz": stand_z,
                                f"{back}_pitch": 0.0, "lean": 0.03})  # fmt: skip
        truth.reps.append(TruthRep(side, None, start, script.now))
        script.hold(float(rng.uniform(0.8, 1.4)))
    return _clip(script, filming, rng, truth)


def box_jump(
    reps: int = 3,
    *,
    box_m: float = 0.4,
    ahead_m: float = 0.5,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Box jumps: a quick dip, a jump onto a box ``box_m`` high and ``ahead_m`` in front, a
    crouched landing, standing up on the box, stepping back down one foot at a time."""
    filming = filming or Filming(camera=Camera(view="left"))
    rng = np.random.default_rng(seed)
    script = _stand(filming)
    stand_z, stand_y = script.value("pz"), script.value("py")
    truth = Truth(exercise="box-jump")
    both = {f"{s}_lift": 0.0 for s in _SIDES}
    for _ in range(reps):
        start = script.now
        script.move(float(rng.uniform(0.35, 0.5)), pz=stand_z * 0.72, lean=0.45)  # the dip
        script.move(0.15, pz=stand_z + 0.05, lean=0.1)  # push off
        air = {f"{s}_lift": box_m + 0.15 for s in _SIDES} | {f"{s}_y": ahead_m for s in _SIDES}
        script.move_to(0.2, air | {"pz": stand_z + box_m + 0.05, "py": stand_y + ahead_m})
        land = {f"{s}_lift": box_m for s in _SIDES}
        script.move_to(0.15, land | {"pz": stand_z + box_m - 0.05})
        script.move(float(rng.uniform(0.4, 0.6)), pz=stand_z * 0.75 + box_m, lean=0.4)
        script.move(float(rng.uniform(0.6, 0.9)), pz=stand_z + box_m, lean=0.03)
        truth.reps.append(TruthRep(None, None, start, script.now))
        script.hold(float(rng.uniform(0.6, 1.0)))
        for side in _SIDES:  # step back down, one foot at a time
            script.move_to(0.6, {f"{side}_lift": 0.0, f"{side}_y": 0.0})
            script.hold(0.2)
        script.move_to(0.4, both | {"pz": stand_z, "py": stand_y})
        script.hold(float(rng.uniform(1.0, 1.5)))
    return _clip(script, filming, rng, truth)


def jump_squat(
    reps: int = 4,
    *,
    depth: float = 0.35,
    jump_m: float = 0.2,
    filming: Filming | None = None,
    seed: int = 0,
) -> SyntheticClip:
    """Jump squats in place: down to ``depth`` of standing hip height, a jump of ``jump_m``
    out of the bottom, landing where the feet took off, and sinking into the next squat;
    after the last jump the landing is absorbed and the person stands (not a rep)."""
    filming = filming or Filming(camera=Camera(view="left"))
    rng = np.random.default_rng(seed)
    script = _stand(filming)
    stand_z = script.value("pz")
    half = 0.22  # feet a little wider than hip width
    script.move(0.6, ease="sine", left_x=-half, right_x=half)
    script.hold(0.6)
    truth = Truth(exercise="squat")
    bottom = {"pz": stand_z * (1 - depth), "py": -0.2, "lean": 0.35}
    for _ in range(reps):
        start = script.now
        script.move_to(float(rng.uniform(0.7, 1.0)), bottom)
        script.hold(float(rng.uniform(0.1, 0.3)))
        script.move(0.3, pz=stand_z + 0.02, py=-0.11, lean=0.05)  # drive up
        air = {f"{s}_lift": jump_m for s in _SIDES}
        script.move_to(0.2, air | {"pz": stand_z + jump_m})
        script.move_to(0.2, {f"{s}_lift": 0.0 for s in _SIDES} | {"pz": stand_z})
        truth.reps.append(TruthRep(None, None, start, script.now))
    script.move(0.3, pz=stand_z * 0.85, lean=0.2)  # absorbing the last landing
    script.move(0.5, pz=stand_z, lean=0.03)
    script.hold(1.5)
    return _clip(script, filming, rng, truth)


__all__ = ["box_jump", "jump_squat", "stepping_lunge"]
