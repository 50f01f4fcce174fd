"""The close-up foot model: the roll lifts the inner edge of the front foot off the floor, the
heel circle lifts the rear heel and folds the toes under, and the legs keep their length."""

from __future__ import annotations

import numpy as np
import pytest

from footwork.synth.body import Body
from footwork.synth.closeup import ROLL_DEG, Phase, closeup


def _at(film, name: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    return film.world[:, film.joints.index(name)]


def test_the_outward_roll_lifts_the_inner_edge_and_keeps_the_outer_edge_down():
    film = closeup("outward-roll", [Phase("setup", 1, "right"), Phase("out", 2, "right"),
                                    Phase("hold", 1, "right")])  # fmt: skip
    inner, outer = _at(film, "right_ball_inner")[-1], _at(film, "right_ball_outer")[-1]
    width = Body().foot_width
    assert inner[2] > 0.8 * width * np.sin(np.radians(ROLL_DEG))  # the big-toe side is up
    assert outer[2] < 0.02  # the little-toe edge stays on the floor
    assert _at(film, "left_ball_inner")[-1][2] < 0.02  # the rear foot stays flat


def test_the_heel_circle_foot_is_up_on_folded_toes():
    film = closeup("heel-circle", [Phase("setup", 1, "left"),
                                   Phase("circle", 2, "left", "clockwise")])  # fmt: skip
    heel, toe, ball = (_at(film, f"left_{p}")[0] for p in ("heel", "toe_big", "ball_inner"))
    assert heel[2] > 0.1 and toe[2] == pytest.approx(0.0, abs=0.005)
    assert toe[1] < ball[1]  # the toes point backward, under the foot


def test_the_legs_keep_their_length_through_every_phase():
    body = Body()
    phases = [Phase("setup", 1, "left"), Phase("out", 2, "left"), Phase("switch", 2, "right"),
              Phase("out", 2, "right")]  # fmt: skip
    film = closeup("outward-roll", phases)
    for side in ("left", "right"):
        shin = np.linalg.norm(_at(film, f"{side}_knee") - _at(film, f"{side}_ankle"), axis=1)
        assert np.allclose(shin, body.shin, atol=1e-6)


def test_an_unknown_exercise_or_phase_is_refused():
    with pytest.raises(ValueError, match="no close-up"):
        closeup("banded-squat", [Phase("setup", 1, "left")])
    with pytest.raises(ValueError, match="unknown phase"):
        closeup("heel-circle", [Phase("jump", 1, "left")])
