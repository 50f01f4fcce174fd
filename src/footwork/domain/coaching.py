"""What a coach's dashboard says about each athlete: adherence over a short and a long window,
each test against its target with its change judged against measurement error, and the flags
that ask for the coach's attention.

A flag is raised by one rule each, with its reason:

- **pain**: a set or a pain note of ``PAIN_FLAG_AT``/10 or more in the last
  ``PAIN_WINDOW_DAYS`` days;
- **missed**: nothing logged on each of the last ``MISSED_IN_A_ROW`` planned days (today is
  not over yet, so it does not count);
- **clip**: a finished clip analysis the coach has not opened yet;
- **re-test**: the plan's re-test day has come and nothing was measured since.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from footwork.domain.measures import KINDS, MeasureKind, Method
from footwork.domain.norms import NORMS
from footwork.domain.progress import Change, DayStatus, DayTally, Series
from footwork.domain.progression import REGRESS_PAIN
from footwork.domain.records import OutcomeRecord, StoredSession
from footwork.domain.sides import Side

# The pain at which the plan itself drops back to the base dose (progression.REGRESS_PAIN):
# the coach should hear of it as soon as the plan reacts to it.
PAIN_FLAG_AT = REGRESS_PAIN
# A week: the window the plan's progression reads pain over, so a flag and a regressed dose
# tell the same story.
PAIN_WINDOW_DAYS = 7
# Three planned days in a row with nothing logged: one missed day is life, two a busy spell;
# three is a pattern worth a message.
MISSED_IN_A_ROW = 3
# Adherence as the dashboard shows it: the last week (what is happening now) and the last four
# weeks (the plan's re-test cycle, and the progress page's own window).
SHORT_WINDOW_DAYS = 7
LONG_WINDOW_DAYS = 28
PAIN_OUTCOME = "pain"  # the outcome note kind that records pain on the 0-10 scale


class FlagKind(StrEnum):
    PAIN = "pain"
    MISSED = "missed"
    CLIP = "clip"
    RETEST = "retest"


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    text: str  # for the coach: "pain 6/10 on 24 Nov"


@dataclass(frozen=True)
class PainReport:
    worst: int
    on: date


def recent_pain(
    sessions: Iterable[StoredSession], outcomes: Iterable[OutcomeRecord], today: date
) -> PainReport | None:
    """The worst pain logged in the last ``PAIN_WINDOW_DAYS`` days (sets and pain notes), when
    it reached ``PAIN_FLAG_AT``; else None."""
    first = today - timedelta(days=PAIN_WINDOW_DAYS - 1)
    found: list[tuple[int, date]] = [
        (x.pain, s.started_at.date()) for s in sessions for x in s.sets if x.pain is not None
    ]
    found += [(round(o.value), o.recorded_at.date()) for o in outcomes
              if o.kind == PAIN_OUTCOME and o.value is not None]  # fmt: skip
    recent = [(p, d) for p, d in found if first <= d <= today and p >= PAIN_FLAG_AT]
    if not recent:
        return None
    worst, on = max(recent, key=lambda pd: (pd[0], pd[1]))
    return PainReport(worst, on)


def missed_days(tallies: Sequence[DayTally], today: date, since: date | None) -> list[date]:
    """The last ``MISSED_IN_A_ROW`` planned days before today when nothing was logged on any
    of them; else []. Days before the plan started (``since``; None: not started) are not
    planned."""
    if since is None:
        return []
    wanted = [today - timedelta(days=n) for n in range(MISSED_IN_A_ROW, 0, -1)]
    if wanted[0] < since:
        return []
    by_day = {t.day: t for t in tallies}
    missed = [d for d in wanted if d in by_day and by_day[d].status is DayStatus.NOT_STARTED]
    return missed if len(missed) == MISSED_IN_A_ROW else []


def retest_due(retest_on: date, today: date, last_measured: datetime | None) -> bool:
    """The re-test day has come and no measurement was taken on or after it."""
    if today < retest_on:
        return False
    return last_measured is None or last_measured.date() < retest_on


@dataclass(frozen=True)
class Signals:
    """What the records say, gathered for one athlete."""

    tallies: Sequence[DayTally]  # days judged against the plan, oldest first
    since: date | None  # the plan's first day (None: not started)
    pain: PainReport | None
    clips_to_review: int
    retest_on: date
    last_measured: datetime | None


def flags(signals: Signals, today: date) -> list[Flag]:
    """The flags of one athlete, in the order the dashboard lists them."""
    found: list[Flag] = []
    if signals.pain is not None:
        on = signals.pain.on.strftime("%d %b")
        found.append(Flag(FlagKind.PAIN, f"pain {signals.pain.worst}/10 on {on}"))
    missed = missed_days(signals.tallies, today, signals.since)
    if missed:
        found.append(Flag(FlagKind.MISSED, f"{len(missed)} planned days missed"))
    if signals.clips_to_review:
        n = signals.clips_to_review
        found.append(Flag(FlagKind.CLIP, f"{n} clip{'s' if n != 1 else ''} to review"))
    if retest_due(signals.retest_on, today, signals.last_measured):
        found.append(Flag(FlagKind.RETEST, f"re-test due since {signals.retest_on:%d %b}"))
    return found


@dataclass(frozen=True)
class MeasureLine:
    """One test, one foot, one method: the latest value against its target, and the change
    since the first (baseline) value judged against the method's measurement error."""

    kind: MeasureKind
    side: Side
    method: Method
    latest: float
    unit: str
    target: float | None
    change: Change | None
    verdict: str

    @property
    def title(self) -> str:
        return KINDS[self.kind].title

    @property
    def at_target(self) -> bool | None:
        """Whether the latest value reaches the target; None when the test has none, or
        neither direction is better."""
        better_up = KINDS[self.kind].higher_is_better
        if self.target is None or better_up is None:
            return None
        return self.latest >= self.target if better_up else self.latest <= self.target


def measure_lines(series: Iterable[Series]) -> list[MeasureLine]:
    return [_line(s) for s in series if s.points]


def _line(s: Series) -> MeasureLine:
    return MeasureLine(
        kind=s.kind, side=s.side, method=s.method, latest=s.points[-1].value,
        unit=KINDS[s.kind].unit.value, target=NORMS[s.kind].target, change=s.change,
        verdict=s.verdict,
    )  # fmt: skip
