"""The coach's flags and test lines: pain of 5/10 or more this week, three planned days in a row
with nothing logged, clips not opened yet, a re-test day passed with nothing measured; each test
against its target with a change judged against measurement error."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from builders import START, ankle, arch, plan_for

from footwork.domain.coaching import (
    MISSED_IN_A_ROW,
    PAIN_FLAG_AT,
    PAIN_WINDOW_DAYS,
    FlagKind,
    PainReport,
    Signals,
    flags,
    measure_lines,
    missed_days,
    recent_pain,
    retest_due,
)
from footwork.domain.progress import adherence_from_tallies, build_series, tally_day
from footwork.domain.progression import REGRESS_PAIN
from footwork.domain.records import OutcomeRecord, SetRecord, StoredSession
from footwork.domain.session import SetLog, StepKind, session_steps
from footwork.domain.sides import Side

TODAY = START + timedelta(days=20)


def session(day: date, *pains: int | None) -> StoredSession:
    at = datetime.combine(day, time(8))
    sets = tuple(
        SetRecord(n, at, "outward-roll", Side.LEFT, None, n, 10, 10, None, pain, "")
        for n, pain in enumerate(pains, 1)
    )
    return StoredSession(1, "s", at, sets=sets)


def pain_note(day: date, value: float) -> OutcomeRecord:
    return OutcomeRecord(1, datetime.combine(day, time(20)), "pain", value, "/10", "")


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_the_pain_flag_is_the_pain_at_which_the_plan_drops_back():
    assert PAIN_FLAG_AT == REGRESS_PAIN == 5


@pytest.mark.parametrize(
    ("sessions", "notes", "expected"),
    [
        ([session(days_ago(1), 2, 4)], [], None),  # below 5: no flag
        ([session(days_ago(1), 2, 5)], [], PainReport(5, days_ago(1))),  # 5 counts
        ([session(days_ago(2), 6), session(days_ago(1), 7)], [], PainReport(7, days_ago(1))),
        ([session(days_ago(PAIN_WINDOW_DAYS), 9)], [], None),  # older than the week
        ([session(days_ago(PAIN_WINDOW_DAYS - 1), 9)], [], PainReport(9, days_ago(6))),
        ([session(days_ago(1), None)], [pain_note(days_ago(0), 6)], PainReport(6, TODAY)),
        ([], [pain_note(days_ago(0), 4)], None),
    ],
)
def test_recent_pain_is_the_worst_of_the_week_when_it_reaches_5(sessions, notes, expected):
    assert recent_pain(sessions, notes, TODAY) == expected


def tallies(plan_start: date, done: set[date], partial: set[date] = frozenset()):  # type: ignore[assignment]
    """Days from the plan's start to today, each fully done, partial or empty."""
    plan = plan_for(start=plan_start)
    full = [SetLog(s.exercise, s.side, s.direction, s.reps_total, s.reps_total, s.set_number)
            for s in session_steps(plan) if s.kind is StepKind.SET_DONE]  # fmt: skip
    bouts = plan.item("banded-squat").dose_by_side[Side.LEFT].bouts_per_day
    full += [SetLog("banded-squat", None, None, 5, 5, n) for n in range(2, bouts + 1)]
    out = []
    day = plan_start
    while day <= TODAY:
        logs = full if day in done else [SetLog("outward-roll", None, None, 1, 10)] if (
            day in partial) else []  # fmt: skip
        out.append(tally_day(day, plan, logs))
        day += timedelta(days=1)
    return out


def test_three_empty_planned_days_before_today_are_missed():
    start = days_ago(10)
    t = tallies(start, done={days_ago(n) for n in range(4, 11)})
    assert missed_days(t, TODAY, start) == [days_ago(3), days_ago(2), days_ago(1)]
    assert MISSED_IN_A_ROW == 3


def test_a_partial_day_breaks_the_missed_run_and_today_never_counts():
    start = days_ago(10)
    assert missed_days(tallies(start, set(), partial={days_ago(2)}), TODAY, start) == []
    # Two empty days before today, and today empty too: not three missed yet.
    t = tallies(start, done={days_ago(n) for n in range(3, 11)})
    assert missed_days(t, TODAY, start) == []


def test_days_before_the_plan_started_are_not_missed():
    assert missed_days(tallies(days_ago(2), set()), TODAY, days_ago(2)) == []
    assert missed_days(tallies(days_ago(3), set()), TODAY, days_ago(3)) == [
        days_ago(3), days_ago(2), days_ago(1)]  # fmt: skip
    assert missed_days([], TODAY, None) == []  # never started


def test_adherence_windows_count_planned_days_from_the_plan_start():
    start = days_ago(9)
    t = tallies(start, done={days_ago(n) for n in (9, 8, 7, 5, 4)})
    week = adherence_from_tallies(t, TODAY, since=start, window_days=7)
    month = adherence_from_tallies(t, TODAY, since=start, window_days=28)
    assert (week.done_days, week.planned_days) == (2, 7)
    assert (month.done_days, month.planned_days) == (5, 10)


@pytest.mark.parametrize(
    ("retest_on", "last_measured", "due"),
    [
        (days_ago(-1), None, False),  # tomorrow
        (TODAY, None, True),
        (days_ago(3), datetime.combine(days_ago(10), time(9)), True),  # measured before it
        (days_ago(3), datetime.combine(days_ago(2), time(9)), False),  # re-tested since
        (days_ago(3), datetime.combine(days_ago(3), time(9)), False),  # on the day
    ],
)
def test_a_retest_is_due_from_its_day_until_something_is_measured(retest_on, last_measured, due):
    assert retest_due(retest_on, TODAY, last_measured) is due


def test_flags_are_listed_pain_missed_clip_retest_with_their_words():
    start = days_ago(10)
    signals = Signals(
        tallies=tallies(start, done={days_ago(n) for n in range(4, 11)}), since=start,
        pain=PainReport(6, days_ago(1)), clips_to_review=2, retest_on=days_ago(1),
        last_measured=None,
    )  # fmt: skip
    found = flags(signals, TODAY)
    assert [f.kind for f in found] == [FlagKind.PAIN, FlagKind.MISSED, FlagKind.CLIP,
                                       FlagKind.RETEST]  # fmt: skip
    assert [f.text for f in found] == [
        f"pain 6/10 on {days_ago(1):%d %b}", "3 planned days missed", "2 clips to review",
        f"re-test due since {days_ago(1):%d %b}",
    ]  # fmt: skip


def test_no_flags_for_a_quiet_athlete():
    signals = Signals(tallies=[], since=None, pain=None, clips_to_review=0,
                      retest_on=days_ago(-20), last_measured=None)  # fmt: skip
    assert flags(signals, TODAY) == []


def test_each_test_against_its_target_with_a_change_judged_against_measurement_error():
    lines = measure_lines(build_series([
        ankle(Side.LEFT, 30), ankle(Side.LEFT, 35, days_later=14),  # +5 > 3.8: real
        ankle(Side.RIGHT, 30), ankle(Side.RIGHT, 32, days_later=14),  # +2: noise
        ankle(Side.RIGHT, 30), arch(Side.LEFT, 0.25),
    ]))  # fmt: skip
    by = {(x.kind.value, x.side): x for x in lines}
    left, right = by[("ankle-dorsiflexion", Side.LEFT)], by[("ankle-dorsiflexion", Side.RIGHT)]
    assert (left.latest, left.target, left.at_target) == (35, 36.5, False)
    assert left.change is not None and left.change.is_real and left.verdict == "a real improvement"
    assert right.change is not None and not right.change.is_real
    assert right.verdict == "within measurement noise: no real change yet"
    arch_line = by[("arch-index", Side.LEFT)]
    assert arch_line.target is None and arch_line.at_target is None
    assert arch_line.change is None and arch_line.verdict == "one measurement so far"
