"""Interactive progress charts as plotly figure specs (plain dicts; the page draws them with the
plotly.js the app serves). One chart per measure: each foot and method (styled as in every
footwork chart, see ``services.chart_style``), the target, the normal band and the
measurement-error band around the first value; then one chart per unit of the person's notes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import HEALTHY_BANDS, NORMS
from footwork.domain.progress import Series
from footwork.services.chart_style import (
    PAIN_UNIT,
    TARGET_COLOUR,
    axis_label,
    outcome_colour,
    outcome_groups,
    outcome_title,
    series_label,
    series_style,
)
from footwork.services.progress import Outcome, ProgressReport

_SUFFIX = {"deg": "°", "ratio": "", "pct": "%"}


PAD = timedelta(days=3)


def measure_figures(rep: ProgressReport) -> list[dict[str, Any]]:
    kinds = list(dict.fromkeys(s.kind for s in rep.series))
    return [figure(kind, [s for s in rep.series if s.kind is kind], rep.today) for kind in kinds]


def time_range(series: list[Series], today: date) -> tuple[datetime, datetime]:
    """From a few days before the first reading to a few days after today, so a single reading
    still shows on a readable axis of days."""
    stamps = [p.taken_at for s in series for p in s.points]
    end = max([*stamps, datetime.combine(today, time())])
    return min(stamps) - PAD, end + PAD


def figure(kind: MeasureKind, series: list[Series], today: date) -> dict[str, Any]:
    spec, norm = KINDS[kind], NORMS[kind]
    unit = spec.unit.value
    start, end = time_range(series, today)
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = [_band_shape(b.low, b.high) for b in _good_bands(kind)]
    for s in series:
        traces += _series_traces(s, unit, end)
    if norm.target is not None:
        shapes.append(_target_line(norm.target))
        traces.append(_legend_only(f"target {norm.target:g}{_SUFFIX.get(unit, ' ' + unit)}"))
    layout = {
        "title": {"text": spec.title, "x": 0, "font": {"size": 16}},
        "yaxis": {"title": {"text": axis_label(unit)}, "zeroline": False},
        "xaxis": {"type": "date", "range": [start.isoformat(), end.isoformat()]},
        "shapes": shapes,
        "margin": {"l": 55, "r": 15, "t": 45, "b": 40},
        "legend": {"orientation": "h", "y": -0.2},
        "height": 340,
    }
    return {"id": f"chart-{kind.value}", "data": traces, "layout": layout}


def _good_bands(kind: MeasureKind) -> list[Any]:
    return [
        b
        for b in NORMS[kind].bands
        if b.id in HEALTHY_BANDS and b.low is not None and b.high is not None
    ]


def _series_traces(s: Series, unit: str, end: datetime) -> list[dict[str, Any]]:
    xs = [p.taken_at.isoformat() for p in s.points]
    ys = [p.value for p in s.points]
    style = series_style(s.side, s.method)
    name = series_label(s.side, s.method)
    line = {
        "type": "scatter", "mode": "lines+markers", "x": xs, "y": ys, "name": name,
        "line": {"color": style.colour, "dash": style.method.plotly_dash},
        "marker": {"color": style.colour, "symbol": style.method.plotly_symbol, "size": 9},
        "hovertemplate": f"%{{y:.3g}} {unit}<br>%{{x|%d %b %Y}}<extra>{name}</extra>",
    }  # fmt: skip
    mdc = NORMS[s.kind].mdc_for(s.method)
    if mdc is None:
        return [line]
    band = {
        "type": "scatter", "mode": "lines", "fill": "toself", "hoverinfo": "skip",
        "x": [xs[0], end.isoformat(), end.isoformat(), xs[0]],
        "y": [ys[0] + mdc.value, ys[0] + mdc.value, ys[0] - mdc.value, ys[0] - mdc.value],
        "fillcolor": style.colour + "22", "line": {"width": 0},
        "name": f"{name}: ±{mdc.value:g} of the first reading = noise",
    }  # fmt: skip
    return [band, line]


def _band_shape(low: float, high: float) -> dict[str, Any]:
    return {
        "type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": low, "y1": high,
        "fillcolor": TARGET_COLOUR, "opacity": 0.08, "line": {"width": 0}, "layer": "below",
    }  # fmt: skip


def _target_line(target: float) -> dict[str, Any]:
    return {
        "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": target, "y1": target,
        "line": {"color": TARGET_COLOUR, "dash": "dash", "width": 2},
    }  # fmt: skip


def _legend_only(name: str) -> dict[str, Any]:
    return {
        "type": "scatter", "mode": "lines", "x": [None], "y": [None], "name": name,
        "line": {"color": TARGET_COLOUR, "dash": "dash"},
    }  # fmt: skip


def outcome_figures(rep: ProgressReport) -> list[dict[str, Any]]:
    """The person's own notes with a value over time: one chart per unit (kilograms and
    minutes cannot share an axis), pain first on its 0-10 scale."""
    return [_outcome_figure(unit, points) for unit, points in outcome_groups(rep.outcomes).items()]


def _outcome_figure(unit: str, points: list[Outcome]) -> dict[str, Any]:
    kinds = list(dict.fromkeys(o.kind for o in points))
    traces = []
    for number, kind in enumerate(kinds):
        mine = [o for o in points if o.kind == kind]
        colour = outcome_colour(unit, number)
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": kind,
            "x": [o.recorded_at.isoformat() for o in mine], "y": [o.value for o in mine],
            "line": {"color": colour}, "marker": {"color": colour, "size": 8},
            "hovertemplate": f"%{{y:.4g}} {unit}<br>%{{x|%d %b %Y}}<extra>{kind}</extra>",
        })  # fmt: skip
    yaxis: dict[str, Any] = {"title": {"text": unit or "value"}, "zeroline": False}
    if unit == PAIN_UNIT:
        yaxis["range"] = [0, 10.5]
    layout = {
        "title": {"text": outcome_title(unit), "x": 0, "font": {"size": 16}},
        "xaxis": {"type": "date"}, "yaxis": yaxis,
        "margin": {"l": 55, "r": 15, "t": 45, "b": 40}, "showlegend": True,
        "legend": {"orientation": "h", "y": -0.2}, "height": 300,
    }  # fmt: skip
    return {"id": f"chart-notes-{_slug(unit)}", "data": traces, "layout": layout}


def _slug(unit: str) -> str:
    return "pain" if unit == PAIN_UNIT else ("".join(c for c in unit if c.isalnum()) or "plain")
