"""The exercise guess tells squats from lunges and jumps (generated knee bends, fast).

Lunges and jumps are recognised but not counted by footwork: the guess names no exercise
and says what it saw, so the clip is not offered as "squat, 60% sure". A guess runs every
analyser (about a second a clip): only the lunge guess is in the fast loop.
"""

from __future__ import annotations

import pytest
from test_stance import _lunges, _squats, _with_flights

from footwork.errors import InvalidInput
from footwork.services.video import analyse_clip
from footwork.vision.pose.classify import guess_exercise
from footwork.vision.pose.landmark_csv import write_landmark_csv


@pytest.mark.slow
def test_squats_are_guessed_squats():
    guess = guess_exercise(_squats("front", reps=2).seq)
    assert guess.exercise == "squat" and guess.seen is None


def test_lunges_are_guessed_lunges_not_counted():
    guess = guess_exercise(_lunges(_squats("front-left", reps=2).seq))
    assert guess.exercise is None and guess.seen == "lunge"
    assert guess.confidence >= 0.5
    assert guess.best != "lunge"  # what to offer instead is an exercise footwork counts


@pytest.mark.slow
def test_box_jumps_are_guessed_jumps_not_a_foot_drill():
    guess = guess_exercise(_with_flights(_squats("left", reps=2), land_higher_shin=1.0))
    assert guess.exercise is None and guess.seen == "jump"


@pytest.mark.slow
def test_analysing_a_lunge_clip_without_an_exercise_says_it_looks_like_lunges(tmp_path):
    csv = write_landmark_csv(_lunges(_squats("front", reps=2).seq), tmp_path / "lunges.csv")
    with pytest.raises(InvalidInput, match="looks like lunges, which footwork does not count"):
        analyse_clip(csv, None)
