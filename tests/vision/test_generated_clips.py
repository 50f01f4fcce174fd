"""Squat and heel-raise counting, view and exercise guess on generated landmark clips.

The motion generator (footwork.synth.motion) films a scripted body from any angle and adds
what a pose model adds (jitter, bursts, dropped frames), with the true reps known.

Clips that *start* mid-rep are left to the real clips: there a rep whose descent is partly
seen counts (../shared/media/README.md: squat_9, squat_16, squat_29), while the generator's
truth leaves it out.
"""

from __future__ import annotations

import pytest

from footwork.synth.camera import Camera
from footwork.synth.motion import (
    Filming,
    Tempo,
    heel_circle,
    heel_raise,
    lunge_test,
    outward_roll,
    squat,
)
from footwork.vision.pose.classify import guess_exercise
from footwork.vision.pose.exercises import get_analyser
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.view import classify_view

VIEWS = ("front", "rear", "left", "right", "front-left", "rear-right")


def _filmed(view: str, fps: float = 30.0) -> Filming:
    return Filming(camera=Camera(view=view), fps=fps)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("exercise", ["squat", "banded-squat"])
def test_squats_are_counted_exactly_from_every_angle(view, exercise):
    clip = squat(4, filming=_filmed(view), knees_out=0.3 if exercise == "banded-squat" else 0.0,
                 seed=len(view))  # fmt: skip
    assert get_analyser(exercise)(clip.seq).rep_count == clip.truth.count() == 4


def test_a_squat_cut_off_by_the_end_of_the_clip_is_not_counted():
    clip = squat(4, end_mid_rep=True, filming=_filmed("front"), seed=7)
    assert get_analyser("squat")(clip.seq).rep_count == clip.truth.count() == 4


def test_slow_paused_squats_report_their_tempo():
    tempo = Tempo(out_s=4.0, hold_s=2.0, back_s=2.0, rest_s=1.5)
    clip = squat(3, tempo=tempo, tempo_jitter=0.0, filming=_filmed("left"), seed=3)
    result = get_analyser("squat")(clip.seq)
    assert result.rep_count == 3
    for rep in result.reps:
        assert rep.measures["bottom_s"] >= 1.5
        assert rep.measures["descent_s"] > rep.measures["ascent_s"]
    assert all(f.code == "pause" for f in result.findings if f.rep)


@pytest.mark.parametrize("view", ["left", "front", "rear"])
@pytest.mark.parametrize("stride", [1, 4])  # 30 fps as filmed, 7.5 fps as footwork analyses
def test_heel_raises_are_counted_exactly(view, stride):
    seq = heel_raise(6, filming=_filmed(view), seed=11).seq
    strided = PoseSequence(xy=seq.xy[::stride], visibility=seq.visibility[::stride],
                           times=seq.times[::stride], fps=seq.fps / stride, width=seq.width,
                           height=seq.height)  # fmt: skip
    assert get_analyser("heel-raise")(strided).rep_count == 6


def test_a_heel_raise_cut_off_by_the_end_of_the_clip_is_not_counted():
    clip = heel_raise(5, end_mid_rep=True, filming=_filmed("left"), seed=4)
    assert get_analyser("heel-raise")(clip.seq).rep_count == clip.truth.count() == 5


@pytest.mark.parametrize(
    ("view", "expected"),
    [("front", "front"), ("rear", "rear"), ("left", "side"), ("right", "side"),
     ("front-left", "oblique"), ("rear-right", "oblique")],
)  # fmt: skip
def test_the_camera_view_is_recognised_on_generated_clips(view, expected):
    clip = squat(2, filming=_filmed(view), seed=2)
    assert classify_view(clip.seq).view == expected


@pytest.mark.parametrize(
    ("make", "expected"),
    [(lambda: squat(seed=21), "squat"), (lambda: heel_raise(seed=22), "heel-raise"),
     (lambda: heel_circle(seed=23), "heel-circle"), (lambda: outward_roll(seed=24), "outward-roll"),
     (lambda: lunge_test(seed=25), "lunge-test")],
)  # fmt: skip
@pytest.mark.slow
def test_each_exercise_is_named_without_being_told(make, expected):
    guess = guess_exercise(make().seq)
    assert guess.exercise == expected
    assert guess.confidence >= 0.5
