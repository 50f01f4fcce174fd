"""Progress: real change against measurement error, like-with-like series, adherence, streaks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from builders import ankle, arch, big_toe
from hypothesis import given
from hypothesis import strategies as st

from footwork.domain.measures import MeasureKind, Method
from footwork.domain.norms import NORMS
from footwork.domain.progress import Change, adherence, build_series, current_streak, longest_streak
from footwork.domain.sides import Side

L, R = Side.LEFT, Side.RIGHT
TODAY = date(2026, 11, 28)


def days_ago(*ns: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in ns]


@pytest.mark.parametrize(
    ("first", "last", "mdc", "is_real"),
    [
        (10.0, 14.0, 4.0, True),  # exactly the smallest detectable change counts
        (10.0, 13.5, 4.0, False),
        (10.0, 15.0, 4.0, True),
        (10.0, 6.0, 4.0, True),  # a real change downward too
        (10.0, 6.5, 4.0, False),
        (10.0, 10.0, 4.0, False),
        (10.0, 30.0, None, None),  # no known error: cannot judge
    ],
)
def test_a_change_is_real_only_at_or_beyond_the_smallest_detectable_change(
    first, last, mdc, is_real
):
    change = Change(first, last, mdc)
    assert change.delta == last - first
    assert change.is_real is is_real


@pytest.mark.parametrize(
    ("first", "last", "higher_is_better", "verdict"),
    [
        (40.0, 60.0, True, "a real improvement"),
        (60.0, 40.0, True, "a real decline"),
        (0.30, 0.20, False, "a real improvement"),
        (0.20, 0.30, False, "a real decline"),
        (0.20, 0.30, None, "a real change"),
        (40.0, 41.0, True, "within measurement noise: no real change yet"),
    ],
)
def test_the_direction_of_a_real_change_decides_improvement_or_decline(
    first, last, higher_is_better, verdict
):
    assert Change(first, last, 0.05 if first < 1 else 5.0).verdict(higher_is_better) == verdict


_MDCS = sorted({m.value for n in NORMS.values() for m in n.mdc.values()})


@given(
    mdc=st.sampled_from(_MDCS),
    first=st.decimals(min_value=0, max_value=100, places=2),
    sign=st.sampled_from([1, -1]),
)
def test_a_change_of_exactly_the_mdc_as_typed_is_real_and_one_step_less_is_not(mdc, first, sign):
    """Typed values are decimals: 47.2 -> 64.1 is exactly 16.9, whatever floats make of it."""
    exact = Decimal(str(mdc))
    last = first + sign * exact
    assert Change(float(first), float(last), mdc).is_real is True
    short = first + sign * (exact - Decimal("0.001"))
    assert Change(float(first), float(short), mdc).is_real is False


def test_a_big_toe_gain_of_exactly_16_9_degrees_on_a_phone_is_a_real_improvement():
    [s] = build_series(
        [big_toe(L, 47.2, method=Method.PHONE_INCLINOMETER),
         big_toe(L, 64.1, method=Method.PHONE_INCLINOMETER, days_later=28)]
    )  # fmt: skip
    assert s.verdict == "a real improvement"


def test_a_change_without_a_known_error_says_so():
    assert Change(1.0, 2.0, None).verdict(True) == "no known measurement error to judge this change"


def test_series_are_grouped_by_measure_side_and_method_and_never_mix_methods():
    ms = [
        big_toe(L, 40, days_later=14),
        big_toe(L, 45, method=Method.PHOTO, days_later=7),
        ankle(L, 35, days_later=0),
        big_toe(R, 50, days_later=3),
        big_toe(L, 38, days_later=0),
        ankle(L, 40, days_later=21),
        big_toe(L, 62, days_later=28),
    ]
    series = build_series(ms)
    keys = [(s.kind, s.side, s.method) for s in series]
    assert keys == [
        (MeasureKind.BIG_TOE_EXTENSION, L, Method.GONIOMETER),
        (MeasureKind.BIG_TOE_EXTENSION, L, Method.PHOTO),
        (MeasureKind.BIG_TOE_EXTENSION, R, Method.GONIOMETER),
        (MeasureKind.ANKLE_DORSIFLEXION, L, Method.INCLINOMETER),
    ]
    for s in series:
        assert {p.method for p in s.points} == {s.method}
        assert {(p.kind, p.side) for p in s.points} == {(s.kind, s.side)}
        assert [p.taken_at for p in s.points] == sorted(p.taken_at for p in s.points)
    toe_left = series[0]
    assert [p.value for p in toe_left.points] == [38, 40, 62]
    assert toe_left.target == 65.0
    assert toe_left.change == Change(38, 62, 18.7)
    assert toe_left.verdict == "a real improvement"
    assert series[1].change is None and series[1].verdict == "one measurement so far"
    assert series[3].change == Change(35, 40, 3.8)
    assert series[3].verdict == "a real improvement"


def test_a_small_arch_index_change_is_noise_and_a_big_one_is_just_a_change():
    [small] = build_series([arch(L, 0.25), arch(L, 0.26, days_later=30)])
    [big] = build_series([arch(R, 0.28), arch(R, 0.24, days_later=30)])
    assert small.verdict == "within measurement noise: no real change yet"
    assert big.verdict == "a real change"  # neither direction of arch index is "better"


def test_adherence_counts_distinct_days_with_a_session_in_the_last_28_days():
    days = days_ago(0, 0, 1, 2, 5, 10, 27, 28, 40)
    a = adherence(days, TODAY)
    assert (a.window_days, a.planned_days, a.done_days) == (28, 28, 6)
    assert a.rate == pytest.approx(6 / 28)
    assert a.last_session == TODAY


@pytest.mark.parametrize(
    ("since", "planned", "done"),
    [
        (TODAY - timedelta(days=3), 4, 3),  # a plan started 3 days ago plans 4 days
        (TODAY, 1, 1),
        (TODAY - timedelta(days=100), 28, 5),  # never more than the window
        (TODAY + timedelta(days=1), 0, 0),  # a plan that starts tomorrow plans nothing yet
    ],
)
def test_adherence_only_counts_days_since_the_plan_started(since, planned, done):
    a = adherence(days_ago(0, 1, 3, 4, 20, 30), TODAY, since=since)
    assert (a.planned_days, a.done_days) == (planned, done)
    assert a.rate == (done / planned if planned else 0.0)


def test_a_seven_day_window_for_last_weeks_adherence():
    a = adherence(days_ago(1, 2, 3, 4, 5, 9), TODAY, window_days=7)
    assert (a.planned_days, a.done_days) == (7, 5)


def test_no_sessions_means_no_adherence_and_no_streak():
    a = adherence([], TODAY)
    assert (a.done_days, a.rate, a.current_streak, a.longest_streak, a.last_session) == (
        0,
        0.0,
        0,
        0,
        None,
    )


@pytest.mark.parametrize(
    ("ago", "streak"),
    [
        ((0, 1, 2), 3),  # ending today
        ((1, 2), 2),  # today not done yet: the streak ending yesterday still stands
        ((0, 2, 3), 1),
        ((2, 3, 4), 0),  # missed yesterday and today
        ((), 0),
        ((0,), 1),
    ],
)
def test_the_current_streak_ends_today_or_yesterday(ago, streak):
    assert current_streak(days_ago(*ago), TODAY) == streak


@pytest.mark.parametrize(
    ("ago", "longest"),
    [
        ((0, 1, 2, 10, 11, 12, 13, 14), 5),
        ((0, 2, 4), 1),
        ((5, 5, 6, 6), 2),  # two sessions on a day count once
        ((), 0),
    ],
)
def test_the_longest_streak_is_the_longest_run_of_consecutive_days(ago, longest):
    assert longest_streak(days_ago(*ago)) == longest


@given(
    st.lists(st.integers(min_value=0, max_value=60), max_size=40),
    st.integers(min_value=0, max_value=3),
)
def test_streaks_never_exceed_the_number_of_distinct_days(offsets, today_shift):
    days = [TODAY - timedelta(days=n) for n in offsets]
    today = TODAY + timedelta(days=today_shift)
    distinct = len(set(days))
    a = adherence(days, today)
    assert 0 <= a.current_streak <= a.longest_streak <= distinct
    assert a.done_days <= min(distinct, a.planned_days)
    assert 0.0 <= a.rate <= 1.0
    assert (a.longest_streak >= 1) is (distinct >= 1)
