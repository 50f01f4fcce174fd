"""Progress report: measures over time against targets and measurement error, adherence,
streaks, and the person's own outcome notes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from footwork.config import Settings
from footwork.domain.assessment import assess
from footwork.domain.progress import (
    ADHERENCE_WINDOW_DAYS,
    Adherence,
    DayTally,
    Series,
    adherence_from_tallies,
    build_series,
    tally_day,
)
from footwork.domain.session import SetLog, check_scale
from footwork.errors import InvalidInput
from footwork.services import planning
from footwork.services.store import open_store
from footwork.storage import repository as repo
from footwork.storage.tables import PersonRow


@dataclass(frozen=True)
class Outcome:
    recorded_at: datetime
    kind: str
    value: float | None
    unit: str
    note: str


@dataclass
class ProgressReport:
    person: str
    today: date
    series: list[Series]
    adherence: Adherence
    session_days: list[date]
    outcomes: list[Outcome]
    days: list[DayTally] = field(default_factory=list)  # the adherence window, oldest first

    @property
    def today_tally(self) -> DayTally | None:
        return self.days[-1] if self.days and self.days[-1].day == self.today else None


def report(
    settings: Settings, person: str | None = None, today: date | None = None
) -> ProgressReport:
    today = today or date.today()
    with open_store(settings).transaction() as s:
        who = repo.resolve_person(s, person)
        days = repo.session_days(s, who)
        since = who.plan_start or (days[0] if days else today)
        tallies = day_tallies(s, who, today)
        return ProgressReport(
            person=who.name,
            today=today,
            series=build_series(repo.list_measurements(s, who)),
            adherence=adherence_from_tallies(tallies, today, since=since),
            session_days=days,
            outcomes=[Outcome(o.recorded_at, o.kind, o.value, o.unit, o.note)
                      for o in repo.list_outcomes(s, who)],
            days=tallies,
        )  # fmt: skip


def day_tallies(
    s: Session, who: PersonRow, today: date, window_days: int = ADHERENCE_WINDOW_DAYS
) -> list[DayTally]:
    """Each day of the window judged against that day's plan, oldest first."""
    first = today - timedelta(days=window_days - 1)
    logged: dict[date, list[SetLog]] = {}
    for row in repo.list_sessions(s, who):
        day = row.started_at.date()
        if first <= day <= today:
            logged.setdefault(day, []).extend(repo.to_set_log(x) for x in row.sets)
    report = assess(repo.list_measurements(s, who))
    window = [first + timedelta(days=n) for n in range(window_days)]
    return [tally_day(d, planning.plan_on(s, who, report, d), logged.get(d, [])) for d in window]


def today(settings: Settings, person: str | None = None, day: date | None = None) -> DayTally:
    """What today's logged sets add up to against today's plan."""
    day = day or date.today()
    pp = planning.current_plan(settings, person, day)
    with open_store(settings).transaction() as s:
        who = repo.find_person(s, pp.person)
        if who is not None:
            return day_tallies(s, who, day, window_days=1)[0]
    return tally_day(day, pp.plan, [])


OUTCOME_KINDS = {
    "pain": ("/10", "pain during daily life or sport, 0 none to 10 worst"),
    "squat-1rm": ("kg", "best single squat"),
    "deadlift-1rm": ("kg", "best single deadlift"),
    "5k-time": ("min", "5 km run time"),
    "10k-time": ("min", "10 km run time"),
    "vertical-jump": ("cm", "vertical jump height"),
    "note": ("", "a free note"),
}


def add_outcome(
    settings: Settings,
    kind: str,
    value: float | None,
    note: str = "",
    unit: str | None = None,
    person: str | None = None,
    when: datetime | None = None,
) -> Outcome:
    """Record one of the person's own outcome notes (performance or pain)."""
    kind = kind.strip().lower()
    if not kind or len(kind) > 60:
        raise InvalidInput("Give the outcome a short name, such as squat-1rm or 5k-time.")
    default_unit = OUTCOME_KINDS.get(kind, ("", ""))[0]
    unit = unit if unit is not None else default_unit
    _check_outcome_value(kind, value)
    when = when or datetime.now()
    with open_store(settings).transaction() as s:
        repo.add_outcome(s, repo.resolve_person(s, person), kind, value, unit, note, when)
    return Outcome(when, kind, value, unit, note)


def _check_outcome_value(kind: str, value: float | None) -> None:
    if value is None:
        return
    if not math.isfinite(value):
        raise InvalidInput(
            f"{kind} must be a number, not {value}.", hint="Type a number, like 120."
        )
    if kind == "pain":
        if value != int(value):
            raise InvalidInput("Pain is a whole number from 0 to 10.")
        check_scale("pain", int(value))
    elif value < 0:
        raise InvalidInput(f"{kind} cannot be negative.", hint="Check the number and unit.")
