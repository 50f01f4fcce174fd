"""Small Jinja filters for numbers, units and dates as people write them."""

from __future__ import annotations

from datetime import date, datetime, time

from jinja2 import Environment

from footwork.domain import plan
from footwork.domain.schedule import format_time, format_times
from footwork.vision.pose.rep_measures import measure_text

_UNIT_SUFFIX = {"deg": "°", "ratio": "", "pct": "%"}
_DECIMALS = {"ratio": 3}


def value_with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """48°, 8.5 cm, 0.283, 41.2%, 1250 kg; a dash when there is no value."""
    if value is None:
        return "–"
    places = _DECIMALS.get(unit, 1) if decimals is None else decimals
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{_UNIT_SUFFIX.get(unit, f' {unit}')}"


def day(value: date | datetime | None) -> str:
    return value.strftime("%a %d %b %Y") if value else "–"


def clock(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M") if value else "–"


def hhmm(value: time) -> str:
    return format_time(value)


def hhmm_list(values: tuple[time, ...] | None) -> str:
    """The chosen times as typed back into a form; empty for the defaults."""
    return format_times(values) if values else ""


def percent(value: float) -> str:
    return f"{value:.0%}"


def dose_lines(item: plan.PlanItem) -> list[tuple[str, str]]:
    """One line when both feet get the same dose, else one line per foot."""
    return [(f"{side.value} foot" if side else "", text) for side, text in plan.dose_lines(item)]


def register_filters(env: Environment) -> None:
    env.filters.update(
        {
            "unit": value_with_unit,
            "day": day,
            "clock": clock,
            "percent": percent,
            "dose_lines": dose_lines,
            "hhmm": hhmm,
            "hhmm_list": hhmm_list,
            "rep_measure": measure_text,
        }
    )
