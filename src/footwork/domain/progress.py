"""Progress: each measure over time against its target, judged against measurement error;
what each day's logged sets add up to against the plan (done, partial); adherence and streaks
from the days done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from footwork.domain.exercises import EXERCISES, Per, plural
from footwork.domain.measures import KINDS, MeasureKind, Measurement, Method
from footwork.domain.norms import NORMS, reaches
from footwork.domain.plan import Plan
from footwork.domain.session import SetLog, set_blocks
from footwork.domain.sides import Direction, Side

ADHERENCE_WINDOW_DAYS = 28


def _done_rule() -> str:
    """What makes a day "done", in words shown wherever a day's state is shown; the exercises
    with their own early stop, and those done in mini-sets, are named from their data."""
    early = "".join(f" (a {e.name} mini-set also counts when the {e.early_stop} after at least "
                    "one rep)" for e in EXERCISES.values() if e.early_stop)  # fmt: skip
    bouts = "".join(f", and every {e.name} mini-set of the day"
                    for e in EXERCISES.values() if e.dose.per is Per.BOUT)  # fmt: skip
    return (
        "A day counts as done when every set of the plan is logged: each set with at least the "
        f"planned reps{early}{bouts}. A day with some sets is partial."
    )


DONE_RULE = _done_rule()


@dataclass(frozen=True)
class Change:
    first: float
    last: float
    mdc: float | None

    @property
    def delta(self) -> float:
        return self.last - self.first

    @property
    def is_real(self) -> bool | None:
        """True if the change is larger than the smallest detectable change; None if unknown."""
        return None if self.mdc is None else reaches(self.delta, self.mdc)

    def verdict(self, higher_is_better: bool | None) -> str:
        if self.is_real is None:
            return "no known measurement error to judge this change"
        if not self.is_real:
            return "within measurement noise: no real change yet"
        if higher_is_better is None:
            return "a real change"
        better = (self.delta > 0) == higher_is_better
        return "a real improvement" if better else "a real decline"


@dataclass
class Series:
    """One measure, one side, one method: only like is compared with like."""

    kind: MeasureKind
    side: Side
    method: Method
    points: list[Measurement]

    @property
    def target(self) -> float | None:
        return NORMS[self.kind].target

    @property
    def change(self) -> Change | None:
        if len(self.points) < 2:
            return None
        mdc = NORMS[self.kind].mdc_for(self.method)
        return Change(self.points[0].value, self.points[-1].value, mdc.value if mdc else None)

    @property
    def verdict(self) -> str:
        change = self.change
        if change is None:
            return "one measurement so far"
        return change.verdict(KINDS[self.kind].higher_is_better)


def build_series(measurements: Iterable[Measurement]) -> list[Series]:
    groups: dict[tuple[MeasureKind, Side, Method], list[Measurement]] = {}
    for m in sorted(measurements, key=lambda m: m.taken_at):
        groups.setdefault((m.kind, m.side, m.method), []).append(m)
    kind_order = {k: i for i, k in enumerate(MeasureKind)}
    keys = sorted(groups, key=lambda k: (kind_order[k[0]], k[1].value, k[2].value))
    return [Series(k, s, m, groups[(k, s, m)]) for k, s, m in keys]


class DayStatus(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    NOT_STARTED = "not started"


Slot = tuple[str, Side | None, Direction | None]  # exercise, foot, direction


@dataclass(frozen=True)
class DayTally:
    """One day's logged sets against that day's plan: each slot (exercise, foot, direction)
    counts up to the sets planned for it, so extra sets on one foot never make up for the other.
    """

    day: date
    planned: dict[Slot, int]
    counted: dict[Slot, int] = field(default_factory=dict)
    reps_logged: int = 0

    @property
    def sets_planned(self) -> int:
        return sum(self.planned.values())

    @property
    def sets_done(self) -> int:
        return sum(min(n, self.planned[k]) for k, n in self.counted.items() if k in self.planned)

    @property
    def status(self) -> DayStatus:
        if self.sets_planned and self.sets_done >= self.sets_planned:
            return DayStatus.DONE
        return DayStatus.PARTIAL if self.reps_logged or self.sets_done else DayStatus.NOT_STARTED

    def left(self, exercise: str) -> int:
        """Sets of this exercise still to do today."""
        return sum(n - min(self.counted.get(k, 0), n) for k, n in self.planned.items()
                   if k[0] == exercise)  # fmt: skip

    def logged_of(self, exercise: str) -> int:
        """Sets of this exercise logged today that count, extra ones included."""
        return sum(n for k, n in self.counted.items() if k[0] == exercise)

    def done_of(self, exercise: str) -> int:
        return sum(min(self.counted.get(k, 0), n) for k, n in self.planned.items()
                   if k[0] == exercise)  # fmt: skip

    def describe(self) -> str:
        """'5 of 8 sets done' for people."""
        return f"{self.sets_done} of {plural(self.sets_planned, 'set')} done"


def planned_slots(plan: Plan) -> dict[Slot, int]:
    """The sets a day of this plan asks for, per exercise, foot and direction; an exercise done
    in mini-sets through the day asks for all of the day's mini-sets."""
    slots: dict[Slot, int] = {}
    for item in plan.items:
        for block in set_blocks(item):
            key = (item.exercise.key, block.side, block.direction)
            per_day = block.sets_total if item.exercise.dose.per is Per.BOUT else 1
            slots[key] = slots.get(key, 0) + per_day
    return slots


def set_counts(entry: SetLog, plan: Plan) -> bool:
    """A logged set counts toward the day when it reached the dose's (lowest) reps, or ended by
    the exercise's own stop rule after at least one rep."""
    item = next((i for i in plan.items if i.exercise.key == entry.exercise), None)
    if item is None:
        return False
    dose = item.dose_by_side[entry.side or Side.LEFT]
    early_stop = item.exercise.early_stop
    by_rule = bool(dose.stop_rule and early_stop) and entry.stop_reason == early_stop
    return entry.reps_done >= dose.reps or (by_rule and entry.reps_done > 0)


def tally_day(day: date, plan: Plan, entries: Iterable[SetLog]) -> DayTally:
    """The day's sets against its plan. Reps of exercises outside the plan (a squat clip
    checked for form) do not make the day "partly done": they are not the programme."""
    counted: dict[Slot, int] = {}
    reps = 0
    in_plan = {item.exercise.key for item in plan.items}
    for e in entries:
        if e.exercise in in_plan:
            reps += e.reps_done
        if set_counts(e, plan):
            key = (e.exercise, e.side, e.direction)
            counted[key] = counted.get(key, 0) + 1
    return DayTally(day, planned_slots(plan), counted, reps)


@dataclass(frozen=True)
class Adherence:
    window_days: int
    planned_days: int
    done_days: int
    current_streak: int
    longest_streak: int
    last_session: date | None
    partial_days: int = 0

    @property
    def rate(self) -> float:
        return self.done_days / self.planned_days if self.planned_days else 0.0


def adherence(
    done_days: Iterable[date],
    today: date,
    *,
    since: date | None = None,
    window_days: int = ADHERENCE_WINDOW_DAYS,
    partial_days: Iterable[date] = (),
) -> Adherence:
    """Share of the last ``window_days`` (not before ``since``) that were done; streaks count
    done days only, and partial days are counted on their own."""
    days = sorted(set(done_days))
    partial = sorted(set(partial_days) - set(days))
    start = today - timedelta(days=window_days - 1)
    if since is not None and since > start:
        start = since
    planned = max((today - start).days + 1, 0)
    done = sum(1 for d in days if start <= d <= today)
    trained = sorted(set(days) | set(partial))
    return Adherence(
        window_days,
        planned,
        done,
        current_streak(days, today),
        longest_streak(days),
        trained[-1] if trained else None,
        sum(1 for d in partial if start <= d <= today),
    )


def adherence_from_tallies(
    tallies: Iterable[DayTally],
    today: date,
    *,
    since: date | None = None,
    window_days: int = ADHERENCE_WINDOW_DAYS,
) -> Adherence:
    by_status: dict[DayStatus, list[date]] = {s: [] for s in DayStatus}
    for t in tallies:
        by_status[t.status].append(t.day)
    return adherence(by_status[DayStatus.DONE], today, since=since, window_days=window_days,
                     partial_days=by_status[DayStatus.PARTIAL])  # fmt: skip


def current_streak(days: list[date], today: date) -> int:
    """Consecutive days with a session ending today (or yesterday, if today is not done yet)."""
    have = set(days)
    end = today if today in have else today - timedelta(days=1)
    streak = 0
    while end - timedelta(days=streak) in have:
        streak += 1
    return streak


def longest_streak(days: list[date]) -> int:
    best = run = 0
    previous: date | None = None
    for d in sorted(set(days)):
        run = run + 1 if previous is not None and d - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = d
    return best
