"""Interpreting measurements against targets, norms and measurement error."""

from __future__ import annotations

import pytest
from builders import NOON, ankle, arch, big_toe, lunge_cm, measurement, report
from hypothesis import given
from hypothesis import strategies as st

from footwork.domain.arch import ArchCategory, classify_arch_index
from footwork.domain.assessment import CORE_TESTS, interpret
from footwork.domain.measures import MeasureKind, Method
from footwork.domain.norms import SCREENING_NOTE
from footwork.domain.sides import Side

L, R = Side.LEFT, Side.RIGHT


@pytest.mark.parametrize(
    ("degrees", "band"),
    [
        (0.0, "very stiff"),
        (9.9, "very stiff"),
        (10.0, "below target"),
        (45.0, "below target"),
        (64.9, "below target"),
        (65.0, "at target"),
        (65.1, "at target"),
        (110.0, "at target"),
    ],
)
def test_big_toe_extension_is_judged_against_the_65_degree_target(degrees, band):
    f = interpret(big_toe(L, degrees))
    assert f.band == band
    assert f.target == 65.0
    assert f.gap_to_target == pytest.approx(65.0 - degrees)
    assert f.unit == "deg" and f.title == "Big-toe extension"
    assert any("Root" in s for s in f.sources)


@pytest.mark.parametrize(
    ("degrees", "band"),
    [(20.0, "restricted"), (36.4, "restricted"), (36.5, "typical"), (36.6, "typical")],
)
def test_the_lunge_angle_is_flagged_below_36_and_a_half_degrees(degrees, band):
    f = interpret(ankle(R, degrees))
    assert f.band == band
    assert f.target == 36.5
    assert any("Backman" in s for s in f.sources)


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (0.0, "high"),
        (0.20, "high"),
        (0.21, "high"),  # "0.21 or less" is a high arch (Cavanagh & Rodgers)
        (0.211, "normal"),
        (0.24, "normal"),
        (0.259, "normal"),
        (0.26, "flat"),
        (0.261, "flat"),
        (0.5, "flat"),
    ],
)
def test_the_arch_index_bands_meet_at_0_21_and_0_26(index, band):
    f = interpret(arch(L, index))
    assert f.band == band
    assert f.target is None and f.gap_to_target is None


@given(st.floats(min_value=0.0, max_value=0.5))
def test_the_report_and_the_footprint_classifier_agree_on_every_arch_index(index):
    assert interpret(arch(L, index)).band == classify_arch_index(index).value


@pytest.mark.parametrize(
    ("kind", "value", "method", "mdc"),
    [
        (MeasureKind.BIG_TOE_EXTENSION, 50, Method.GONIOMETER, 18.7),
        (MeasureKind.BIG_TOE_EXTENSION, 50, Method.PHONE_INCLINOMETER, 16.9),
        (MeasureKind.BIG_TOE_EXTENSION, 50, Method.PHOTO, 16.9),
        (MeasureKind.ANKLE_DORSIFLEXION, 40, Method.INCLINOMETER, 3.8),
        (MeasureKind.ANKLE_DORSIFLEXION, 40, Method.GONIOMETER, 7.7),
        (MeasureKind.ANKLE_DORSIFLEXION, 40, Method.VIDEO, 4.7),
        (MeasureKind.LUNGE_DISTANCE, 10, Method.TAPE, 1.5),
        (MeasureKind.LUNGE_DISTANCE, 10, Method.PHOTO, 1.9),
        (MeasureKind.ARCH_INDEX, 0.23, Method.FOOTPRINT, 0.02),
    ],
)
def test_the_smallest_real_change_depends_on_how_it_was_measured(kind, value, method, mdc):
    f = interpret(measurement(kind, L, value, method=method))
    assert f.mdc == mdc
    assert f.method == method.value


def test_a_measure_without_bands_says_what_is_typical_instead():
    f = interpret(measurement(MeasureKind.FOOT_LENGTH, L, 260))
    assert f.band is None
    assert f.meaning == "Recorded to scale the other measures."


@pytest.mark.parametrize(
    ("kind", "left", "right", "threshold", "notable", "tighter"),
    [
        (MeasureKind.ANKLE_DORSIFLEXION, 40, 34, 4.7, True, R),
        (MeasureKind.ANKLE_DORSIFLEXION, 34, 40, 4.7, True, L),
        (MeasureKind.ANKLE_DORSIFLEXION, 40, 37, 4.7, False, R),
        (MeasureKind.ANKLE_DORSIFLEXION, 34.8, 30.1, 4.7, True, R),  # exactly 4.7 as typed
        (MeasureKind.ANKLE_DORSIFLEXION, 34.8, 30.2, 4.7, False, R),
        (MeasureKind.LUNGE_DISTANCE, 12, 9.5, 1.5, True, R),
        (MeasureKind.LUNGE_DISTANCE, 12, 11, 1.5, False, R),
        (MeasureKind.BIG_TOE_EXTENSION, 70, 45, 18.7, True, R),  # no side norm: the MDC
        (MeasureKind.BIG_TOE_EXTENSION, 60, 45, 18.7, False, R),
        (MeasureKind.BIG_TOE_EXTENSION, 30.1, 48.8, 18.7, True, L),  # exactly 18.7 as typed
    ],
)
def test_a_side_difference_counts_only_when_it_is_larger_than_the_noise(
    kind, left, right, threshold, notable, tighter
):
    [diff] = report(measurement(kind, L, left), measurement(kind, R, right)).side_differences
    assert diff.kind is kind
    assert diff.difference == pytest.approx(left - right)
    assert diff.threshold == threshold
    assert diff.notable is notable
    assert diff.tighter_side is tighter


def test_feet_measured_by_two_methods_differ_only_beyond_the_larger_method_error():
    # Photo error 16.9 deg, goniometer 18.7 deg: an 18 deg gap is noise for the goniometer
    # reading, so it is not a real difference between the feet.
    left = measurement(MeasureKind.BIG_TOE_EXTENSION, L, 30, method=Method.PHOTO)
    right = measurement(MeasureKind.BIG_TOE_EXTENSION, R, 48, method=Method.GONIOMETER)
    [diff] = report(left, right).side_differences
    assert diff.threshold == 18.7
    assert not diff.notable and not diff.same_method
    assert (diff.left_method, diff.right_method) == (Method.PHOTO, Method.GONIOMETER)


def test_feet_measured_by_one_method_use_that_methods_error():
    left = measurement(MeasureKind.BIG_TOE_EXTENSION, L, 30, method=Method.PHOTO)
    right = measurement(MeasureKind.BIG_TOE_EXTENSION, R, 48, method=Method.PHOTO)
    [diff] = report(left, right).side_differences
    assert diff.threshold == 16.9 and diff.notable and diff.same_method


def test_two_methods_never_judge_below_the_side_to_side_norm():
    left = measurement(MeasureKind.ANKLE_DORSIFLEXION, L, 40, method=Method.INCLINOMETER)
    right = measurement(MeasureKind.ANKLE_DORSIFLEXION, R, 36, method=Method.GONIOMETER)
    [diff] = report(left, right).side_differences
    assert diff.threshold == 7.7  # the goniometer's error, above the 4.7 deg side norm
    assert not diff.notable


def test_two_methods_with_the_same_error_keep_the_side_to_side_norm():
    left = measurement(MeasureKind.LUNGE_DISTANCE, L, 12, method=Method.TAPE)
    right = measurement(MeasureKind.LUNGE_DISTANCE, R, 10, method=Method.RULER)
    [diff] = report(left, right).side_differences
    assert diff.threshold == 1.5  # tape and ruler share a 1.5 cm error
    assert diff.notable


def test_a_side_difference_needs_both_feet():
    assert report(ankle(L, 40), big_toe(R, 50)).side_differences == []


def test_with_nothing_measured_every_core_test_is_missing_on_both_feet():
    r = report()
    assert r.is_empty
    assert r.missing == [(k, s) for k in CORE_TESTS for s in (L, R)]
    assert r.note == SCREENING_NOTE


def test_either_lunge_measure_satisfies_the_ankle_test():
    r = report(big_toe(L, 50), lunge_cm(L, 11), ankle(R, 40), arch(L, 0.23))
    assert r.missing == [
        (MeasureKind.BIG_TOE_EXTENSION, R),
        (MeasureKind.ARCH_INDEX, R),
    ]


def test_the_latest_measurement_of_a_kind_and_side_wins_whatever_the_order():
    old, new = big_toe(L, 40), big_toe(L, 70, days_later=14)
    for given_order in ([old, new], [new, old]):
        r = report(*given_order, big_toe(R, 50))
        assert r.finding(MeasureKind.BIG_TOE_EXTENSION, L).value == 70
        assert r.finding(MeasureKind.BIG_TOE_EXTENSION, L).band == "at target"
        assert len(r.findings) == 2


def test_the_latest_measurement_wins_across_methods_too():
    r = report(
        ankle(L, 30, method=Method.GONIOMETER, taken_at=NOON),
        ankle(L, 41, method=Method.VIDEO, days_later=1),
    )
    f = r.finding(MeasureKind.ANKLE_DORSIFLEXION, L)
    assert (f.value, f.method, f.mdc) == (41, "video", 4.7)


def test_findings_come_in_a_fixed_order_by_measure_then_side():
    r = report(arch(R, 0.3), big_toe(R, 50), arch(L, 0.2), big_toe(L, 50), ankle(L, 40))
    assert [(f.kind, f.side) for f in r.findings] == [
        (MeasureKind.BIG_TOE_EXTENSION, L),
        (MeasureKind.BIG_TOE_EXTENSION, R),
        (MeasureKind.ANKLE_DORSIFLEXION, L),
        (MeasureKind.ARCH_INDEX, L),
        (MeasureKind.ARCH_INDEX, R),
    ]
    assert r.sides_in_band(MeasureKind.ARCH_INDEX, {ArchCategory.FLAT}) == [R]
    assert r.sides_in_band(MeasureKind.ARCH_INDEX, {ArchCategory.HIGH}) == [L]
