"""A coach's changes laid over the plan: doses per exercise and foot, pauses, additions and
notes, each shown with its reason; and the changes a coach may not make."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from builders import plan_for, typical_feet

from footwork.domain.exercises import BANDED_SQUAT, HEEL_CIRCLE, OUTWARD_ROLL
from footwork.domain.limits import REPS_MAX, SET_NUMBER_MAX
from footwork.domain.plan_changes import ChangeAction, apply_changes, new_change
from footwork.domain.session import session_steps
from footwork.domain.sides import Side
from footwork.errors import InvalidInput

L, R = Side.LEFT, Side.RIGHT
T0 = datetime(2026, 11, 20, 9, 0)


def change(action: str = "dose", exercise: str | None = HEEL_CIRCLE.key, side=None, *,
           sets=None, reps=None, reason="the left ankle is still stiff", minutes=0):  # fmt: skip
    return new_change(exercise=exercise, side=side, action=action, sets=sets, reps=reps,
                      reason=reason, author="Sam", at=T0 + timedelta(minutes=minutes))  # fmt: skip


def test_no_changes_leave_the_plan_as_footwork_wrote_it():
    plan = plan_for(*typical_feet())
    assert apply_changes(plan, []) == plan


def test_a_dose_on_one_foot_changes_that_foot_and_says_why_first():
    plan = plan_for(*typical_feet())
    changed = apply_changes(plan, [change(side="left", sets=3, reps=10)])
    item = changed.item(HEEL_CIRCLE.key)
    assert (item.dose_by_side[L].sets, item.dose_by_side[L].reps) == (3, 10)
    assert item.dose_by_side[R] == plan.item(HEEL_CIRCLE.key).dose_by_side[R]
    assert item.reasons[0] == (
        "Your coach Sam: 3 sets of 10 circles each way on the left foot — "
        "the left ankle is still stiff"
    )
    assert item.from_coach == [item.reasons[0]]
    assert plan.item(HEEL_CIRCLE.key).dose_by_side[L].sets == 1  # the given plan is untouched


def test_a_dose_for_both_feet_changes_both_and_a_range_becomes_one_number():
    plan = plan_for(*typical_feet())
    changed = apply_changes(plan, [change(exercise=BANDED_SQUAT.key, sets=4, reps=6)])
    dose = changed.item(BANDED_SQUAT.key).dose_by_side
    assert dose[L] == dose[R]
    assert (dose[L].bouts_per_day, dose[L].reps, dose[L].reps_max) == (4, 6, None)
    assert "4 mini-sets a day of 6 reps" in changed.item(BANDED_SQUAT.key).reasons[0]


def test_a_paused_exercise_leaves_the_session_and_comes_back_when_resumed():
    plan = plan_for(*typical_feet())
    paused = apply_changes(plan, [change("pause", OUTWARD_ROLL.key, reason="sore sole")])
    assert paused.find(OUTWARD_ROLL.key) is None
    assert [i.exercise.key for i in paused.paused] == [OUTWARD_ROLL.key]
    assert paused.paused[0].from_coach == ["Your coach Sam: paused — sore sole"]
    assert OUTWARD_ROLL.key not in {s.exercise for s in session_steps(paused)}
    pause_then_resume = [
        change("pause", OUTWARD_ROLL.key, reason="sore sole"),
        change("resume", OUTWARD_ROLL.key, reason="better", minutes=5),
    ]
    back = apply_changes(plan, pause_then_resume)
    assert [i.exercise.key for i in back.items] == [i.exercise.key for i in plan.items]
    assert back.item(OUTWARD_ROLL.key).from_coach == ["Your coach Sam: back in the plan — better"]


def test_an_added_exercise_is_in_the_plan_with_the_dose_given():
    plan = plan_for(*typical_feet())
    without = apply_changes(plan, [change("pause", HEEL_CIRCLE.key)])
    added = apply_changes(without, [change("add", HEEL_CIRCLE.key, sets=2, minutes=1)])
    assert added.item(HEEL_CIRCLE.key).dose_by_side[L].sets == 2
    assert added.paused == []


def test_a_later_dose_replaces_the_earlier_ones_words_but_not_the_other_foots():
    plan = plan_for(*typical_feet())
    changed = apply_changes(plan, [
        change(side="left", sets=3, reason="first"),
        change(side="right", sets=2, reason="right too", minutes=1),
        change(side="left", sets=4, reason="more", minutes=2),
    ])  # fmt: skip
    item = changed.item(HEEL_CIRCLE.key)
    assert (item.dose_by_side[L].sets, item.dose_by_side[R].sets) == (4, 2)
    assert [r.rsplit("— ", 1)[1] for r in item.from_coach] == ["more", "right too"]


def test_changes_apply_in_the_order_they_were_made_whatever_the_order_given():
    plan = plan_for(*typical_feet())
    later, earlier = change(sets=5, minutes=10), change(sets=2)
    assert apply_changes(plan, [later, earlier]).item(HEEL_CIRCLE.key).dose_by_side[L].sets == 5


def test_notes_show_on_the_plan_and_on_their_exercise():
    plan = plan_for(*typical_feet())
    changed = apply_changes(plan, [
        change("note", None, reason="Great week, keep going."),
        change("note", OUTWARD_ROLL.key, reason="Slower on the way back.", minutes=1),
    ])  # fmt: skip
    assert changed.notes[0] == "Your coach Sam: Great week, keep going."
    assert changed.item(OUTWARD_ROLL.key).reasons[0] == "Your coach Sam: Slower on the way back."


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"sets": 2, "reason": "  "}, "reason", "Say why"),
        ({"action": "note", "exercise": None, "reason": ""}, "note", "note is empty"),
        ({"sets": 0}, "sets", "from 1 to"),
        ({"sets": SET_NUMBER_MAX + 1}, "sets", f"from 1 to {SET_NUMBER_MAX}"),
        ({"reps": REPS_MAX + 1}, "reps", f"from 1 to {REPS_MAX}"),
        ({}, "sets", "needs the number of sets"),
        ({"exercise": None, "sets": 2}, "exercise", "which exercise"),
        ({"exercise": "toe-curl", "sets": 2}, "exercise", "Unknown exercise"),
        ({"action": "stretch", "sets": 2}, "action", "Unknown change"),
        ({"exercise": BANDED_SQUAT.key, "side": "left", "sets": 2}, "side", "both feet at once"),
        ({"action": "pause", "side": "left"}, "side", "applies to both feet"),
        ({"action": "pause", "sets": 2}, "sets", "go with a dose change"),
        ({"side": "middle", "sets": 2}, "side", "Unknown side"),
        ({"sets": 2, "reason": "x" * 2001}, "reason", "at most 2000"),
    ],
)
def test_a_change_that_makes_no_sense_is_refused_with_a_clear_message(kwargs, field, words):
    given = {"exercise": HEEL_CIRCLE.key, "side": None, "action": "dose", "sets": None,
             "reps": None, "reason": "why", "author": "Sam", "at": T0} | kwargs  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        new_change(**given)
    assert refused.value.field == field
    assert words in refused.value.message


def test_a_change_says_what_changed_in_words():
    assert change(sets=2).what == "2 sets on each foot"
    assert change(side="right", reps=8).what == "8 circles each way a set on the right foot"
    assert change(exercise=OUTWARD_ROLL.key, sets=2, reps=6).what == "2 sets of 6 on each foot"
    assert change(exercise=BANDED_SQUAT.key, reps=5).what == "5 reps per mini-set"
    assert change("pause").action is ChangeAction.PAUSE
