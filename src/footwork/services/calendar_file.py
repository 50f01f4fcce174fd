"""The plan as an RFC 5545 calendar file, and the person's training times and time zone.

Each day has the session's event (with the day's first Banded Squat mini-set) and one event
per further mini-set, at the times the person chose, in their time zone (the system's unless
they set one). Event UIDs depend only on the person, the day and the bout, so a newer export
updates the same events; an event whose content changed gets a higher SEQUENCE, which is what
calendar apps look at to take the update.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from footwork.config import Settings
from footwork.domain.exercises import BANDED_SQUAT
from footwork.domain.plan import Plan, build_plan, dose_lines
from footwork.domain.plan_changes import apply_changes
from footwork.domain.schedule import (
    DEFAULT_TIMES,
    day_times,
    format_time,
    format_times,
    parse_times,
)
from footwork.domain.session import session_minutes, session_steps
from footwork.domain.sides import Side
from footwork.errors import InvalidInput
from footwork.services.planning import PersonPlan, current_plan
from footwork.services.store import open_store

SESSION_REMINDER = timedelta(minutes=-10)  # a nudge before the session, time to get ready
MINISET_REMINDER = timedelta(0)  # a mini-set takes a minute: remind when it is due
RETEST_MINUTES = 20
OPEN_APP = "Open footwork for the guided session, timed rep by rep, and log it there."
CANCELLED = "cancelled"  # the digest stored for an event handed out as cancelled
_UID = re.compile(r"^(?P<tag>[a-z0-9]+)-(?P<day>\d{4}-\d{2}-\d{2})-[0-9a-f]{16}@footwork$")


# Training times and time zone -------------------------------------------------------------


@dataclass(frozen=True)
class TrainingTimes:
    times: tuple[time, ...] | None  # None: the defaults
    zone: ZoneInfo
    zone_chosen: bool  # False: the system's zone

    @property
    def text(self) -> str:
        """The chosen times, else every default time."""
        return format_times(self.times or DEFAULT_TIMES)


def system_zone() -> ZoneInfo:
    """The computer's own time zone, by its IANA name (TZ, else /etc/localtime); UTC when it
    cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    for key in filter(None, candidates):
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def parse_zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"{text!r} is not a time zone footwork knows.",
            hint="Give its name, like Europe/Berlin, America/New_York or UTC.",
        ) from None


def training_times(settings: Settings, person: str | None = None) -> TrainingTimes:
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.find(person) if person else None
        if who is None and not person:
            people = uow.people.all()
            who = people[0] if len(people) == 1 else None
        stored = who.training_times if who else None
        zone = who.time_zone if who else None
    times = tuple(parse_times(", ".join(stored))) if stored else None
    return TrainingTimes(times, parse_zone(zone) if zone else system_zone(), bool(zone))


def set_training_times(
    settings: Settings,
    person: str | None = None,
    *,
    times: str | None = None,
    zone: str | None = None,
) -> TrainingTimes:
    """Store the times of the session and of each further mini-set, and the time zone; an
    empty text goes back to the default."""
    chosen = parse_times(times) if times and times.strip() else None
    zone_name = parse_zone(zone).key if zone and zone.strip() else None
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.resolve(person)
        if times is not None:
            uow.people.set_training_times(who.id, [format_time(t) for t in chosen or ()])
        if zone is not None:
            uow.people.set_time_zone(who.id, zone_name)
        name = who.name
    return training_times(settings, name)


# The calendar file --------------------------------------------------------------------------


@dataclass
class CalendarFile:
    body: bytes
    versions: dict[str, tuple[str, int]] = field(default_factory=dict)  # uid -> digest, seq


def export(
    settings: Settings,
    person: str | None = None,
    *,
    weeks: int = 4,
    stamp: datetime | None = None,
    today: date | None = None,
) -> bytes:
    """The person's calendar file; remembers each event's version so the next export raises
    SEQUENCE exactly where an event changed."""
    pp = current_plan(settings, person, today)
    chosen = training_times(settings, pp.person)
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.find(pp.person)
        previous = uow.calendar.versions(who.id) if who else {}
    made = calendar(pp, weeks=weeks, stamp=stamp, times=chosen.times, zone=chosen.zone,
                    previous=previous)  # fmt: skip
    if made.versions != previous:
        with open_store(settings).unit_of_work() as uow:
            who = uow.people.find(pp.person)
            if who is not None:
                uow.calendar.save_versions(who.id, made.versions)
    return made.body


def calendar(
    pp: PersonPlan,
    *,
    weeks: int = 4,
    stamp: datetime | None = None,
    times: tuple[time, ...] | None = None,
    zone: ZoneInfo | None = None,
    previous: dict[str, tuple[str, int]] | None = None,
) -> CalendarFile:
    """Events for ``weeks`` of the plan from its start, and the re-test."""
    zone = zone or system_zone()
    cal = Calendar()
    cal.add("prodid", "-//footwork//foot training plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"footwork: {pp.person}")
    cal.add("x-wr-timezone", zone.key)
    out = CalendarFile(b"")
    stamp = stamp or datetime.now().astimezone()
    for n in range(weeks * 7):
        day = pp.plan.start + timedelta(days=n)
        for ev in _day_events(pp, day, times, zone):
            cal.add_component(_finish(ev, pp.person_uid, stamp, previous or {}, out))
    first = day_times(times, 1)[0]
    retest = _Event("retest", pp.plan.retest_on, first, RETEST_MINUTES, "Foot re-test",
                    "Repeat the big-toe, lunge and footprint tests in footwork to see what "
                    "has changed since you started.", None, zone)  # fmt: skip
    cal.add_component(_finish(retest, pp.person_uid, stamp, previous or {}, out))
    last_day = pp.plan.start + timedelta(days=weeks * 7 - 1)
    for gone in _cancelled(previous or {}, out, pp.plan.start, last_day, first, zone, stamp):
        cal.add_component(gone)
    cal.add_missing_timezones()
    out.body = cal.to_ical()
    return out


@dataclass(frozen=True)
class _Event:
    tag: str
    day: date
    at: time
    minutes: int
    summary: str
    description: str
    remind: timedelta | None
    zone: ZoneInfo


def _day_events(
    pp: PersonPlan, day: date, times: tuple[time, ...] | None, zone: ZoneInfo
) -> list[_Event]:
    plan = _plan_for_day(pp, day)
    squat = plan.find(BANDED_SQUAT.key)  # None: paused by the coach
    bouts = squat.dose_by_side[Side.LEFT].bouts_per_day if squat else 1
    at = day_times(times, bouts)
    later = [f"{n} of {bouts} at {format_time(t)}" for n, t in enumerate(at[1:], start=2)]
    squat_note = ""
    if squat is not None:
        squat_note = f"The session includes Banded Squat mini-set 1 of {bouts}" + (
            f"; the others: {', '.join(later)}." if later else "."
        )
    summary = "Foot training: " + " · ".join(i.exercise.name for i in plan.items)
    events = [
        _Event(
            "session",
            day,
            at[0],
            session_minutes(session_steps(plan)),
            summary,
            "\n".join(filter(None, [_plan_text(plan), squat_note, OPEN_APP])),
            SESSION_REMINDER,
            zone,
        )
    ]
    if squat is None:
        return events
    squat_minutes = session_minutes(session_steps(plan, [BANDED_SQUAT.key]))
    squat_dose = " ".join(text for _, text in dose_lines(squat))
    for n, t in enumerate(at[1:], start=2):
        events.append(
            _Event(
                f"miniset{n}",
                day,
                t,
                squat_minutes,
                f"Banded Squat: mini-set {n} of {bouts}",
                f"Banded Squat: {squat_dose}\n{OPEN_APP}",
                MINISET_REMINDER,
                zone,
            )
        )
    return events  # fmt: skip


def _finish(
    e: _Event,
    person_uid: str,
    stamp: datetime,
    previous: dict[str, tuple[str, int]],
    out: CalendarFile,
) -> Event:
    key = f"{person_uid}:{e.tag}:{e.day.isoformat()}"
    uid = f"{e.tag}-{e.day.isoformat()}-{hashlib.sha1(key.encode()).hexdigest()[:16]}@footwork"
    start = datetime.combine(e.day, e.at, tzinfo=e.zone)
    content = "\n".join([e.summary, e.description, start.isoformat(), e.zone.key,
                         str(e.minutes), str(e.remind)])  # fmt: skip
    digest = hashlib.sha256(content.encode()).hexdigest()[:32]
    before = previous.get(uid)
    sequence = 0 if before is None else before[1] + (before[0] != digest)
    out.versions[uid] = (digest, sequence)
    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("sequence", sequence)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=e.minutes))
    ev.add("summary", e.summary)
    ev.add("description", e.description)
    if e.remind is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", e.summary)
        alarm.add("trigger", e.remind)
        ev.add_component(alarm)
    return ev


def _cancelled(
    previous: dict[str, tuple[str, int]],
    out: CalendarFile,
    first_day: date,
    last_day: date,
    at: time,
    zone: ZoneInfo,
    stamp: datetime,
) -> list[Event]:
    """Events handed out before that this export no longer has (a mini-set fewer a day),
    within the days it covers: sent again as cancelled, so calendar apps remove them."""
    cancelled = []
    for uid, (digest, sequence) in previous.items():
        found = _UID.match(uid)
        if uid in out.versions or not found or found["tag"] == "retest":
            continue
        day = date.fromisoformat(found["day"])
        if not first_day <= day <= last_day:
            out.versions[uid] = (digest, sequence)  # outside this export: left as it was
            continue
        sequence += digest != CANCELLED
        out.versions[uid] = (CANCELLED, sequence)
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("sequence", sequence)
        ev.add("dtstart", datetime.combine(day, at, tzinfo=zone))
        ev.add("summary", "No longer planned")
        ev.add("status", "CANCELLED")
        cancelled.append(ev)
    return cancelled


def _plan_for_day(pp: PersonPlan, day: date) -> Plan:
    """This week's plan as it stands; later weeks as they will be if training goes to plan."""
    week = (day - pp.plan.start).days // 7 + 1
    if week <= pp.plan.week:
        return pp.plan
    return apply_changes(build_plan(pp.report, pp.plan.start, week=week), pp.changes)


def _plan_text(plan: Plan) -> str:
    lines = []
    for item in plan.items:
        for side, text in dose_lines(item):
            label = f"{item.exercise.name} ({side.value})" if side else item.exercise.name
            lines.append(f"{label}: {text}")
        lines += item.from_coach
    lines += [f"{item.exercise.name}: {item.from_coach[0]}" for item in plan.paused
              if item.from_coach]  # fmt: skip
    return "\n".join(lines)
