"""Rep measures read as people write them: a label and a unit, one mapping for every interface."""

from __future__ import annotations

import pytest

from footwork.vision.pose.rep_measures import REP_MEASURES, measure_text, rep_measure


@pytest.mark.parametrize(
    ("key", "value", "text"),
    [
        ("descent_s", 1.44, "down 1.4 s"),
        ("knees_out_ratio", 1.0857, "knees out (knee ÷ ankle width) 1.09"),
        ("depth", 0.423, "depth (hip drop, % of standing hip height) 42%"),
        ("knee_angle_deg", 97.6, "knee angle at the bottom 98°"),
        ("hip_below_knee", 1.0, "hips below knees yes"),
        ("hip_below_knee", 0.0, "hips below knees no"),
        ("roll_deg", 21.2, "roll 21°"),
        ("radius_shin", 0.083, "circle radius (% of shin length) 8%"),
    ],
)
def test_a_rep_measure_reads_with_its_label_and_unit(key, value, text):
    assert measure_text(key, value) == text


def test_an_unknown_measure_is_labelled_from_its_name_and_unit_suffix():
    assert measure_text("tilt_deg", 12.3) == "tilt 12.3°"
    assert measure_text("sway_s", 0.5) == "sway 0.5 s"
    assert measure_text("wobble", 0.123) == "wobble 0.12"


def test_column_headings_name_the_unit_and_no_label_shows_a_raw_key():
    assert rep_measure("descent_s").heading == "down (s)"
    assert rep_measure("hip_below_knee").heading == "hip<knee"
    for key, m in REP_MEASURES.items():
        assert "_" not in m.label and "_" not in m.short, key
