"""The personal programme: what an assessment adds, how it progresses, and why."""

from __future__ import annotations

from datetime import date

import pytest
from builders import START, ankle, arch, big_toe, lunge_cm, plan_for, typical_feet

from footwork.domain.exercises import BANDED_SQUAT, EXERCISES, HEEL_CIRCLE, OUTWARD_ROLL
from footwork.domain.plan import Recent, dose_lines
from footwork.domain.sides import Side

L, R = Side.LEFT, Side.RIGHT
GOOD_WEEK = Recent(adherence=1.0, max_pain=0)


def sets(plan, key: str) -> dict[Side, int]:
    return {side: d.sets for side, d in plan.item(key).dose_by_side.items()}


def bouts(plan, key: str) -> dict[Side, int]:
    return {side: d.bouts_per_day for side, d in plan.item(key).dose_by_side.items()}


def test_feet_at_target_get_the_methods_base_dose_of_all_three_exercises():
    plan = plan_for(*typical_feet())
    assert [i.exercise.key for i in plan.items] == ["outward-roll", "heel-circle", "banded-squat"]
    for item in plan.items:
        assert item.dose_by_side == {L: item.exercise.dose, R: item.exercise.dose}
        assert item.emphasis == []
        assert item.stage == 0 and not item.regression_advised
    assert not any("No measurements yet" in n for n in plan.notes)


def test_a_big_toe_below_65_degrees_adds_a_heel_circle_set_on_that_foot():
    plan = plan_for(big_toe(L, 48), big_toe(R, 70))
    assert sets(plan, "heel-circle") == {L: 2, R: 1}
    assert plan.item("heel-circle").emphasis == [L]
    assert any(
        "Extra Heel Circle set on the left foot: left big toe at 48°, below the 65° target" in r
        for r in plan.item("heel-circle").reasons
    )


def test_a_big_toe_at_exactly_65_degrees_adds_nothing():
    plan = plan_for(big_toe(L, 65), big_toe(R, 65))
    assert sets(plan, "heel-circle") == {L: 1, R: 1}


def test_a_very_stiff_big_toe_also_adds_a_note_to_have_it_checked():
    plan = plan_for(big_toe(R, 8), big_toe(L, 70))
    assert sets(plan, "heel-circle") == {L: 1, R: 2}
    assert any("have it checked" in n for n in plan.notes)


def test_a_restricted_ankle_adds_a_heel_circle_set_on_that_foot():
    plan = plan_for(ankle(R, 33), ankle(L, 36.5))
    assert sets(plan, "heel-circle") == {L: 1, R: 2}
    assert any(
        "right ankle under the 36.5° lunge flag" in r for r in plan.item("heel-circle").reasons
    )


def test_several_reasons_on_one_foot_add_one_extra_set_and_list_every_reason():
    plan = plan_for(big_toe(L, 40), ankle(L, 30), ankle(R, 40))
    assert sets(plan, "heel-circle") == {L: 2, R: 1}
    [extra] = [r for r in plan.item("heel-circle").reasons if r.startswith("Extra")]
    assert "left big toe at 40°" in extra
    assert "left ankle under the 36.5° lunge flag" in extra
    assert "tighter than the other by 10.0 deg" in extra


@pytest.mark.parametrize(
    ("left", "right", "expected", "why"),
    [
        (ankle(L, 45), ankle(R, 39), {L: 1, R: 2}, "right ankle is tighter than the other by 6.0"),
        (ankle(L, 38), ankle(R, 44), {L: 2, R: 1}, "left ankle is tighter than the other by 6.0"),
        (lunge_cm(L, 12), lunge_cm(R, 9.5), {L: 1, R: 2}, "by 2.5 cm in the lunge test"),
        (ankle(L, 42), ankle(R, 40), {L: 1, R: 1}, None),  # 2° is measurement noise
        (lunge_cm(L, 12), lunge_cm(R, 11), {L: 1, R: 1}, None),
    ],
)
def test_a_tighter_ankle_side_gets_the_extra_heel_circle_set(left, right, expected, why):
    plan = plan_for(left, right)
    assert sets(plan, "heel-circle") == expected
    extra = [r for r in plan.item("heel-circle").reasons if r.startswith("Extra")]
    if why:
        assert any(why in r and "more than measurement noise" in r for r in extra)
    else:
        assert extra == []


def test_a_flat_arch_adds_a_banded_squat_mini_set_each_day():
    plan = plan_for(arch(L, 0.30), arch(R, 0.24))
    base = BANDED_SQUAT.dose.bouts_per_day
    assert bouts(plan, "banded-squat") == {L: base + 1, R: base + 1}
    assert sets(plan, "banded-squat") == {L: 1, R: 1}
    assert any(
        "One more Banded Squat mini-set a day: the left arch index is in the flat band" in r
        for r in plan.item("banded-squat").reasons
    )
    assert "4 mini-sets through the day" in plan.item("banded-squat").dose_by_side[L].describe()


def test_a_high_arch_adds_an_outward_roll_set_on_that_foot():
    plan = plan_for(arch(L, 0.24), arch(R, 0.18))
    assert sets(plan, "outward-roll") == {L: 1, R: 2}
    assert plan.item("outward-roll").emphasis == [R]
    assert any(
        "An extra Outward Roll set on the right foot: a high arch" in r
        for r in plan.item("outward-roll").reasons
    )
    assert bouts(plan, "banded-squat") == {L: 3, R: 3}


def test_a_normal_arch_changes_nothing():
    plan = plan_for(arch(L, 0.23), arch(R, 0.25))
    assert sets(plan, "outward-roll") == {L: 1, R: 1}
    assert bouts(plan, "banded-squat") == {L: 3, R: 3}


def test_no_assessment_gives_the_standard_plan_with_a_note():
    plan = plan_for()
    assert plan.notes[0] == (
        "No measurements yet: this is the standard programme. Measure your feet (big toe, "
        "ankle and arch) to make it yours."
    )
    for item in plan.items:
        assert item.dose_by_side == {L: item.exercise.dose, R: item.exercise.dose}


@pytest.mark.parametrize(
    ("week", "stage"),
    [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2), (6, 2), (7, 3), (12, 5)],
)
def test_the_plan_moves_up_one_stage_every_two_weeks(week, stage):
    plan = plan_for(*typical_feet(), week=week, recent=GOOD_WEEK)
    for item in plan.items:
        assert item.stage == stage
        expected = item.exercise.dose_at(stage)
        assert item.dose_by_side == {L: expected, R: expected}
        if stage:
            assert any(r.startswith("Progression: ") for r in item.reasons)


def test_stage_one_lengthens_the_outward_roll_hold_and_stage_two_adds_a_set():
    one = plan_for(week=3, recent=GOOD_WEEK).item("outward-roll").dose_by_side[L]
    two = plan_for(week=5, recent=GOOD_WEEK).item("outward-roll").dose_by_side[L]
    assert (one.sets, one.tempo.pause_s) == (1, 5)
    assert (two.sets, two.tempo.pause_s) == (2, 5)
    # Past the last listed progression the dose stays at the last one.
    assert plan_for(week=9, recent=GOOD_WEEK).item("outward-roll").dose_by_side[L] == two


@pytest.mark.parametrize(
    ("week", "recent", "stage"),
    [
        (3, Recent(adherence=0.5, max_pain=0), 0),
        (5, Recent(adherence=0.5, max_pain=0), 1),
        (3, Recent(adherence=0.69, max_pain=None), 0),
        (3, Recent(adherence=0.7, max_pain=None), 1),  # 70% is enough
        (3, Recent(adherence=1.0, max_pain=4), 0),
        (3, Recent(adherence=1.0, max_pain=3), 1),  # pain 3 is still "low"
        (5, Recent(adherence=None, max_pain=4), 1),
    ],
)
def test_progression_is_held_back_by_low_adherence_or_pain_above_3(week, recent, stage):
    plan = plan_for(week=week, recent=recent)
    assert {i.stage for i in plan.items} == {stage}
    held = stage < (week - 1) // 2
    assert any("Progression held back" in r for r in plan.items[0].reasons) is held
    assert not any(i.regression_advised for i in plan.items)


@pytest.mark.parametrize("pain", [5, 8, 10])
@pytest.mark.parametrize("week", [1, 5])
def test_pain_of_5_or_more_holds_the_base_dose_and_advises_the_easier_version(pain, week):
    plan = plan_for(big_toe(L, 40), week=week, recent=Recent(adherence=1.0, max_pain=pain))
    for item in plan.items:
        assert item.stage == 0
        assert item.regression_advised
        assert f"Pain reached {pain}/10 last week" in item.reasons[1]
        assert "Easier version: " + item.exercise.regression in item.reasons
    # The assessment still shapes the plan: the stiff toe keeps its extra set.
    assert sets(plan, "heel-circle") == {L: 2, R: 1}


def test_the_retest_is_four_weeks_after_the_start():
    plan = plan_for(start=date(2026, 11, 2))
    assert plan.retest_on == date(2026, 11, 30)
    assert plan.sessions_per_week == 7
    assert any("Re-test after four weeks" in n for n in plan.notes)


@pytest.mark.parametrize(
    "measurements",
    [
        [],
        typical_feet(),
        [big_toe(L, 30), ankle(R, 30), arch(L, 0.3), arch(R, 0.15)],
        [lunge_cm(L, 14), lunge_cm(R, 8)],
    ],
)
@pytest.mark.parametrize("week", [1, 3, 6])
def test_every_plan_item_shows_its_reasons(measurements, week):
    plan = plan_for(*measurements, week=week, recent=GOOD_WEEK, start=START)
    assert len(plan.items) == len(EXERCISES)
    for item in plan.items:
        assert item.reasons[0] == item.exercise.dose_reason
        assert all(r.strip() for r in item.reasons)
        # Every foot that gets more than the others has a reason naming that foot.
        for side in item.emphasis:
            assert any(side.value in r for r in item.reasons[2:])


def test_the_three_exercises_are_the_methods_doses():
    assert OUTWARD_ROLL.dose.describe() == (
        "1 set of 5 slow reps on each foot; 3 s out, 3 s hold at the end, 3 s back"
    )
    assert HEEL_CIRCLE.dose.describe() == (
        "1 set of 5 slow circles each way, on each foot; about 4 s each"
    )
    assert BANDED_SQUAT.dose.describe().startswith(
        "3-5 slow reps per mini-set, 3 mini-sets through the day "
        "(stop early if the band slips off a foot)"
    )


def test_a_dose_written_for_one_foot_does_not_say_on_each_foot():
    plan = plan_for(big_toe(L, 45), arch(R, 0.18))  # extra circles left, extra rolls right
    circle = dict(dose_lines(plan.item("heel-circle")))
    assert circle[L] == "2 sets of 5 slow circles each way; about 4 s each"
    assert circle[R] == "1 set of 5 slow circles each way; about 4 s each"
    roll = dict(dose_lines(plan.item("outward-roll")))
    assert roll[R].startswith("2 sets of 5 slow reps; 3 s out")
    for item in plan.items[:2]:  # the exercises done foot by foot
        for side, text in dose_lines(item):
            assert ("each foot" in text) == (side is None), (side, text)
    [(nobody, squat)] = dose_lines(plan.item("banded-squat"))
    assert nobody is None and squat.startswith(
        "3-5 slow reps per mini-set, 3 mini-sets through the day"
    )


def test_the_same_dose_on_both_feet_is_one_sentence_on_each_foot():
    plan = plan_for()
    assert dose_lines(plan.item("outward-roll")) == [
        (None, "1 set of 5 slow reps on each foot; 3 s out, 3 s hold at the end, 3 s back")
    ]
