"""The coached session script and the set log."""

from __future__ import annotations

import pytest
from builders import arch, big_toe, plan_for

from footwork.domain.exercises import BANDED_SQUAT, HEEL_CIRCLE, OUTWARD_ROLL
from footwork.domain.plan import Recent
from footwork.domain.session import (
    GET_READY_S,
    REST_BETWEEN_EXERCISES_S,
    SetLog,
    StepKind,
    session_minutes,
    session_seconds,
    session_steps,
)
from footwork.domain.sides import Direction, Side
from footwork.errors import InvalidInput

L, R = Side.LEFT, Side.RIGHT
CW, CCW = Direction.CLOCKWISE, Direction.COUNTER_CLOCKWISE


def steps_of(steps, exercise: str, kind: StepKind | None = None):
    return [s for s in steps if s.exercise == exercise and (kind is None or s.kind is kind)]


def blocks(steps, exercise: str):
    """(side, direction, set, reps) of every logged block, in order."""
    return [
        (s.side, s.direction, s.set_number, s.reps_total)
        for s in steps_of(steps, exercise, StepKind.SET_DONE)
    ]


def test_the_outward_roll_is_five_reps_on_each_foot_left_first():
    steps = session_steps(plan_for())
    assert blocks(steps, "outward-roll") == [(L, None, 1, 5), (R, None, 1, 5)]
    outs = steps_of(steps, "outward-roll", StepKind.OUT)
    assert [(s.side, s.rep) for s in outs] == [(L, n) for n in range(1, 6)] + [
        (R, n) for n in range(1, 6)
    ]
    assert outs[0].cue.startswith("Rep 1/5 (left foot): ")


def test_the_heel_circle_is_five_circles_each_way_on_each_foot():
    steps = session_steps(plan_for())
    assert blocks(steps, "heel-circle") == [
        (L, CW, 1, 5),
        (L, CCW, 1, 5),
        (R, CW, 1, 5),
        (R, CCW, 1, 5),
    ]
    outs = steps_of(steps, "heel-circle", StepKind.OUT)
    assert len(outs) == 20
    assert outs[5].cue.startswith("Rep 1/5 (left foot, counter-clockwise): ")


def test_an_extra_heel_circle_set_adds_both_directions_on_that_foot_only():
    steps = session_steps(plan_for(big_toe(L, 45), big_toe(R, 70)))
    assert blocks(steps, "heel-circle") == [
        (L, CW, 1, 5),
        (L, CCW, 1, 5),
        (L, CW, 2, 5),
        (L, CCW, 2, 5),
        (R, CW, 1, 5),
        (R, CCW, 1, 5),
    ]


@pytest.mark.parametrize("exercise", ["outward-roll", "heel-circle"])
def test_a_switch_sides_cue_comes_once_between_the_feet(exercise):
    steps = steps_of(session_steps(plan_for(big_toe(L, 40))), exercise)
    switches = [i for i, s in enumerate(steps) if s.kind is StepKind.SWITCH]
    assert len(switches) == 1
    [i] = switches
    before = {s.side for s in steps[:i] if s.side}
    after = {s.side for s in steps[i + 1 :] if s.side}
    assert (before, after) == ({L}, {R})
    assert steps[i].side is R and steps[i].cue.startswith("Switch feet")


def test_the_banded_squat_has_no_feet_to_switch():
    steps = session_steps(plan_for())
    assert steps_of(steps, "banded-squat", StepKind.SWITCH) == []


@pytest.mark.parametrize("exercise", ["outward-roll", "heel-circle", "banded-squat"])
def test_a_get_ready_countdown_comes_before_each_block(exercise):
    steps = steps_of(session_steps(plan_for(big_toe(L, 40), arch(R, 0.18))), exercise)
    ready = [i for i, s in enumerate(steps) if s.kind is StepKind.GET_READY]
    done = [s for s in steps if s.kind is StepKind.SET_DONE]
    assert len(ready) == len(done) >= 1
    for i in ready:
        first_rep = steps[i + 1]
        assert steps[i].seconds == GET_READY_S
        assert (first_rep.kind, first_rep.rep) == (StepKind.OUT, 1)
        assert (first_rep.side, first_rep.direction) == (steps[i].side, steps[i].direction)


@pytest.mark.parametrize(
    ("exercise", "phases"),
    [
        (OUTWARD_ROLL, [StepKind.OUT, StepKind.HOLD, StepKind.BACK]),
        (HEEL_CIRCLE, [StepKind.OUT]),
        (BANDED_SQUAT, [StepKind.OUT, StepKind.HOLD, StepKind.BACK]),
    ],
)
def test_hold_steps_appear_only_where_the_tempo_has_a_pause(exercise, phases):
    steps = steps_of(session_steps(plan_for()), exercise.key)
    rep_phases = [s for s in steps if s.rep == 1 and s.side in (L, None) and s.direction in (
        None, CW)]  # fmt: skip
    assert [s.kind for s in rep_phases] == phases
    t = exercise.dose.tempo
    expected_seconds = {StepKind.OUT: t.out_s, StepKind.HOLD: t.pause_s, StepKind.BACK: t.back_s}
    assert all(s.seconds == expected_seconds[s.kind] for s in rep_phases)
    holds = steps_of(steps, exercise.key, StepKind.HOLD)
    outs = steps_of(steps, exercise.key, StepKind.OUT)
    assert len(holds) == (len(outs) if t.pause_s else 0)


def test_a_later_stage_uses_its_own_tempo():
    steps = session_steps(plan_for(week=3, recent=Recent(adherence=1.0, max_pain=0)))
    holds = steps_of(steps, "outward-roll", StepKind.HOLD)
    assert {s.seconds for s in holds} == {5}


def test_the_banded_squat_is_counted_per_mini_set_for_both_feet_at_once():
    plan = plan_for(arch(L, 0.3), arch(R, 0.3))  # flat: 4 mini-sets a day
    steps = session_steps(plan)
    assert blocks(steps, "banded-squat") == [(None, None, 1, 5)]
    outs = steps_of(steps, "banded-squat", StepKind.OUT)
    assert [s.rep for s in outs] == [1, 2, 3, 4, 5]
    assert all(s.side is None and s.direction is None for s in outs)


def test_the_session_rests_between_exercises_and_not_after_the_last():
    steps = session_steps(plan_for())
    rests = [s for s in steps if s.kind is StepKind.REST]
    assert [(r.exercise, r.cue) for r in rests] == [
        ("outward-roll", "Rest. Next: Heel Circle."),
        ("heel-circle", "Rest. Next: Banded Squat."),
    ]
    assert all(r.seconds == REST_BETWEEN_EXERCISES_S for r in rests)
    assert steps[0].kind is StepKind.SETUP and steps[-1].kind is StepKind.SET_DONE


def test_only_the_chosen_exercises_are_coached():
    steps = session_steps(plan_for(), only=["heel-circle"])
    assert {s.exercise for s in steps} == {"heel-circle"}
    assert not any(s.kind is StepKind.REST for s in steps)


@pytest.mark.parametrize(
    ("effort", "pain", "reps_done", "exception"),
    [
        (0, 0, 5, None),
        (10, 10, 5, None),
        (None, None, 0, None),
        (11, 2, 5, InvalidInput),
        (-1, 2, 5, InvalidInput),
        (6, 11, 5, InvalidInput),
        (6, -1, 5, InvalidInput),
        (6.5, 2, 5, InvalidInput),  # a whole number
        (6, 2, -1, InvalidInput),
    ],
)
def test_a_set_log_refuses_effort_or_pain_outside_0_to_10(effort, pain, reps_done, exception):
    def make():
        return SetLog("outward-roll", L, None, reps_done, 5, effort=effort, pain=pain)

    if exception:
        with pytest.raises(exception) as excinfo:
            make()
        assert excinfo.value.hint
    else:
        log = make()
        assert (log.effort, log.pain, log.reps_done) == (effort, pain, reps_done)


def test_an_out_of_range_rating_says_the_allowed_scale():
    with pytest.raises(InvalidInput) as excinfo:
        SetLog("heel-circle", R, CW, 5, 5, effort=11)
    assert excinfo.value.message == "Effort must be a whole number from 0 to 10, not 11."


# Cues per phase: what is shown and said belongs to the phase being timed ----------------------

PHASE_OF = {StepKind.OUT: "into", StepKind.HOLD: "hold", StepKind.BACK: "back"}


@pytest.mark.parametrize("exercise", [OUTWARD_ROLL, HEEL_CIRCLE, BANDED_SQUAT])
def test_every_timed_phase_shows_and_says_its_own_cue_on_every_rep(exercise):
    steps = steps_of(session_steps(plan_for(big_toe(L, 40))), exercise.key)
    timed = [s for s in steps if s.kind in PHASE_OF]
    assert len({s.rep for s in timed}) == 5
    for s in timed:
        phase = getattr(exercise.phases, PHASE_OF[s.kind])
        direction = s.direction.value if s.direction else ""
        cue = phase.cue.format(direction=direction)
        assert s.phase == phase.name.format(direction=direction)
        assert s.cue.endswith(cue) and cue in s.spoken
        others = [getattr(exercise.phases, k) for k in PHASE_OF.values() if k != PHASE_OF[s.kind]]
        for other in filter(None, others):
            assert other.cue.format(direction=direction) not in s.cue + s.spoken


def test_the_outward_roll_rolls_out_holds_and_rolls_back_in_that_order():
    steps = steps_of(session_steps(plan_for()), "outward-roll")
    rep3 = [s for s in steps if s.rep == 3 and s.side is L and s.kind in PHASE_OF]
    assert [s.phase for s in rep3] == ["Roll out", "Hold", "Roll back"]
    assert (
        rep3[0].cue == "Rep 3/5 (left foot): Roll slowly onto the little-toe edge, knees straight."
    )
    assert rep3[0].spoken.startswith("Rep 3. Roll slowly")
    assert "flat" not in rep3[0].cue and "Hold" not in rep3[0].spoken
    assert "breathe" in rep3[1].cue and "flat" in rep3[2].cue


def test_a_heel_circle_rep_is_one_slow_circle_in_a_named_direction():
    steps = steps_of(session_steps(plan_for()), "heel-circle")
    circles = [s for s in steps if s.kind in PHASE_OF]
    assert {s.kind for s in circles} == {StepKind.OUT}
    assert {s.phase for s in circles} == {"Circle clockwise", "Circle counter-clockwise"}
    for s in circles:
        assert s.phase == f"Circle {s.direction.value}"
        assert s.cue.endswith(f"heel, {s.direction.value}.")
        assert not {"out", "hold", "back"} & set(s.phase.lower().split())


def test_a_squat_goes_down_holds_and_comes_up():
    steps = steps_of(session_steps(plan_for()), "banded-squat")
    rep1 = [s for s in steps if s.rep == 1 and s.kind in PHASE_OF]
    assert [s.phase for s in rep1] == ["Down", "Hold", "Up"]
    assert "Squat down slowly" in rep1[0].cue and "bottom" in rep1[1].cue
    assert rep1[2].cue.startswith("Stand up")


def test_steps_between_reps_are_named_too():
    steps = session_steps(plan_for())
    named = {s.kind: s.phase for s in steps if s.kind not in PHASE_OF}
    assert named[StepKind.GET_READY] == "Get ready"
    assert named[StepKind.SWITCH] == "Switch feet"
    assert named[StepKind.REST] == "Rest"
    assert all(s.spoken for s in steps if s.seconds)


def test_the_squats_tempo_is_worded_down_hold_up():
    assert BANDED_SQUAT.dose.tempo.describe() == "3 s down, 1 s hold at the bottom, 2 s up"
    assert OUTWARD_ROLL.dose.tempo.describe() == "3 s out, 3 s hold at the end, 3 s back"


def test_the_session_length_is_its_timers_rounded_up_to_whole_minutes():
    steps = session_steps(plan_for())
    seconds = session_seconds(steps)
    assert seconds == sum(s.seconds for s in steps)
    assert session_minutes(steps) == -(-seconds // 60)
    assert 5 <= session_minutes(steps) <= 8  # the base programme: about six minutes
    assert session_minutes([]) == 0


def test_the_next_banded_squat_mini_set_of_the_day_is_numbered_of_the_days_total():
    plan = plan_for(arch(L, 0.3), arch(R, 0.3))  # flat: 4 mini-sets a day
    steps = steps_of(session_steps(plan, minisets_done=1), "banded-squat")
    ready = steps_of(steps, "banded-squat", StepKind.GET_READY)[0]
    done = steps_of(steps, "banded-squat", StepKind.SET_DONE)[0]
    assert ready.cue == "Get ready (mini-set 2 of 4)."
    assert (done.set_number, done.sets_total, done.cue) == (2, 4, "Mini-set 2 done.")
    extra = steps_of(session_steps(plan, minisets_done=4), "banded-squat", StepKind.GET_READY)
    assert extra[0].cue == "Get ready (mini-set 5, more than the 4 planned)."
