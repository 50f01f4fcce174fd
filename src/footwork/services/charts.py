"""The progress chart as PNG (matplotlib, drawn off-screen, no global state).

The chart is a list of panels: one per measure (both feet, every method, the target, the
healthy band and the noise band), the training days, then the person's own notes, one panel
per unit (pain on its own 0-10 scale), since kilograms and minutes cannot share an axis.
``progress_chart`` draws them all in one image (the CLI); ``panel_images`` draws each panel as
its own image, so a paginated document (the PDF report) never cuts one in half. Every legend
sits outside its plot area, so it never covers a point.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import HEALTHY_BANDS, NORMS
from footwork.domain.progress import DayStatus, Series
from footwork.services.chart_style import (
    DAY_BARS,
    PAIN_UNIT,
    TARGET_COLOUR,
    axis_label,
    day_statuses,
    outcome_colour,
    outcome_groups,
    outcome_title,
    series_label,
    series_style,
    sessions_title,
)
from footwork.services.progress import Outcome, ProgressReport

_DISPLAY_UNIT = {"deg": "°", "ratio": "", "pct": "%"}
WIDTH_IN = 9.0
PANEL_HEIGHT_IN = 3.2  # with room for the legend below the dates
SESSIONS_HEIGHT_IN = 1.8
DPI = 110


@dataclass(frozen=True)
class Panel:
    """One plot of the chart: its title and how to draw it on a set of axes."""

    title: str
    height_in: float
    draw: Callable[[Axes], None]
    legend: tuple[tuple[Artist, str], ...] = ()  # for artists that draw() does not label


@dataclass(frozen=True)
class PanelImage:
    title: str
    path: Path


def panels(rep: ProgressReport) -> list[Panel]:
    """Every panel of the progress chart, in reading order."""
    kinds = list(dict.fromkeys(s.kind for s in rep.series))
    out = [_measure_panel(kind, [s for s in rep.series if s.kind is kind]) for kind in kinds]
    out.append(_sessions_panel(rep))
    out += [_outcome_panel(unit, points) for unit, points in outcome_groups(rep.outcomes).items()]
    return out


def progress_chart(rep: ProgressReport, path: Path) -> Path:
    """All panels stacked in one PNG at ``path``."""
    return _save(progress_figure(rep), path)


def progress_figure(rep: ProgressReport) -> Figure:
    """All panels stacked in one figure, each with its own date axis."""
    chosen = panels(rep)
    fig = Figure(figsize=(WIDTH_IN, sum(p.height_in for p in chosen) + 0.6), layout="constrained")
    axes = fig.subplots(
        len(chosen), 1, squeeze=False, gridspec_kw={"height_ratios": [p.height_in for p in chosen]}
    )[:, 0]
    fig.suptitle(f"Progress of {rep.person} ({rep.today.isoformat()})", fontsize=13)
    start, end = _time_range(rep)
    for ax, panel in zip(axes, chosen, strict=True):
        _draw(ax, panel, start, end)
    return fig


def panel_images(rep: ProgressReport, folder: Path, stem: str = "chart") -> list[PanelImage]:
    """Each panel as its own PNG in ``folder`` (``stem-1.png``, ``stem-2.png`` ...), all on
    the same date range. The images carry no title: the document shows ``title`` as text."""
    start, end = _time_range(rep)
    images = []
    for number, panel in enumerate(panels(rep), start=1):
        fig = Figure(figsize=(WIDTH_IN, panel.height_in + 0.3), layout="constrained")
        _draw(fig.subplots(), panel, start, end, titled=False)
        images.append(PanelImage(panel.title, _save(fig, folder / f"{stem}-{number}.png")))
    return images


def _draw(ax: Axes, panel: Panel, start: datetime, end: datetime, *, titled: bool = True) -> None:
    panel.draw(ax)
    if titled:
        ax.set_title(panel.title, loc="left", fontsize=11)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_xlim(date2num(start), date2num(end))
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if panel.legend:
        handles, labels = [h for h, _ in panel.legend], [label for _, label in panel.legend]
    if handles:
        # Below the date axis, outside the plot area: a legend there cannot cover a point, and
        # every panel keeps the full width, so the dates of stacked panels line up.
        ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.2),
                  ncol=2, frameon=False)  # fmt: skip


def _save(fig: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI)
    return path


def _time_range(rep: ProgressReport) -> tuple[datetime, datetime]:
    stamps = [p.taken_at for s in rep.series for p in s.points]
    stamps += [o.recorded_at for o in rep.outcomes]
    window_start = datetime.combine(
        rep.today - timedelta(days=rep.adherence.window_days - 1), time()
    )
    start = min([*stamps, window_start]) - timedelta(days=1)
    return start, datetime.combine(rep.today + timedelta(days=1), time())


# Measures ------------------------------------------------------------------------------------


def _measure_panel(kind: MeasureKind, series: list[Series]) -> Panel:
    return Panel(KINDS[kind].title, PANEL_HEIGHT_IN, lambda ax: _draw_measure(ax, kind, series))


def _draw_measure(ax: Axes, kind: MeasureKind, series: list[Series]) -> None:
    spec, norm = KINDS[kind], NORMS[kind]
    unit = _DISPLAY_UNIT.get(spec.unit.value, f" {spec.unit.value}")
    for band in norm.bands:
        if band.id in HEALTHY_BANDS and None not in (band.low, band.high):
            ax.axhspan(band.low, band.high, color=TARGET_COLOUR, alpha=0.07,  # type: ignore[arg-type]
                       label=f"{band.label} band")  # fmt: skip
    for s in series:
        _draw_series(ax, s, unit)
    if norm.target is not None:
        ax.axhline(norm.target, color=TARGET_COLOUR, linestyle="--",
                   label=f"target {norm.target:g}{unit}")  # fmt: skip
    ax.set_ylabel(axis_label(spec.unit.value))


def _draw_series(ax: Axes, s: Series, unit: str) -> None:
    xs = date2num([p.taken_at for p in s.points])
    ys = [p.value for p in s.points]
    style = series_style(s.side, s.method)
    marker, line = style.method.matplotlib_marker, style.method.matplotlib_line
    label = series_label(s.side, s.method)
    ax.plot(xs, ys, color=style.colour, marker=marker, linestyle=line, label=label)
    mdc = NORMS[s.kind].mdc_for(s.method)
    if mdc and len(xs) > 1:
        ax.fill_between(xs, ys[0] - mdc.value, ys[0] + mdc.value, color=style.colour, alpha=0.1,
                        label=f"{series_label(s.side, s.method)}: ±{mdc.value:g}{unit} of the "
                        "first reading = noise")  # fmt: skip


# Training days -------------------------------------------------------------------------------


def _sessions_panel(rep: ProgressReport) -> Panel:
    legend = tuple((Patch(color=colour), label) for colour, _, label in DAY_BARS.values())
    return Panel(
        sessions_title(rep), SESSIONS_HEIGHT_IN, lambda ax: _draw_sessions(ax, rep), legend
    )


def _draw_sessions(ax: Axes, rep: ProgressReport) -> None:
    """One bar a day: full for a day whose planned sets were done, half for a partial day, a
    stub for a day without a session."""
    a = rep.adherence
    start = rep.today - timedelta(days=a.window_days - 1)
    status = day_statuses(rep)
    days = [start + timedelta(days=i) for i in range(a.window_days)]
    bars = [DAY_BARS[status.get(d, DayStatus.NOT_STARTED)] for d in days]
    ax.bar(
        date2num([datetime.combine(d, time(12)) for d in days]),
        [height for _, height, _ in bars],
        color=[colour for colour, _, _ in bars],
        width=0.8,
    )
    ax.set_yticks([])
    ax.set_ylim(0, 1.1)


# The person's own notes ----------------------------------------------------------------------


def _outcome_panel(unit: str, points: list[Outcome]) -> Panel:
    return Panel(outcome_title(unit), PANEL_HEIGHT_IN, lambda ax: _draw_outcomes(ax, unit, points))


def _draw_outcomes(ax: Axes, unit: str, points: list[Outcome]) -> None:
    kinds = list(dict.fromkeys(o.kind for o in points))
    for number, kind in enumerate(kinds):
        mine = [o for o in points if o.kind == kind]
        colour = outcome_colour(unit, number)
        values = [math.nan if o.value is None else o.value for o in mine]
        ax.plot(date2num([o.recorded_at for o in mine]), values, marker="os^Dvh"[number % 6],
                color=colour, label=kind)  # fmt: skip
    if unit == PAIN_UNIT:
        ax.set_ylim(0, 10.5)
    ax.set_ylabel(unit or "value")
