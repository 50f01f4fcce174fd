"""Assessment report and the current plan (its calendar file: calendar_file.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from footwork.config import Settings
from footwork.domain.assessment import AssessmentReport, assess
from footwork.domain.plan import Plan, Recent, build_plan
from footwork.domain.plan_changes import PlanChange, apply_changes
from footwork.domain.progress import adherence
from footwork.domain.records import DEFAULT_PERSON, Person
from footwork.services.store import UnitOfWork, open_store


@dataclass(frozen=True)
class PersonPlan:
    person: str
    person_uid: str
    report: AssessmentReport
    plan: Plan
    # The coach's changes (team mode), oldest first: already in ``plan``; kept for the plans
    # of later weeks (the calendar).
    changes: tuple[PlanChange, ...] = ()


def assessment(settings: Settings, person: str | None = None) -> tuple[str, AssessmentReport]:
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        if who is None:  # an empty home: nothing measured, and nothing is created
            return DEFAULT_PERSON, assess([])
        return who.name, assess(uow.measurements.all(who.id))


def current_plan(
    settings: Settings, person: str | None = None, today: date | None = None
) -> PersonPlan:
    """The plan for this week, progressed by weeks, adherence and pain. Reading it writes
    nothing: a plan not started yet (no session logged, no explicit start) starts today."""
    today = today or date.today()
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        if who is None:  # an empty home: the plan a first profile would get
            return PersonPlan(DEFAULT_PERSON, "", assess([]), build_plan(assess([]), today))
        start = who.plan_start or today
        report = assess(uow.measurements.all(who.id))
        week = (today - start).days // 7 + 1
        plan = build_plan(report, start, week=max(week, 1), recent=_recent(uow, who, today))
        changes = tuple(uow.plan_changes.for_person(who.id))
        return PersonPlan(who.name, who.uid, report, apply_changes(plan, changes), changes)


def plan_on(uow: UnitOfWork, who: Person, report: AssessmentReport, day: date) -> Plan:
    """The plan as it stood on ``day``: that week's stage, progressed as it was then, with
    the coach's changes made by the end of that day."""
    start = who.plan_start or day
    week = max((day - start).days // 7 + 1, 1)
    plan = build_plan(report, start, week=week, recent=_recent(uow, who, day))
    made = [c for c in uow.plan_changes.for_person(who.id) if c.at.date() <= day]
    return apply_changes(plan, made)


def _recent(uow: UnitOfWork, who: Person, today: date) -> Recent:
    if who.plan_start is None or today - who.plan_start < timedelta(days=7):
        return Recent()
    week_ago = today - timedelta(days=7)
    days = uow.sessions.days_trained(who.id)
    rate = adherence(days, today - timedelta(days=1), window_days=7).rate
    pain = uow.sessions.max_pain_since(who.id, datetime.combine(week_ago, time()))
    return Recent(adherence=rate, max_pain=pain)


def restart_plan(settings: Settings, person: str | None = None, start: date | None = None) -> None:
    with open_store(settings).unit_of_work() as uow:
        uow.people.set_plan_start(uow.people.resolve(person).id, start or date.today())
