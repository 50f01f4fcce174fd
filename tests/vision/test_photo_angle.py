"""Angles from clicked points: goniometer-style, big-toe extension and lunge shin angle."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.errors import InvalidInput
from footwork.vision.pictures.photo_angle import AnglePreset, measure_angle, parse_points

SIZE = (1000, 800)


@pytest.mark.parametrize(
    ("points", "preset", "expected"),
    [
        ("100,400 300,400 300,200", AnglePreset.NONE, 90.0),
        ("100,400 300,400 500,400.5", AnglePreset.NONE, None),  # nearly straight: refused
        ("100,400 300,400 500,400", AnglePreset.BIG_TOE_EXTENSION, None),  # straight: refused
        ("100,400 300,400 473.2,300", AnglePreset.BIG_TOE_EXTENSION, 30.0),
        ("100,500 300,500 300,300", AnglePreset.BIG_TOE_EXTENSION, 90.0),
        ("400,200 400,600", AnglePreset.LUNGE, 0.0),
        ("515.5,400 400,600", AnglePreset.LUNGE, 30.0),
        ("284.5,400 400,600", AnglePreset.LUNGE, 30.0),
    ],
)
def test_clinical_angles_from_points(
    points: str, preset: AnglePreset, expected: float | None
) -> None:
    if expected is None:
        with pytest.raises(InvalidInput, match="straight line"):
            measure_angle(parse_points(points), SIZE, preset)
        return
    angle = measure_angle(parse_points(points), SIZE, preset)
    assert angle.value_deg == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize(
    ("points", "preset", "message"),
    [
        ("100,400 300,400", AnglePreset.NONE, "needs 3 points"),
        ("100,400 300,400 300,200", AnglePreset.LUNGE, "needs 2 points"),
        ("100,400 300,400 1300,200", AnglePreset.NONE, "outside"),
        ("100,400 -3,400 300,200", AnglePreset.NONE, "outside"),
        ("100,400 101,401 300,200", AnglePreset.NONE, "same"),
        ("100;400 300,400 300,200", AnglePreset.NONE, "Cannot read"),
        ("100,400 300,x 300,200", AnglePreset.NONE, "Cannot read"),
    ],
)
def test_bad_points_are_refused_with_a_reason(
    points: str, preset: AnglePreset, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        measure_angle(parse_points(points), SIZE, preset)


coordinate = st.tuples(st.floats(0, 999), st.floats(0, 799))


@given(coordinate, coordinate, coordinate)
def test_the_angle_stays_in_range_and_does_not_depend_on_point_order(a, b, c) -> None:
    try:
        forward = measure_angle([a, b, c], SIZE, AnglePreset.NONE)
    except InvalidInput:
        return
    backward = measure_angle([c, b, a], SIZE, AnglePreset.NONE)
    assert 0.0 <= forward.value_deg <= 180.0
    assert forward.value_deg == pytest.approx(backward.value_deg, abs=1e-9)
    extension = measure_angle([a, b, c], SIZE, AnglePreset.BIG_TOE_EXTENSION)
    assert extension.value_deg == pytest.approx(180.0 - forward.value_deg)


@given(st.floats(-80, 80), st.floats(50, 300))
def test_the_shin_angle_is_the_tilt_from_vertical(tilt: float, length: float) -> None:
    ankle = (500.0, 700.0)
    knee = (
        ankle[0] + length * math.sin(math.radians(tilt)),
        ankle[1] - length * math.cos(math.radians(tilt)),
    )
    angle = measure_angle([knee, ankle], SIZE, AnglePreset.LUNGE)
    assert angle.value_deg == pytest.approx(abs(tilt), abs=1e-6)
