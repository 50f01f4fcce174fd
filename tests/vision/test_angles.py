"""Angle definitions and their computation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.vision.pose.angles import (
    INCLINATIONS,
    JOINT_ANGLES,
    angle_between,
    inclination,
    inclination_from_vertical,
    joint_angle,
)
from footwork.vision.pose.sequence import LANDMARK_INDEX, PoseSequence


@pytest.mark.parametrize(
    ("a", "vertex", "b", "expected"),
    [((0, 0), (0, 1), (0, 2), 180.0), ((1, 0), (0, 0), (0, 1), 90.0),
     ((1, 0), (0, 0), (1, 1), 45.0), ((1, 0), (0, 0), (1, 0), 0.0)],
)  # fmt: skip
def test_joint_angles_of_known_triangles(a, vertex, b, expected):
    got = angle_between(np.array(a, float), np.array(vertex, float), np.array(b, float))
    assert got == pytest.approx(expected)


def test_a_zero_length_segment_gives_nan_not_an_error():
    assert np.isnan(angle_between(np.zeros(2), np.zeros(2), np.ones(2)))


@pytest.mark.parametrize(
    ("upper", "lower", "expected"),
    [((0, 0), (0, 10), 0.0), ((0, 0), (10, 10), 45.0), ((10, 0), (0, 10), 45.0),
     ((0, 0), (10, 0), 90.0)],
)  # fmt: skip
def test_inclination_is_measured_from_straight_down_either_way(upper, lower, expected):
    got = inclination_from_vertical(np.array(upper, float), np.array(lower, float))
    assert got == pytest.approx(expected)


points = st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4))


@given(points, points, points)
def test_joint_angles_stay_between_0_and_180(a, v, b):
    got = angle_between(np.array(a), np.array(v), np.array(b))
    assert np.isnan(got) or 0.0 <= got <= 180.0


def _standing_with_bent_knee() -> PoseSequence:
    xy = np.zeros((1, 33, 2))
    pts = {"left_hip": (100, 100), "left_knee": (100, 200), "left_ankle": (200, 200),
           "left_shoulder": (100, 0)}  # fmt: skip
    for name, p in pts.items():
        xy[0, LANDMARK_INDEX[name]] = p
    return PoseSequence(xy=xy, visibility=np.ones((1, 33)), times=np.zeros(1), fps=30,
                        width=400, height=400)  # fmt: skip


def test_definitions_name_real_landmarks_and_compute_on_a_sequence():
    for d in JOINT_ANGLES.values():
        assert {d.a, d.vertex, d.b} <= set(LANDMARK_INDEX)
    for d in INCLINATIONS.values():
        assert {d.upper, d.lower} <= set(LANDMARK_INDEX)
    seq = _standing_with_bent_knee()
    assert joint_angle(seq, "left_knee")[0] == pytest.approx(90.0)
    assert joint_angle(seq, "left_hip")[0] == pytest.approx(180.0)
    assert inclination(seq, "left_shin")[0] == pytest.approx(90.0)
