"""Today at a glance: the plan, the streak, what is left of today's sets and the next re-test."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from footwork.config import Settings
from footwork.domain.clip_comments import ClipComment
from footwork.domain.exercises import BANDED_SQUAT
from footwork.domain.plan_changes import PlanChange
from footwork.domain.progress import DONE_RULE, Adherence, DayStatus, DayTally
from footwork.domain.schedule import day_times, format_time
from footwork.domain.session import session_minutes, session_steps
from footwork.domain.sides import Side
from footwork.services import calendar_file, clip_comments, people, planning, progress
from footwork.services.planning import PersonPlan

COACH_WORDS_SHOWN = 5  # the coach's latest few changes; every one is on the plan's history


@dataclass(frozen=True)
class Dashboard:
    """Today's plan, streak and the next re-test, as a start screen shows them."""

    plan: PersonPlan
    adherence: Adherence
    done_today: bool
    days_to_retest: int
    days_since_session: int | None  # None: never trained
    today: DayTally  # today's logged sets against today's plan: done, partial, what is left
    minutes: int  # today's coached session with its timers
    miniset_times: list[str]  # "HH:MM" of each Banded Squat mini-set; the first: the session
    done_rule: str = DONE_RULE
    # Team mode: the coach's latest changes and notes, and comments on clips, newest first.
    coach_changes: list[PlanChange] = field(default_factory=list)
    coach_comments: list[ClipComment] = field(default_factory=list)


def dashboard(
    settings: Settings, person: str | None, today: date | None = None
) -> Dashboard | None:
    """Today's view for this person, or None when nobody is set up yet."""
    if not people.list_profiles(settings):
        return None
    today = today or date.today()
    pp = planning.current_plan(settings, person, today)
    rep = progress.report(settings, pp.person, today)
    tally = rep.today_tally or progress.today(settings, pp.person, today)
    steps = session_steps(pp.plan, minisets_done=tally.logged_of(BANDED_SQUAT.key))
    return Dashboard(
        plan=pp,
        adherence=rep.adherence,
        done_today=tally.status is DayStatus.DONE,
        days_to_retest=(pp.plan.retest_on - today).days,
        days_since_session=(today - last).days if (last := rep.adherence.last_session) else None,
        today=tally,
        minutes=session_minutes(steps),
        miniset_times=_miniset_times(settings, pp),
        coach_changes=list(reversed(pp.changes))[:COACH_WORDS_SHOWN],
        coach_comments=clip_comments.latest(settings, pp.person),
    )


def _miniset_times(settings: Settings, pp: PersonPlan) -> list[str]:
    squat = pp.plan.find(BANDED_SQUAT.key)
    if squat is None:  # paused by the coach: no mini-sets today
        return []
    bouts = squat.dose_by_side[Side.LEFT].bouts_per_day
    chosen = calendar_file.training_times(settings, pp.person).times
    return [format_time(t) for t in day_times(chosen, bouts)]
