"""Progress: each measure over time against its target, judged against measurement error;
adherence and streaks from session days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from footwork.domain.measures import KINDS, MeasureKind, Measurement, Method
from footwork.domain.norms import NORMS, reaches
from footwork.domain.sides import Side

ADHERENCE_WINDOW_DAYS = 28


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


@dataclass(frozen=True)
class Adherence:
    window_days: int
    planned_days: int
    done_days: int
    current_streak: int
    longest_streak: int
    last_session: date | None

    @property
    def rate(self) -> float:
        return self.done_days / self.planned_days if self.planned_days else 0.0


def adherence(
    session_days: Iterable[date],
    today: date,
    *,
    since: date | None = None,
    window_days: int = ADHERENCE_WINDOW_DAYS,
) -> Adherence:
    """Share of the last ``window_days`` (not before ``since``) with at least one session."""
    days = sorted(set(session_days))
    start = today - timedelta(days=window_days - 1)
    if since is not None and since > start:
        start = since
    planned = max((today - start).days + 1, 0)
    done = sum(1 for d in days if start <= d <= today)
    return Adherence(
        window_days,
        planned,
        done,
        current_streak(days, today),
        longest_streak(days),
        days[-1] if days else None,
    )


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
