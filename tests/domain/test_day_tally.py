"""What a day's logged sets add up to: done only when the planned sets were done, else partial;
streaks count done days."""

from __future__ import annotations

from datetime import timedelta

from builders import START, big_toe, plan_for

from footwork.domain.exercises import BANDED_SQUAT
from footwork.domain.progress import (
    DONE_RULE,
    DayStatus,
    adherence_from_tallies,
    planned_slots,
    tally_day,
)
from footwork.domain.session import SetLog, StepKind, session_steps
from footwork.domain.sides import Direction, Side

L, R = Side.LEFT, Side.RIGHT
CW, CCW = Direction.CLOCKWISE, Direction.COUNTER_CLOCKWISE


def full_day(plan) -> list[SetLog]:
    """Every set the coach would log for the session, plus the other mini-sets of the day."""
    logs = [SetLog(s.exercise, s.side, s.direction, s.reps_total, s.reps_total, s.set_number)
            for s in session_steps(plan) if s.kind is StepKind.SET_DONE]  # fmt: skip
    bouts = plan.item("banded-squat").dose_by_side[L].bouts_per_day
    logs += [SetLog("banded-squat", None, None, 5, 5, n) for n in range(2, bouts + 1)]
    return logs


def test_a_day_with_every_planned_set_and_mini_set_is_done():
    plan = plan_for()
    t = tally_day(START, plan, full_day(plan))
    assert t.status is DayStatus.DONE
    assert (t.sets_done, t.sets_planned) == (2 + 4 + 3, 9)
    assert t.describe() == "9 of 9 sets done"


def test_one_set_then_finish_now_is_a_partial_day_not_done():
    plan = plan_for()
    t = tally_day(START, plan, [SetLog("outward-roll", L, None, 5, 5)])
    assert t.status is DayStatus.PARTIAL
    assert t.left("outward-roll") == 1 and t.left("heel-circle") == 4
    assert t.left("banded-squat") == 3


def test_a_squat_clip_alone_counts_one_mini_set_and_leaves_the_day_partial():
    plan = plan_for()
    video = SetLog("banded-squat", None, None, 4, 4, note="counted from video")
    t = tally_day(START, plan, [video])
    assert t.status is DayStatus.PARTIAL and t.done_of("banded-squat") == 1


def test_reps_of_an_exercise_outside_the_plan_leave_the_day_not_started():
    plan = plan_for()
    squat_clip = SetLog("squat", None, None, 2, 2, note="counted from video")
    t = tally_day(START, plan, [squat_clip])
    assert t.status is DayStatus.NOT_STARTED and t.sets_done == 0


def test_a_set_short_of_its_reps_does_not_count_unless_the_band_slipped():
    plan = plan_for()
    short = SetLog("outward-roll", L, None, 2, 5, completed=False, stop_reason="skipped")
    slipped = SetLog("banded-squat", None, None, 2, 5, completed=False,
                     stop_reason=BANDED_SQUAT.early_stop)  # fmt: skip
    t = tally_day(START, plan, [short, slipped])
    assert t.done_of("outward-roll") == 0 and t.done_of("banded-squat") == 1
    assert t.status is DayStatus.PARTIAL


def test_extra_sets_on_one_foot_do_not_make_up_for_the_other():
    plan = plan_for()
    logs = [s for s in full_day(plan) if s.side is not R]
    logs += [SetLog("outward-roll", L, None, 5, 5, 2), SetLog("heel-circle", L, CW, 5, 5, 2)]
    t = tally_day(START, plan, logs)
    assert t.status is DayStatus.PARTIAL
    assert t.left("outward-roll") == 1 and t.left("heel-circle") == 2


def test_an_extra_planned_set_on_the_stiff_foot_is_needed_for_done():
    plan = plan_for(big_toe(L, 40))
    assert planned_slots(plan)[("heel-circle", L, CW)] == 2
    assert planned_slots(plan)[("heel-circle", R, CW)] == 1
    assert tally_day(START, plan, full_day(plan)).status is DayStatus.DONE
    one_each = [
        s for s in full_day(plan) if not (s.exercise == "heel-circle" and s.set_number == 2)
    ]
    assert tally_day(START, plan, one_each).status is DayStatus.PARTIAL


def test_nothing_logged_is_not_started_and_a_skipped_set_alone_is_not_progress():
    plan = plan_for()
    assert tally_day(START, plan, []).status is DayStatus.NOT_STARTED
    skipped = SetLog("heel-circle", L, CW, 0, 5, completed=False, stop_reason="skipped")
    assert tally_day(START, plan, [skipped]).status is DayStatus.NOT_STARTED


def test_streaks_count_done_days_and_partial_days_are_counted_apart():
    plan = plan_for()
    today = START + timedelta(days=5)
    days = [START + timedelta(days=n) for n in range(6)]
    logs = {d: full_day(plan) for d in days}
    logs[days[3]] = [SetLog("outward-roll", L, None, 5, 5)]  # partial
    a = adherence_from_tallies([tally_day(d, plan, logs[d]) for d in days], today, since=START)
    assert (a.planned_days, a.done_days, a.partial_days) == (6, 5, 1)
    assert (a.current_streak, a.longest_streak) == (2, 3)
    assert a.last_session == today


def test_the_rule_for_done_is_written_for_people():
    assert "every set of the plan" in DONE_RULE and "partial" in DONE_RULE
    assert "footwork" not in DONE_RULE and "--" not in DONE_RULE
