"""Assessment report and the current plan (its calendar file: calendar_file.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from footwork.config import Settings
from footwork.domain.assessment import AssessmentReport, assess
from footwork.domain.plan import Plan, Recent, build_plan
from footwork.domain.plan_changes import PlanChange, apply_changes
from footwork.domain.progress import adherence
from footwork.domain.records import DEFAULT_PERSON, Person, StoredSession
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
        history = PlanHistory(uow, who, assess(uow.measurements.all(who.id)))
        plan = history.on(today)
        return PersonPlan(who.name, who.uid, history.report, plan, tuple(history.changes))


def plan_on(uow: UnitOfWork, who: Person, report: AssessmentReport, day: date) -> Plan:
    """The plan as it stood on ``day``: that week's stage, progressed as it was then, with
    the coach's changes made by the end of that day."""
    return PlanHistory(uow, who, report).on(day)


class PlanHistory:
    """One person's plan as it stood on any day, from one read of their records: a progress
    report or a coach's roster judges each of 28 days against that day's plan."""

    def __init__(
        self,
        uow: UnitOfWork,
        who: Person,
        report: AssessmentReport,
        sessions: list[StoredSession] | None = None,
    ) -> None:
        """``sessions``: the person's sessions when the caller has read them already."""
        self.who = who
        self.report = report
        self.changes = uow.plan_changes.for_person(who.id)
        if sessions is None:
            self._days_trained = uow.sessions.days_trained(who.id)
            self._pains = uow.sessions.pains(who.id)
        else:  # the same two answers, from the sessions in hand
            self._days_trained = sorted(
                {s.started_at.date() for s in sessions if any(x.reps_done > 0 for x in s.sets)}
            )
            self._pains = [
                (s.started_at, x.pain) for s in sessions for x in s.sets if x.pain is not None
            ]

    def on(self, day: date) -> Plan:
        start = self.who.plan_start or day
        week = max((day - start).days // 7 + 1, 1)
        plan = build_plan(self.report, start, week=week, recent=self.recent(day))
        return apply_changes(plan, [c for c in self.changes if c.at.date() <= day])

    def recent(self, day: date) -> Recent:
        """The last week as the progression rules read it on ``day``: how much of it was
        trained, and the worst pain logged from a week before ``day`` to the end of it."""
        start = self.who.plan_start
        if start is None or day - start < timedelta(days=7):
            return Recent()
        week_ago = day - timedelta(days=7)
        rate = adherence(self._days_trained, day - timedelta(days=1), window_days=7).rate
        pain = max((p for at, p in self._pains if week_ago <= at.date() <= day), default=None)
        return Recent(adherence=rate, max_pain=pain)


def restart_plan(settings: Settings, person: str | None = None, start: date | None = None) -> None:
    with open_store(settings).unit_of_work() as uow:
        uow.people.set_plan_start(uow.people.resolve(person).id, start or date.today())
