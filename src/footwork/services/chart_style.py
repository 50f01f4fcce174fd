"""How every progress chart draws a series, in one place so the web charts, the PNG chart and
the PDF report agree: the foot picks the colour family (left orange, right blue), the method
picks the marker, the line style and the shade within that family. "right (goniometer)" and
"right (photo)" are then told apart by shape, line and shade, not by colour alone (which also
keeps them apart for colour-blind readers and on a grey print).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from footwork.domain.limits import OUTCOME_UNITS
from footwork.domain.measures import Method
from footwork.domain.progress import DayStatus
from footwork.domain.sides import Side
from footwork.services.progress import Outcome, ProgressReport


@dataclass(frozen=True)
class MethodStyle:
    """The marker and line of one method, named for both chart libraries."""

    matplotlib_marker: str
    plotly_symbol: str
    matplotlib_line: str
    plotly_dash: str
    shade: int  # which of the foot's colours (SIDE_SHADES)


# One row per method. Within each measure's methods (``KINDS[kind].methods``) no two share a
# marker or a shade, so any two series of one foot differ in shape, line and colour.
METHOD_STYLES: dict[Method, MethodStyle] = {
    Method.GONIOMETER: MethodStyle("o", "circle", "-", "solid", 0),
    Method.PHOTO: MethodStyle("s", "square", "--", "dash", 1),
    Method.INCLINOMETER: MethodStyle("^", "triangle-up", ":", "dot", 2),
    Method.PHONE_INCLINOMETER: MethodStyle("v", "triangle-down", "-.", "dashdot", 3),
    Method.VIDEO: MethodStyle("D", "diamond", ":", "dot", 4),
    Method.FOOTPRINT: MethodStyle("o", "circle", "-", "solid", 0),
    Method.PRESSURE_PLATE: MethodStyle("X", "x", "--", "dash", 1),
    Method.RULER: MethodStyle("P", "cross", ":", "dot", 2),
    Method.TAPE: MethodStyle("h", "hexagon", "-.", "dashdot", 3),
}

# Five shades per foot, each readable on white at 4.5:1 or more: warm oranges and reds on the
# left, blues on the right (the first shade of each is the foot's colour in the exercise
# demonstrations too).
SIDE_SHADES: dict[Side, tuple[str, ...]] = {
    Side.LEFT: ("#b35806", "#c0392b", "#8c5a00", "#b5307a", "#7f3f1d"),
    Side.RIGHT: ("#2166ac", "#0b3d91", "#3b4cc0", "#17718a", "#5a4fcf"),
}

TARGET_COLOUR = "#2e8b57"  # the target line and the healthy band
# Training days: colour, bar height and legend label per day status.
DAY_BARS: dict[DayStatus, tuple[str, float, str]] = {
    DayStatus.DONE: ("#2e8b57", 1.0, "done: the planned sets"),
    DayStatus.PARTIAL: ("#c98a00", 0.55, "partial: some of them"),
    DayStatus.NOT_STARTED: ("#bbbbbb", 0.15, "no session"),
}
PAIN_COLOUR = "#b22222"
OUTCOME_COLOURS = ("#2166ac", "#b35806", "#6a3d9a", "#2e8b57", "#8c564b", "#444444")


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    method: MethodStyle


def series_style(side: Side, method: Method) -> SeriesStyle:
    """The colour, marker and line of one measure's series (one foot, one method)."""
    style = METHOD_STYLES[method]
    return SeriesStyle(SIDE_SHADES[side][style.shade], style)


def series_label(side: Side, method: Method) -> str:
    return f"{side.value} ({method.value})"


_AXIS_LABELS = {"deg": "degrees", "pct": "%", "ratio": "ratio (no unit)"}


def axis_label(unit: str) -> str:
    """A measure's unit as written beside its axis."""
    return _AXIS_LABELS.get(unit, unit)


def sessions_title(rep: ProgressReport) -> str:
    a = rep.adherence
    partial = f", {a.partial_days} partial" if a.partial_days else ""
    return (
        f"Sessions, last {a.window_days} days: {a.done_days}/{a.planned_days} planned days done "
        f"({a.rate:.0%}){partial}; streak {a.current_streak}, longest {a.longest_streak}"
    )


def day_statuses(rep: ProgressReport) -> dict[date, DayStatus]:
    """Each day of the window done, partial or not started; a report without day tallies
    counts a day with any session as done."""
    if rep.days:
        return {t.day: t.status for t in rep.days}
    return dict.fromkeys(rep.session_days, DayStatus.DONE)


# The person's own notes: one chart per unit --------------------------------------------------

PAIN_UNIT = "/10"


def outcome_groups(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    """Notes with a value, grouped by unit (pain first): each group shares one axis."""
    groups: dict[str, list[Outcome]] = {}
    for o in sorted(outcomes, key=lambda o: (o.unit != PAIN_UNIT, o.recorded_at)):
        if o.value is not None and charted_unit(o.unit):
            groups.setdefault(o.unit, []).append(o)
    return groups


def charted_unit(unit: str) -> bool:
    """False for notes in a unit footwork does not chart ("other": kept and listed only)."""
    known = OUTCOME_UNITS.get(unit)
    return known is not None and known.charted


def outcome_title(unit: str) -> str:
    if unit == PAIN_UNIT:
        return "Pain (0 none to 10 worst)"
    return f"Your notes in {unit}" if unit else "Your notes (no unit)"


def outcome_colour(unit: str, number: int) -> str:
    """The colour of the ``number``-th kind of note on a chart of ``unit``."""
    return PAIN_COLOUR if unit == PAIN_UNIT else OUTCOME_COLOURS[number % len(OUTCOME_COLOURS)]
