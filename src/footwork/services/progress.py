"""Progress report: measures over time against targets and measurement error, adherence,
streaks, and the person's own outcome notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from footwork.config import Settings
from footwork.domain.assessment import AssessmentReport, assess
from footwork.domain.limits import (
    OUTCOME_KIND_MAX_CHARS,
    OUTCOME_KINDS,
    check_moment,
    check_name,
    check_outcome_value,
    parse_outcome_unit,
)
from footwork.domain.progress import (
    ADHERENCE_WINDOW_DAYS,
    Adherence,
    DayTally,
    Series,
    adherence,
    adherence_from_tallies,
    build_series,
    tally_day,
)
from footwork.domain.records import DEFAULT_PERSON, Outcome, Person, StoredSession
from footwork.domain.session import SetLog
from footwork.services import planning
from footwork.services.store import UnitOfWork, open_store


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
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        if who is None:  # an empty home: an empty report, and nothing is created
            return _empty_report(today)
        days = uow.sessions.days_trained(who.id)
        since = who.plan_start or (days[0] if days else today)
        stored = uow.measurements.all(who.id)
        tallies = day_tallies(uow, who, today, assess(stored))
        return ProgressReport(
            person=who.name,
            today=today,
            series=build_series(stored),
            adherence=adherence_from_tallies(tallies, today, since=since),
            session_days=days,
            outcomes=[Outcome(o.recorded_at, o.kind, o.value, o.unit, o.note, o.id)
                      for o in uow.outcomes.all(who.id)],
            days=tallies,
        )  # fmt: skip


def day_tallies(
    uow: UnitOfWork,
    who: Person,
    today: date,
    report: AssessmentReport,
    window_days: int = ADHERENCE_WINDOW_DAYS,
    sessions: list[StoredSession] | None = None,
) -> list[DayTally]:
    """Each day of the window judged against that day's plan (made from ``report``), oldest
    first. ``sessions``: the person's sessions when the caller has read them already."""
    first = today - timedelta(days=window_days - 1)
    logged: dict[date, list[SetLog]] = {}
    sessions = uow.sessions.all(who.id) if sessions is None else sessions
    for stored in sessions:
        day = stored.started_at.date()
        if first <= day <= today:
            logged.setdefault(day, []).extend(x.log for x in stored.sets)
    window = [first + timedelta(days=n) for n in range(window_days)]
    history = planning.PlanHistory(uow, who, report, sessions)
    return [tally_day(d, history.on(d), logged.get(d, [])) for d in window]


def today(settings: Settings, person: str | None = None, day: date | None = None) -> DayTally:
    """What today's logged sets add up to against today's plan."""
    day = day or date.today()
    pp = planning.current_plan(settings, person, day)
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.find(pp.person)
        if who is not None:
            return day_tallies(uow, who, day, pp.report, window_days=1)[0]
    return tally_day(day, pp.plan, [])


__all__ = ["OUTCOME_KINDS", "Outcome", "ProgressReport", "add_outcome", "report", "today"]


def _empty_report(today: date) -> ProgressReport:
    return ProgressReport(DEFAULT_PERSON, today, [], adherence([], today, since=today), [], [])


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
    kind = check_name(kind, "outcome name", OUTCOME_KIND_MAX_CHARS).lower()
    chosen = parse_outcome_unit(unit, kind)
    check_outcome_value(kind, value, chosen)
    when = check_moment(when, date.today(), "The date") if when else datetime.now()
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.resolve(person)
        saved = uow.outcomes.add(who.id, kind, value, chosen.key, note, when)
        return Outcome(when, kind, value, chosen.key, note, saved.id)
