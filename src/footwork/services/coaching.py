"""A coach's view of their athletes: the roster (adherence, tests against targets, flags) and
one athlete's page (progress, sessions with pain and notes, analysed clips). The rules are in
``domain/coaching.py``; this module gathers the records they read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from footwork.config import Settings
from footwork.domain.accounts import Account
from footwork.domain.assessment import assess
from footwork.domain.coaching import (
    LONG_WINDOW_DAYS,
    SHORT_WINDOW_DAYS,
    Flag,
    MeasureLine,
    Signals,
    flags,
    measure_lines,
    recent_pain,
)
from footwork.domain.jobs import Job
from footwork.domain.progress import Adherence, adherence_from_tallies, build_series
from footwork.domain.records import Person, StoredSession
from footwork.errors import NotFound
from footwork.services import analyses, planning, progress
from footwork.services.analyses import AnalysisRecord
from footwork.services.store import UnitOfWork, open_store


@dataclass(frozen=True)
class AthleteRow:
    """One athlete on the coach's dashboard."""

    name: str
    uid: str  # the athlete's person id, as the pages and the API name them
    email: str
    last_session: date | None
    adherence_short: Adherence  # SHORT_WINDOW_DAYS
    adherence_long: Adherence  # LONG_WINDOW_DAYS
    tests: list[MeasureLine]
    flags: list[Flag]


class RosterSort(StrEnum):
    """How the roster can be ordered; each puts who needs attention first where it can."""

    FLAGS = "flags"  # most flags first
    NAME = "name"  # A to Z
    LAST = "last"  # longest since the last session first (never trained: first of all)
    ADHERENCE_SHORT = "adherence7"  # lowest first
    ADHERENCE_LONG = "adherence28"  # lowest first


def roster(settings: Settings, coach_id: int, today: date | None = None) -> list[AthleteRow]:
    """The coach's athletes, most flags first (then by name)."""
    today = today or date.today()
    with open_store(settings).unit_of_work() as uow:
        rows = []
        for athlete_id in uow.coaching.athletes(coach_id):
            account = uow.accounts.get(athlete_id)
            if account is None or account.person_id is None or account.disabled:
                continue
            who = uow.people.get(account.person_id)
            if who is not None:
                rows.append(_row(uow, account, who, today))
    return sort_roster(rows, RosterSort.FLAGS)


def sort_roster(rows: list[AthleteRow], by: RosterSort) -> list[AthleteRow]:
    by_name = sorted(rows, key=lambda r: r.name.casefold())
    if by is RosterSort.NAME:
        return by_name
    if by is RosterSort.FLAGS:
        return sorted(by_name, key=lambda r: -len(r.flags))
    if by is RosterSort.LAST:
        return sorted(by_name, key=lambda r: r.last_session or date.min)
    if by is RosterSort.ADHERENCE_SHORT:
        return sorted(by_name, key=lambda r: r.adherence_short.rate)
    return sorted(by_name, key=lambda r: r.adherence_long.rate)


def _row(uow: UnitOfWork, account: Account, who: Person, today: date) -> AthleteRow:
    measurements = uow.measurements.all(who.id)
    report = assess(measurements)
    sessions = uow.sessions.all(who.id)
    tallies = progress.day_tallies(
        uow, who, today, report, window_days=LONG_WINDOW_DAYS, sessions=sessions
    )
    since = who.plan_start or (sessions[0].started_at.date() if sessions else None)
    short, long = (
        adherence_from_tallies(tallies, today, since=since or today, window_days=days)
        for days in (SHORT_WINDOW_DAYS, LONG_WINDOW_DAYS)
    )
    signals = Signals(
        tallies=tallies,
        since=since,
        pain=recent_pain(sessions, uow.outcomes.all(who.id), today),
        clips_to_review=uow.jobs.unreviewed_count(who.id),
        retest_on=planning.PlanHistory(uow, who, report, sessions).on(today).retest_on,
        last_measured=max((m.taken_at for m in measurements), default=None),
    )
    return AthleteRow(
        name=who.name, uid=who.uid, email=account.email,
        last_session=max((s.started_at.date() for s in sessions), default=None),
        adherence_short=short, adherence_long=long,
        tests=measure_lines(build_series(measurements)), flags=flags(signals, today),
    )  # fmt: skip


# One athlete ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    """A finished clip analysis of the athlete, with its result when it is still kept."""

    job: Job
    record: AnalysisRecord | None


@dataclass(frozen=True)
class AthletePage:
    row: AthleteRow
    progress: progress.ProgressReport
    sessions: list[StoredSession]  # newest first
    clips: list[Clip]  # newest first


def athlete_page(
    settings: Settings, coach_id: int, person: Person, today: date | None = None
) -> AthletePage:
    """What the coach's page of one athlete shows (the caller has checked that the coach may
    see this person)."""
    today = today or date.today()
    with open_store(settings).unit_of_work() as uow:
        account = uow.accounts.by_person(person.id)
        if account is None or account.id not in uow.coaching.athletes(coach_id):
            raise NotFound("That athlete is not one of yours.")
        row = _row(uow, account, person, today)
        sessions = list(reversed(uow.sessions.all(person.id)))
        jobs = uow.jobs.finished_for(person.id)
    clips = [Clip(j, analyses.load_analysis(settings, j.id)) for j in jobs]
    report = progress.report(settings, person.name, today)
    return AthletePage(row, report, sessions, clips)


def mark_reviewed(settings: Settings, analysis_id: str, person_id: int) -> bool:
    """The athlete's coach opened this finished analysis: it is no longer new to them."""
    with open_store(settings).unit_of_work() as uow:
        return uow.jobs.mark_reviewed(analysis_id, person_id, datetime.now().replace(microsecond=0))
