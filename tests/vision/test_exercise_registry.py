"""The exercise registry: names users type, and the analyser each one runs."""

from __future__ import annotations

import pytest

from footwork.errors import InvalidInput
from footwork.vision.pose.exercises import EXERCISE_NAMES, check_exercise, get_analyser
from footwork.vision.pose.exercises.heel_raise import analyze as heel_raise
from footwork.vision.pose.exercises.squat import analyze as squat
from footwork.vision.pose.exercises.squat import analyze_banded_squat


def test_the_six_supported_exercises_are_registered():
    assert set(EXERCISE_NAMES) == {"banded-squat", "squat", "heel-circle", "outward-roll",
                                   "lunge-test", "heel-raise"}  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "analyser"),
    [("squat", squat), ("Banded Squat", analyze_banded_squat), ("heel_raise", heel_raise)],
)
def test_names_are_forgiving_about_case_spaces_and_underscores(typed, analyser):
    assert get_analyser(typed) is analyser


def test_an_unknown_exercise_lists_the_supported_ones():
    with pytest.raises(InvalidInput) as info:
        check_exercise("push-up")
    assert "Unknown exercise 'push-up'" in str(info.value)
    assert all(name in str(info.value) for name in EXERCISE_NAMES)
