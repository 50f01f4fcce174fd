"""The limits every entry point (terminal, pages, JSON API, CSV/JSON import) applies to what a
person types, each with the reason for its value. Pure functions, no I/O: the caller passes
"today" where it matters, so the same rule holds in every interface and in tests.

How numbers are read: plain decimals only ("48", "8.5", "-3"), and a decimal comma where it
cannot be a thousands separator ("48,5"). Refused: digit separators ("4_8", "1,000" — is that
one or a thousand?), exponents ("1e3"), "nan"/"inf", and true/false.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from footwork.errors import InvalidInput

# Dates --------------------------------------------------------------------------------------

# Nobody measured a foot for footwork before 1900; a year like 0001 or 9999 is a typo, and
# such dates break every chart's time axis.
EARLIEST_DATE = date(1900, 1, 1)
# A measurement, a set or an outcome happened already: a date after today (in the person's own
# time zone) would become the "current" value until that day comes, so it is refused.
LATEST_DAYS_AHEAD = 0

# Names --------------------------------------------------------------------------------------

# Long enough for any real full name; short enough to fit a table column and a file name.
NAME_MAX_CHARS = 120
OUTCOME_KIND_MAX_CHARS = 60  # "squat-1rm", "5k-time": a short label, shown as a chart title
NOTE_MAX_CHARS = 2000  # a paragraph, not a diary

# Whole numbers --------------------------------------------------------------------------------

# A programme re-tests every few weeks and is restarted after a long break; five years of
# weekly progression is far beyond any plan footwork writes.
PLAN_WEEK_MAX = 260
SET_NUMBER_MAX = 20  # the densest dose is 5 mini-sets a day; 20 leaves room for extra sets
REPS_MAX = 200  # slow foot reps: even a long band-squat bout stays far below this
SCALE_MIN, SCALE_MAX = 0, 10  # effort and pain ratings: 0 none, 10 worst
CALENDAR_WEEKS_MAX = 26  # half a year of calendar events; re-export after a re-test

# Any measured number (before the measure's own plausible range is checked): refuses
# overflow-sized numbers early so no interface has to handle them.
NUMBER_ABS_MAX = 1_000_000.0


# Outcomes: the person's own performance and pain notes ------------------------------------


@dataclass(frozen=True)
class OutcomeUnit:
    key: str
    label: str
    high: float  # the largest believable value
    why: str
    charted: bool = True


OTHER_UNIT = "other"
OUTCOME_UNITS: dict[str, OutcomeUnit] = {
    u.key: u
    for u in (
        OutcomeUnit("kg", "kilograms", 1000, "the heaviest lifts ever made are about 500 kg"),
        OutcomeUnit("lb", "pounds", 2200, "1000 kg in pounds"),
        OutcomeUnit("min", "minutes", 1440, "a day: longer than any timed run or walk"),
        OutcomeUnit("s", "seconds", 86_400, "a day in seconds"),
        OutcomeUnit("km", "kilometres", 1000, "further than any single run"),
        OutcomeUnit("m", "metres", 100_000, "100 km: further than any single run"),
        OutcomeUnit("cm", "centimetres", 300, "the highest jumps stay below 2.5 m"),
        OutcomeUnit("in", "inches", 120, "300 cm in inches"),
        OutcomeUnit("reps", "repetitions", 10_000, "no single set goes beyond this"),
        OutcomeUnit("/10", "a 0-10 rating", 10, "ratings run from 0 (none) to 10 (worst)"),
        OutcomeUnit("", "no unit", NUMBER_ABS_MAX, "a count or score without a unit"),
        OutcomeUnit(OTHER_UNIT, "another unit", NUMBER_ABS_MAX, "any other number", charted=False),
    )
}

# The outcomes people note most, with their usual unit and what they mean.
OUTCOME_KINDS: dict[str, tuple[str, str]] = {
    "pain": ("/10", "pain during daily life or sport, 0 none to 10 worst"),
    "squat-1rm": ("kg", "best single squat"),
    "deadlift-1rm": ("kg", "best single deadlift"),
    "5k-time": ("min", "5 km run time"),
    "10k-time": ("min", "10 km run time"),
    "vertical-jump": ("cm", "vertical jump height"),
    "note": ("", "a free note"),
}
_UNIT_ALIASES = {"kilograms": "kg", "kgs": "kg", "lbs": "lb", "pounds": "lb", "minutes": "min",
                 "mins": "min", "seconds": "s", "sec": "s", "none": ""}  # fmt: skip


def parse_outcome_unit(text: str | None, kind: str) -> OutcomeUnit:
    """The unit of an outcome: the one given (from the list), else the kind's usual unit."""
    if text is None:
        return OUTCOME_UNITS[OUTCOME_KINDS.get(kind, ("", ""))[0]]
    key = text.strip().lower()
    key = _UNIT_ALIASES.get(key, key)
    if key not in OUTCOME_UNITS:
        allowed = ", ".join(u for u in OUTCOME_UNITS if u and u != OTHER_UNIT)
        raise InvalidInput(
            f"Unknown unit {text!r} for an outcome.",
            hint=f"Use one of: {allowed}; or {OTHER_UNIT} (noted, but not charted).",
            field="unit",
        )
    return OUTCOME_UNITS[key]


def check_outcome_value(kind: str, value: float | None, unit: OutcomeUnit) -> None:
    """A finite, non-negative value no larger than its unit allows; pain in whole steps."""
    if value is None:
        return
    if not math.isfinite(value):
        raise InvalidInput(
            f"{kind} must be a number, not {value}.", hint="Type a number.", field="value"
        )
    if value < 0 or value > unit.high:
        shown = f" {unit.key}" if unit.key.isalpha() and unit.key != OTHER_UNIT else ""
        raise InvalidInput(
            f"{kind} of {value:g}{shown} is out of range: 0 to {unit.high:g}{shown} ({unit.why}).",
            hint="Check the number and the unit.",
            field="value",
        )
    if unit.key == "/10" and value != int(value):
        raise InvalidInput(
            f"{kind} is a whole number from {SCALE_MIN} to {SCALE_MAX}.", field="value"
        )


# Checks -------------------------------------------------------------------------------------


def check_name(
    text: str, what: str = "name", max_chars: int = NAME_MAX_CHARS, *, field: str = "name"
) -> str:
    """The name without surrounding spaces; refused when blank or too long."""
    name = text.strip()
    if not name:
        raise InvalidInput(f"The {what} is empty.", hint=f"Type a {what}.", field=field)
    if len(name) > max_chars:
        raise InvalidInput(
            f"The {what} is {len(name)} characters long; at most {max_chars} fit.",
            hint=f"Choose a shorter {what}.",
            field=field,
        )
    return name


def local_naive(when: datetime) -> datetime:
    """A moment as footwork stores it: local wall-clock time without a time zone."""
    return when.astimezone().replace(tzinfo=None) if when.tzinfo else when


def check_moment(
    when: datetime, today: date, what: str = "The date", *, field: str = "date"
) -> datetime:
    """Refuse a date before 1900 or after today (the person's own today); local time."""
    moment = local_naive(when)
    day = moment.date()
    if day < EARLIEST_DATE:
        raise InvalidInput(
            f"{what} {day.isoformat()} is before {EARLIEST_DATE.year}.",
            hint="Check the year, and give the date as YYYY-MM-DD.",
            field=field,
        )
    if (day - today).days > LATEST_DAYS_AHEAD:
        raise InvalidInput(
            f"{what} {day.isoformat()} is in the future (today is {today.isoformat()}).",
            hint="Give the day it happened, today or earlier.",
            field=field,
        )
    return moment


_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_THOUSANDS_LIKE = re.compile(r"[+-]?\d{1,3}(,\d{3})+")


def parse_number(text: str, what: str = "The value", *, field: str = "value") -> float:
    """A number as typed: plain decimals, or a decimal comma where it cannot mean thousands."""
    raw = text.strip()
    label = f"{what} {text!r}".strip()
    if _PLAIN.fullmatch(raw):
        return check_number(float(raw), what, field=field)
    if _THOUSANDS_LIKE.fullmatch(raw):
        raise InvalidInput(
            f"{label} is ambiguous: is the comma a decimal point or a thousands separator?",
            hint="Type it without a thousands separator, with a point for decimals (like 48.5).",
            field=field,
        )
    if _DECIMAL_COMMA.fullmatch(raw):
        return check_number(float(raw.replace(",", ".")), what, field=field)
    raise InvalidInput(
        f"{label} is not a number.",
        hint="Type only digits and one decimal point, like 48 or 8.5.",
        field=field,
    )


def check_number(value: float, what: str = "The value", *, field: str = "value") -> float:
    if not math.isfinite(value) or abs(value) > NUMBER_ABS_MAX:
        raise InvalidInput(
            f"{what} {value:g} is out of range.",
            hint="Check the number and the unit.",
            field=field,
        )
    return value
