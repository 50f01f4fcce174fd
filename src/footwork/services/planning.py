"""Assessment report, the current plan, and its calendar file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy.orm import Session

from footwork.config import Settings
from footwork.domain.assessment import AssessmentReport, assess
from footwork.domain.plan import Plan, Recent, build_plan
from footwork.domain.progress import adherence
from footwork.services.store import open_store
from footwork.storage import repository as repo
from footwork.storage.tables import PersonRow


@dataclass(frozen=True)
class PersonPlan:
    person: str
    person_uid: str
    report: AssessmentReport
    plan: Plan


def assessment(settings: Settings, person: str | None = None) -> tuple[str, AssessmentReport]:
    with open_store(settings).transaction() as s:
        who = repo.reader(s, person)
        if who is None:  # an empty home: nothing measured, and nothing is created
            return repo.DEFAULT_PERSON, assess([])
        return who.name, assess(repo.list_measurements(s, who))


def current_plan(
    settings: Settings, person: str | None = None, today: date | None = None
) -> PersonPlan:
    """The plan for this week, progressed by weeks, adherence and pain. Reading it writes
    nothing: a plan not started yet (no session logged, no explicit start) starts today."""
    today = today or date.today()
    with open_store(settings).transaction() as s:
        who = repo.reader(s, person)
        if who is None:  # an empty home: the plan a first profile would get
            return PersonPlan(repo.DEFAULT_PERSON, "", assess([]), build_plan(assess([]), today))
        start = who.plan_start or today
        report = assess(repo.list_measurements(s, who))
        week = (today - start).days // 7 + 1
        plan = build_plan(report, start, week=max(week, 1), recent=_recent(s, who, today))
        return PersonPlan(who.name, who.uid, report, plan)


def plan_on(s: Session, who: PersonRow, report: AssessmentReport, day: date) -> Plan:
    """The plan as it stood on ``day``: that week's stage, progressed as it was then."""
    start = who.plan_start or day
    week = max((day - start).days // 7 + 1, 1)
    return build_plan(report, start, week=week, recent=_recent(s, who, day))


def _recent(s: Session, who: PersonRow, today: date) -> Recent:
    if who.plan_start is None or today - who.plan_start < timedelta(days=7):
        return Recent()
    week_ago = today - timedelta(days=7)
    days = repo.session_days(s, who)
    rate = adherence(days, today - timedelta(days=1), window_days=7).rate
    pain = repo.max_pain_since(s, who, datetime.combine(week_ago, time()))
    return Recent(adherence=rate, max_pain=pain)


def restart_plan(settings: Settings, person: str | None = None, start: date | None = None) -> None:
    with open_store(settings).transaction() as s:
        repo.resolve_person(s, person).plan_start = start or date.today()


def calendar(
    pp: PersonPlan, *, weeks: int = 4, at: time = time(7, 30), stamp: datetime | None = None
) -> bytes:
    """An RFC 5545 calendar: one event per planned day and a re-test event.

    Event UIDs depend only on the person and the date, so re-importing a newer export updates
    the same events instead of adding copies.
    """
    cal = Calendar()
    cal.add("prodid", "-//footwork//foot training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"footwork: {pp.person}")
    stamp = stamp or datetime.now().astimezone()
    summary = " · ".join(i.exercise.name for i in pp.plan.items)
    for n in range(weeks * 7):
        day = pp.plan.start + timedelta(days=n)
        description = _plan_text(_plan_for_day(pp, day))
        cal.add_component(
            _event(
                pp.person_uid,
                day,
                at,
                15,
                f"Foot training: {summary}",
                description,
                stamp,
                remind=True,
            )
        )
    cal.add_component(
        _event(
            pp.person_uid,
            pp.plan.retest_on,
            at,
            20,
            "Foot re-test",
            "Repeat the big-toe, lunge and footprint tests: footwork assess",
            stamp,
            remind=False,
            tag="retest",
        )
    )
    return cal.to_ical()


def _event(
    person_uid: str,
    day: date,
    at: time,
    minutes: int,
    summary: str,
    description: str,
    stamp: datetime,
    *,
    remind: bool,
    tag: str = "session",
) -> Event:
    ev = Event()
    digest = hashlib.sha1(f"{person_uid}:{tag}:{day.isoformat()}".encode()).hexdigest()[:16]
    ev.add("uid", f"{tag}-{day.isoformat()}-{digest}@footwork")
    ev.add("dtstamp", stamp)
    start = datetime.combine(day, at)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=minutes))
    ev.add("summary", summary)
    ev.add("description", description)
    if remind:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=-10))
        ev.add_component(alarm)
    return ev


def _plan_for_day(pp: PersonPlan, day: date) -> Plan:
    """This week's plan as it stands; later weeks as they will be if training goes to plan."""
    week = (day - pp.plan.start).days // 7 + 1
    if week <= pp.plan.week:
        return pp.plan
    return build_plan(pp.report, pp.plan.start, week=week)


def _plan_text(plan: Plan) -> str:
    lines = []
    for item in plan.items:
        doses = {side.value: d.describe() for side, d in item.dose_by_side.items()}
        if len(set(doses.values())) == 1:
            lines.append(f"{item.exercise.name}: {next(iter(doses.values()))}")
        else:
            lines += [f"{item.exercise.name} ({side}): {text}" for side, text in doses.items()]
    return "\n".join(lines) + "\nCoach yourself through it with: footwork coach"
