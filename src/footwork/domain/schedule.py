"""When a day's training happens: the session first (with the day's first Banded Squat
mini-set), then each further mini-set spread through the day, at times the person chooses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import datetime, time, timedelta

from footwork.errors import InvalidInput

# The session in the morning, before the day fills up; mini-sets at lunch, after work and in
# the evening: four to five hours apart, so the arch has rested between bouts.
DEFAULT_TIMES = (time(7, 30), time(12, 30), time(17, 0), time(20, 0))
# When more mini-sets are planned than times were chosen: the rest follow this far apart.
FILL_GAP = timedelta(hours=2)
# Fewer than this between two times would run one bout into the next.
MIN_GAP = timedelta(minutes=30)
MAX_TIMES = 8
_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
_FIELD = "times"  # the input an error here is about


def _minutes(gap: timedelta) -> str:
    return f"{gap.total_seconds() / 60:g} minutes"


def parse_times(text: str) -> tuple[time, ...]:
    """'07:30, 12:00 18:15' -> the times of the day, in order, at least MIN_GAP apart."""
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    if not parts:
        raise InvalidInput(
            "Give at least one time of day.", hint="For example: 07:30, 12:30, 18:00", field=_FIELD
        )
    if len(parts) > MAX_TIMES:
        raise InvalidInput(f"Give at most {MAX_TIMES} times a day, not {len(parts)}.", field=_FIELD)
    times = [_parse_clock(p) for p in parts]
    ordered = sorted(times)
    for a, b in itertools.pairwise(ordered):
        if _gap(a, b) < MIN_GAP:
            raise InvalidInput(
                f"{format_time(a)} and {format_time(b)} are less than {_minutes(MIN_GAP)} apart.",
                hint=f"Leave at least {_minutes(MIN_GAP)} between two bouts.",
                field=_FIELD,
            )
    return tuple(ordered)


def _parse_clock(text: str) -> time:
    found = _CLOCK.match(text)
    if not found:
        raise InvalidInput(
            f"{text!r} is not a time of day.",
            hint="Write times as HH:MM, like 07:30 or 18:00.",
            field=_FIELD,
        )
    return time(int(found[1]), int(found[2]))


def _gap(a: time, b: time) -> timedelta:
    day = datetime(2000, 1, 1)
    return datetime.combine(day, b) - datetime.combine(day, a)


def format_time(t: time) -> str:
    return t.strftime("%H:%M")


def format_times(times: Sequence[time]) -> str:
    return ", ".join(format_time(t) for t in times)


def day_times(chosen: Sequence[time] | None, count: int) -> list[time]:
    """The times of ``count`` bouts in a day: the chosen ones first (the defaults when none
    were chosen); more bouts than times are placed after the last, FILL_GAP apart, before
    midnight."""
    times = list(chosen or DEFAULT_TIMES)[:count]
    last = datetime.combine(datetime(2000, 1, 1), times[-1])
    while len(times) < count:
        nxt = last + FILL_GAP
        if nxt.date() != last.date():  # no room left before midnight: squeeze in after
            nxt = last + (datetime.combine(last.date(), time(23, 59)) - last) / 2
        times.append(nxt.time().replace(second=0, microsecond=0))
        last = nxt
    return times
