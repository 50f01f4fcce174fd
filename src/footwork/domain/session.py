"""A coached session as a list of timed steps, and the log of what was done.

The steps are plain data so the terminal coach, the browser coach and tests all walk the same
script: set-up, a get-ready countdown, each slow rep split into its phases (out, hold, back),
a switch-sides cue between feet, a rest between exercises, and the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import partial

from footwork.domain.exercises import Exercise, Per
from footwork.domain.plan import Plan, PlanItem
from footwork.domain.sides import Direction, Side
from footwork.errors import InvalidInput

GET_READY_S = 5.0
SWITCH_S = 5.0
REST_BETWEEN_EXERCISES_S = 20.0
SCALE_MIN, SCALE_MAX = 0, 10


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


@dataclass(frozen=True)
class SetPlan:
    """One block of reps: one exercise, one foot (and direction), one set."""

    exercise: Exercise
    side: Side | None
    direction: Direction | None
    set_number: int
    reps: int


def set_blocks(item: PlanItem) -> list[SetPlan]:
    """The blocks of one plan item in coaching order: left foot first, directions in turn."""
    ex = item.exercise
    blocks: list[SetPlan] = []
    if ex.dose.per is Per.BOUT:
        dose = item.dose_by_side[Side.LEFT]
        return [SetPlan(ex, None, None, 1, dose.reps_max or dose.reps)]
    for side in (Side.LEFT, Side.RIGHT):
        dose = item.dose_by_side[side]
        for n in range(1, dose.sets + 1):
            if ex.dose.per is Per.DIRECTION:
                blocks += [SetPlan(ex, side, d, n, dose.reps) for d in Direction]
            else:
                blocks.append(SetPlan(ex, side, None, n, dose.reps))
    return blocks


def rep_steps(block: SetPlan, item: PlanItem) -> list[Step]:
    """Each slow rep split into its timed phases: out, hold at end range, back."""
    t = item.dose_by_side[block.side or Side.LEFT].tempo
    ex = block.exercise
    where = _where(block)
    steps: list[Step] = []
    for rep in range(1, block.reps + 1):
        phase = partial(
            Step,
            exercise=ex.key,
            side=block.side,
            direction=block.direction,
            set_number=block.set_number,
            rep=rep,
            reps_total=block.reps,
        )
        cue = ex.cues[rep % len(ex.cues)] if ex.cues else ""
        steps.append(
            phase(kind=StepKind.OUT, seconds=t.out_s, cue=f"Rep {rep}/{block.reps}{where}: {cue}")
        )
        if t.pause_s:
            steps.append(
                phase(kind=StepKind.HOLD, seconds=t.pause_s, cue="Hold at the end of the range.")
            )
        if t.back_s:
            steps.append(phase(kind=StepKind.BACK, seconds=t.back_s, cue="Slowly back."))
    return steps


def _where(block: SetPlan) -> str:
    parts = [p for p in (block.side and f"{block.side.value} foot", block.direction) if p]
    return f" ({', '.join(parts)})" if parts else ""


def session_steps(plan: Plan, only: list[str] | None = None) -> list[Step]:
    """The whole script of today's session."""
    steps: list[Step] = []
    items = [i for i in plan.items if not only or i.exercise.key in only]
    for n, item in enumerate(items):
        ex = item.exercise
        steps.append(Step(StepKind.SETUP, ex.key, 0, " ".join(ex.setup)))
        previous_side: Side | None = None
        for block in set_blocks(item):
            if previous_side is not None and block.side is not previous_side and ex.switch_cue:
                steps.append(
                    Step(StepKind.SWITCH, ex.key, SWITCH_S, ex.switch_cue, side=block.side)
                )
            steps.append(
                Step(
                    StepKind.GET_READY,
                    ex.key,
                    GET_READY_S,
                    f"Get ready{_where(block)}.",
                    side=block.side,
                    direction=block.direction,
                    set_number=block.set_number,
                )
            )
            steps += rep_steps(block, item)
            steps.append(
                Step(
                    StepKind.SET_DONE,
                    ex.key,
                    0,
                    "Set done.",
                    side=block.side,
                    direction=block.direction,
                    set_number=block.set_number,
                    reps_total=block.reps,
                )
            )
            previous_side = block.side
        if n < len(items) - 1:
            steps.append(
                Step(
                    StepKind.REST,
                    ex.key,
                    REST_BETWEEN_EXERCISES_S,
                    "Rest. Next: " + items[n + 1].exercise.name + ".",
                )
            )
    return steps


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
    stop_reason: str = ""  # e.g. "band slipped", "skipped", "stopped"

    def __post_init__(self) -> None:
        check_scale("effort", self.effort)
        check_scale("pain", self.pain)
        if self.reps_done < 0 or self.reps_target < 0:
            raise InvalidInput("Reps cannot be negative.", hint="Enter 0 or more reps.")


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
            f"{name.capitalize()} must be a whole number from 0 to 10, not {value!r}.",
            hint="0 means none, 10 the worst you can imagine.",
        )
