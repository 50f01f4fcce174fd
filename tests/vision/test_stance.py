"""Squat, lunge or jump: each knee bend judged by what the knees and feet do (fast, generated).

Two kinds of generated movement. ``footwork.synth.lunge_motion`` scripts a 3-D body doing
stepping lunges, box jumps and jump squats, filmed from any view. And some are made from
generated squats by moving landmarks the way the other movement moves them:

* a split-stance lunge: one knee drops toward the floor while the other stays about a shin
  above its ankle, in step with the hips going down;
* a box jump: after each knee bend the whole body leaves the floor (both ankles and the
  hips up together) and lands a shin higher, on the box, where it stays;
* a jump squat: the same flight, landing where it took off, with the next squat sunk into.
"""

from __future__ import annotations

import numpy as np
import pytest

from footwork.synth.camera import Camera
from footwork.synth.lunge_motion import box_jump, jump_squat, stepping_lunge
from footwork.synth.motion import Filming, Tempo, squat
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.exercises.squat import knee_bends
from footwork.vision.pose.exercises.stance import Movement
from footwork.vision.pose.sequence import LANDMARK_INDEX, PoseSequence

TEMPO = Tempo(out_s=1.5, hold_s=0.3, back_s=1.2, rest_s=1.5)


def _squats(view: str = "front", seed: int = 3, reps: int = 4):
    filming = Filming(camera=Camera(view=view), fps=24.0)
    return squat(reps, tempo=TEMPO, tempo_jitter=0.0, filming=filming, seed=seed)


def _shin_px(seq: PoseSequence) -> float:
    lengths = np.linalg.norm(seq.point("right_knee") - seq.point("right_ankle"), axis=1)
    return float(np.nanmedian(lengths))


def _copy(seq: PoseSequence, xy: np.ndarray) -> PoseSequence:
    return PoseSequence(xy=xy, visibility=seq.visibility.copy(), times=seq.times, fps=seq.fps,
                        width=seq.width, height=seq.height)  # fmt: skip


def _lunges(seq: PoseSequence) -> PoseSequence:
    """The right knee drops toward the floor as the hips go down (the back leg of a lunge)."""
    hips = (seq.point("left_hip")[:, 1] + seq.point("right_hip")[:, 1]) / 2
    drop = np.clip((hips - np.nanmin(hips)) / np.ptp(hips[np.isfinite(hips)]), 0, 1)
    xy = seq.xy.copy()
    xy[:, LANDMARK_INDEX["right_knee"], 1] += np.nan_to_num(drop) * 0.9 * _shin_px(seq)
    return _copy(seq, xy)


def _with_flights(clip, *, land_higher_shin: float) -> PoseSequence:
    """A 0.3 s flight (everything 0.6 shin up) as each rep ends; after it the body stands
    ``land_higher_shin`` higher than before (0 = lands in place)."""
    seq = clip.seq
    shin, t = _shin_px(seq), seq.times
    lift = np.zeros(len(t))
    for n, rep in enumerate(clip.truth.reps):
        flight = (t >= rep.end_s - 0.35) & (t < rep.end_s - 0.05)
        lift[flight] = 0.6 * shin + n * land_higher_shin * shin
        lift[t >= rep.end_s - 0.05] = (n + 1) * land_higher_shin * shin
    xy = seq.xy.copy()
    xy[:, :, 1] -= lift[:, None]
    return _copy(seq, xy)


@pytest.mark.parametrize("view", ["front", "left", "front-left"])
def test_generated_squats_are_judged_squats(view):
    clip = _squats(view)
    bends = knee_bends(clip.seq)
    assert len(bends.squats) == 4
    assert not bends.others


@pytest.mark.parametrize("view", ["front", "left", "front-left"])
def test_lunges_count_no_squat_and_say_so(view):
    seq = _lunges(_squats(view).seq)
    bends = knee_bends(seq)
    assert bends.others[Movement.LUNGE] == 4
    result = get_analyser("squat")(seq)
    assert result.rep_count == 0
    (finding,) = [f for f in result.findings if f.code == "looks-like-lunges"]
    assert finding.severity == "warn" and "lunges" in finding.message
    assert finding.to_dict() in result.to_dict()["findings"]


def test_box_jumps_count_no_squat_and_say_so():
    seq = _with_flights(_squats("left"), land_higher_shin=1.0)
    result = get_analyser("banded-squat")(seq)
    assert result.rep_count == 0
    assert [f.code for f in result.findings if f.severity == "warn"] == ["looks-like-jumps"]


def test_jump_squats_landing_in_place_still_count():
    clip = _squats("left")
    seq = _with_flights(clip, land_higher_shin=0.0)
    assert get_analyser("squat")(seq).rep_count == clip.truth.count() == 4


def test_a_knee_bend_with_one_foot_stepping_forward_is_a_lunge():
    clip = _squats("left")
    seq = clip.seq
    t, shin = seq.times, _shin_px(seq)
    step = np.zeros(len(t))
    for rep in clip.truth.reps:  # the right foot steps 1.5 shin forward and back each rep
        inside = (t > rep.start_s) & (t < rep.end_s)
        phase = (t[inside] - rep.start_s) / (rep.end_s - rep.start_s)
        step[inside] = 1.5 * shin * np.sin(np.pi * phase)
    xy = seq.xy.copy()
    for name in ("right_ankle", "right_heel", "right_foot_index", "right_knee"):
        xy[:, LANDMARK_INDEX[name], 0] += step
    bends = knee_bends(_copy(seq, xy))
    assert bends.others[Movement.LUNGE] == 4 and not bends.squats


def test_a_split_stance_seen_from_the_side_is_a_lunge_even_with_level_knees():
    seq = _squats("left").seq
    xy = seq.xy.copy()
    for name in ("right_ankle", "right_heel", "right_foot_index", "right_knee"):
        xy[:, LANDMARK_INDEX[name], 0] += 2.0 * _shin_px(seq)  # right foot a stride ahead
    bends = knee_bends(_copy(seq, xy))
    assert bends.others[Movement.LUNGE] == 4 and not bends.squats


@pytest.mark.parametrize("view", ["front", "front-left", "rear"])
def test_a_very_wide_squat_stance_is_still_a_squat(view):
    filming = Filming(camera=Camera(view=view), fps=24.0)
    clip = squat(3, tempo=TEMPO, tempo_jitter=0.0, stance_m=0.8, filming=filming, seed=5)
    assert get_analyser("squat")(clip.seq).rep_count == 3


def test_a_lunge_among_squats_is_left_out_and_named():
    clip = _squats("front")
    lunged = _lunges(clip.seq)
    second = clip.truth.reps[1]
    during = (clip.seq.times >= second.start_s) & (clip.seq.times <= second.end_s)
    xy = clip.seq.xy.copy()
    xy[during] = lunged.xy[during]  # only the second rep is a lunge
    result = get_analyser("squat")(_copy(clip.seq, xy))
    assert result.rep_count == 3
    (finding,) = [f for f in result.findings if f.code == "looks-like-lunges"]
    assert finding.severity == "info" and finding.message.startswith("1 other knee bend")


# Generated movements from footwork.synth.lunge_motion (a scripted 3-D body, any view).
GEN_VIEWS = ("front", "rear", "left", "front-left", "rear-right")


@pytest.mark.parametrize("view", GEN_VIEWS)
def test_generated_stepping_lunges_count_no_squat_and_say_so(view):
    clip = stepping_lunge(filming=Filming(camera=Camera(view=view), fps=30.0), seed=len(view))
    result = get_analyser("squat")(clip.seq)
    assert result.rep_count == 0
    assert [f.code for f in result.findings if f.severity == "warn"] == ["looks-like-lunges"]


@pytest.mark.parametrize("view", GEN_VIEWS)
def test_generated_box_jumps_count_no_squat_and_say_so(view):
    clip = box_jump(filming=Filming(camera=Camera(view=view), fps=30.0), seed=len(view))
    result = get_analyser("squat")(clip.seq)
    assert result.rep_count == 0
    assert [f.code for f in result.findings if f.severity == "warn"] == ["looks-like-jumps"]


@pytest.mark.parametrize("view", GEN_VIEWS)
def test_generated_jump_squats_count_one_per_bottom(view):
    clip = jump_squat(filming=Filming(camera=Camera(view=view), fps=30.0), seed=len(view))
    assert get_analyser("squat")(clip.seq).rep_count == clip.truth.count() == 4


def test_knee_bends_with_the_shins_out_of_the_picture_are_not_judged_squats():
    seq = _squats("front").seq
    ankles = np.nanmedian(
        seq.xy[:, [LANDMARK_INDEX["left_ankle"], LANDMARK_INDEX["right_ankle"]], 1]
    )
    cropped = PoseSequence(xy=seq.xy, visibility=seq.visibility, times=seq.times, fps=seq.fps,
                           width=seq.width, height=int(ankles - 1.5 * _shin_px(seq)))  # fmt: skip
    result = get_analyser("squat")(cropped)
    assert result.rep_count == 0
    assert [f.code for f in result.findings] == ["feet-not-seen"]
