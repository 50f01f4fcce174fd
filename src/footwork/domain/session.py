"""A coached session as a list of timed steps, and the log of what was done.

The steps are plain data so the terminal coach, the browser coach and tests all walk the same
script: set-up, a get-ready countdown, each slow rep split into its phases (named for the
movement: roll out / hold / roll back, one circle in a direction, down / hold / up), a
switch-sides cue between feet, a rest between exercises, and the end. Every timed step carries
its own name, the cue shown with it and the words spoken, so what is said always belongs to the
phase being timed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import partial

from footwork.domain.exercises import Exercise, Per, Phase
from footwork.domain.limits import SCALE_MAX, SCALE_MIN
from footwork.domain.plan import Plan, PlanItem
from footwork.domain.sides import Direction, Side
from footwork.errors import InvalidInput

GET_READY_S = 5.0
SWITCH_S = 5.0
REST_BETWEEN_EXERCISES_S = 20.0
# Names shown above the timer for the steps between reps.
GET_READY_NAME, SWITCH_NAME, REST_NAME = "Get ready", "Switch feet", "Rest"


class StepKind(StrEnum):
    SETUP = "setup"
    GET_READY = "get-ready"
    OUT = "out"
    HOLD = "hold"
    BACK = "back"
    SWITCH = "switch"
    REST = "rest"
    SET_DONE = "set-done"


@dataclass(frozen=True)
class Step:
    kind: StepKind
    exercise: str
    seconds: float
    cue: str
    side: Side | None = None
    direction: Direction | None = None
    set_number: int = 1
    rep: int = 0
    reps_total: int = 0
    phase: str = ""  # the name shown above the timer ("Roll out", "Hold", "Down"...)
    spoken: str = ""  # what the voice says as the step starts (defaults to the cue)
    sets_total: int = 0  # mini-sets planned for the day (Banded Squat), else 0
    rep_ends: bool = False  # the rep's last phase: when its timer runs out, the rep is done

    def __post_init__(self) -> None:
        if not self.spoken:
            object.__setattr__(self, "spoken", self.cue)


@dataclass(frozen=True)
class SetPlan:
    """One block of reps: one exercise, one foot (and direction), one set."""

    exercise: Exercise
    side: Side | None
    direction: Direction | None
    set_number: int
    reps: int
    sets_total: int = 0  # mini-sets in the day, for a set counted through the day

    @property
    def label(self) -> str:
        """'mini-set 2 of 4' for a set counted through the day; '' otherwise."""
        if not self.sets_total:
            return ""
        if self.set_number > self.sets_total:
            return f"mini-set {self.set_number}, more than the {self.sets_total} planned"
        return f"mini-set {self.set_number} of {self.sets_total}"


def set_blocks(item: PlanItem, minisets_done: int = 0) -> list[SetPlan]:
    """The blocks of one plan item in coaching order: left foot first, directions in turn.

    An exercise done in mini-sets through the day gives one block: the next mini-set of the
    day, after the ``minisets_done`` already logged today.
    """
    ex = item.exercise
    blocks: list[SetPlan] = []
    if ex.dose.per is Per.BOUT:
        dose = item.dose_by_side[Side.LEFT]
        reps = dose.reps_max or dose.reps
        return [SetPlan(ex, None, None, minisets_done + 1, reps, dose.bouts_per_day)]
    for side in (Side.LEFT, Side.RIGHT):
        dose = item.dose_by_side[side]
        for n in range(1, dose.sets + 1):
            if ex.dose.per is Per.DIRECTION:
                blocks += [SetPlan(ex, side, d, n, dose.reps) for d in Direction]
            else:
                blocks.append(SetPlan(ex, side, None, n, dose.reps))
    return blocks


def rep_steps(block: SetPlan, item: PlanItem) -> list[Step]:
    """Each slow rep split into its timed phases, each with its own name and cue."""
    t = item.dose_by_side[block.side or Side.LEFT].tempo
    ex = block.exercise
    where = _where(block)
    phases = ex.phases
    timed = [(StepKind.OUT, phases.into, t.out_s), (StepKind.HOLD, phases.hold, t.pause_s),
             (StepKind.BACK, phases.back, t.back_s)]  # fmt: skip
    steps: list[Step] = []
    for rep in range(1, block.reps + 1):
        step = partial(
            Step,
            exercise=ex.key,
            side=block.side,
            direction=block.direction,
            set_number=block.set_number,
            rep=rep,
            reps_total=block.reps,
            sets_total=block.sets_total,
        )
        phases_of_rep = [(k, p, sec) for k, p, sec in timed if p is not None and sec]
        for n, (kind, phase, seconds) in enumerate(phases_of_rep, start=1):
            name, cue = _phase_text(phase, block)
            if kind is StepKind.OUT:
                shown, spoken = f"Rep {rep}/{block.reps}{where}: {cue}", f"Rep {rep}. {cue}"
            else:
                shown = spoken = cue
            steps.append(step(kind=kind, seconds=seconds, cue=shown, phase=name, spoken=spoken,
                              rep_ends=n == len(phases_of_rep)))  # fmt: skip
    return steps


def _phase_text(phase: Phase, block: SetPlan) -> tuple[str, str]:
    direction = block.direction.value if block.direction else ""
    return phase.name.format(direction=direction), phase.cue.format(direction=direction)


def _where(block: SetPlan) -> str:
    parts = [p for p in (block.side and f"{block.side.value} foot", block.direction) if p]
    if block.label:
        parts.append(block.label)
    return f" ({', '.join(parts)})" if parts else ""


def session_steps(
    plan: Plan, only: list[str] | None = None, *, minisets_done: int = 0
) -> list[Step]:
    """The whole script of today's session; ``minisets_done``: mini-sets already logged today."""
    steps: list[Step] = []
    items = [i for i in plan.items if not only or i.exercise.key in only]
    for n, item in enumerate(items):
        ex = item.exercise
        steps.append(Step(StepKind.SETUP, ex.key, 0, " ".join(ex.setup), phase=ex.name,
                          spoken=f"{ex.name}. {ex.setup[0]}"))  # fmt: skip
        previous_side: Side | None = None
        for block in set_blocks(item, minisets_done):
            if previous_side is not None and block.side is not previous_side and ex.switch_cue:
                steps.append(Step(StepKind.SWITCH, ex.key, SWITCH_S, ex.switch_cue,
                                  side=block.side, phase=SWITCH_NAME))  # fmt: skip
            steps += _block_steps(block, item)
            previous_side = block.side
        if n < len(items) - 1:
            steps.append(Step(StepKind.REST, ex.key, REST_BETWEEN_EXERCISES_S,
                              "Rest. Next: " + items[n + 1].exercise.name + ".",
                              phase=REST_NAME))  # fmt: skip
    return steps


def _block_steps(block: SetPlan, item: PlanItem) -> list[Step]:
    """Get ready, the reps, and the set's end, where its reps are logged."""
    mark = partial(Step, exercise=block.exercise.key, side=block.side,
                   direction=block.direction, set_number=block.set_number,
                   sets_total=block.sets_total)  # fmt: skip
    done = f"Mini-set {block.set_number} done." if block.sets_total else "Set done."
    return [
        mark(kind=StepKind.GET_READY, seconds=GET_READY_S, cue=f"Get ready{_where(block)}.",
             phase=GET_READY_NAME),
        *rep_steps(block, item),
        mark(kind=StepKind.SET_DONE, seconds=0, cue=done, reps_total=block.reps),
    ]  # fmt: skip


def session_seconds(steps: list[Step]) -> float:
    """The time the timers of a session take, in seconds."""
    return sum(s.seconds for s in steps)


def session_minutes(steps: list[Step]) -> int:
    """The session's length as shown everywhere: whole minutes of timers, rounded up."""
    return max(1, math.ceil(session_seconds(steps) / 60)) if steps else 0


@dataclass
class SetLog:
    exercise: str
    side: Side | None
    direction: Direction | None
    reps_done: int
    reps_target: int
    set_number: int = 1
    effort: int | None = None
    pain: int | None = None
    note: str = ""
    completed: bool = True
    stop_reason: str = ""  # an exercise's early_stop ("band slipped"), "skipped", "stopped"

    def __post_init__(self) -> None:
        check_scale("effort", self.effort)
        check_scale("pain", self.pain)
        if self.reps_done < 0 or self.reps_target < 0:
            raise InvalidInput(
                "Reps cannot be negative.", hint="Enter 0 or more reps.", field="reps"
            )


@dataclass
class SessionLog:
    started_at: datetime
    ended_at: datetime | None = None
    sets: list[SetLog] = field(default_factory=list)
    source: str = "coach"  # coach | manual | video
    note: str = ""
    plan_week: int | None = None

    @property
    def reps_done(self) -> int:
        return sum(s.reps_done for s in self.sets)


def check_scale(name: str, value: int | None) -> None:
    if value is None:
        return
    if not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
        raise InvalidInput(
            f"{name.capitalize()} must be a whole number from {SCALE_MIN} to {SCALE_MAX}, "
            f"not {value!r}.",
            hint=f"{SCALE_MIN} means none, {SCALE_MAX} the worst you can imagine.",
            field=name,
        )
