"""Interactive progress charts as plotly figure specs (plain dicts; the page draws them with the
plotly.js the app serves). One chart per measure: each foot, the target, the normal band and
the measurement-error band around the first value.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import NORMS
from footwork.domain.progress import Series
from footwork.services.progress import ProgressReport

SIDE_COLOURS = {"left": "#1f6fb2", "right": "#d9642b"}
GOOD_BANDS = {"normal", "typical", "at target"}
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
        "yaxis": {"title": {"text": unit}, "zeroline": False},
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
        if b.label in GOOD_BANDS and b.low is not None and b.high is not None
    ]


def _series_traces(s: Series, unit: str, end: datetime) -> list[dict[str, Any]]:
    xs = [p.taken_at.isoformat() for p in s.points]
    ys = [p.value for p in s.points]
    colour = SIDE_COLOURS[s.side.value]
    line = {
        "type": "scatter", "mode": "lines+markers", "x": xs, "y": ys,
        "name": f"{s.side.value} ({s.method.value})", "line": {"color": colour},
        "hovertemplate": f"%{{y:.3g}} {unit}<br>%{{x|%d %b %Y}}<extra>{s.side.value}</extra>",
    }  # fmt: skip
    mdc = NORMS[s.kind].mdc_for(s.method)
    if mdc is None:
        return [line]
    band = {
        "type": "scatter", "mode": "lines", "fill": "toself", "hoverinfo": "skip",
        "x": [xs[0], end.isoformat(), end.isoformat(), xs[0]],
        "y": [ys[0] + mdc.value, ys[0] + mdc.value, ys[0] - mdc.value, ys[0] - mdc.value],
        "fillcolor": colour + "22", "line": {"width": 0},
        "name": f"{s.side.value}: ±{mdc.value:g} of first = measurement noise",
    }  # fmt: skip
    return [band, line]


def _band_shape(low: float, high: float) -> dict[str, Any]:
    return {
        "type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": low, "y1": high,
        "fillcolor": "#2e8b57", "opacity": 0.08, "line": {"width": 0}, "layer": "below",
    }  # fmt: skip


def _target_line(target: float) -> dict[str, Any]:
    return {
        "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": target, "y1": target,
        "line": {"color": "#2e8b57", "dash": "dash", "width": 2},
    }  # fmt: skip


def _legend_only(name: str) -> dict[str, Any]:
    return {
        "type": "scatter", "mode": "lines", "x": [None], "y": [None], "name": name,
        "line": {"color": "#2e8b57", "dash": "dash"},
    }  # fmt: skip


def outcome_figure(rep: ProgressReport) -> dict[str, Any] | None:
    """The person's own notes with a value (lifts, run times, pain) over time."""
    kinds = list(dict.fromkeys(o.kind for o in rep.outcomes if o.value is not None))
    if not kinds:
        return None
    traces = []
    for kind in kinds:
        pts = [o for o in rep.outcomes if o.kind == kind and o.value is not None]
        label = f"{kind} ({pts[0].unit})" if pts[0].unit else kind
        traces.append({
            "type": "scatter", "mode": "lines+markers", "name": label,
            "x": [o.recorded_at.isoformat() for o in pts], "y": [o.value for o in pts],
            "yaxis": "y2" if kind == "pain" else "y",
        })  # fmt: skip
    layout = {
        "title": {"text": "Your outcome notes", "x": 0, "font": {"size": 16}},
        "xaxis": {"type": "date"},
        "yaxis2": {"title": {"text": "pain 0-10"}, "overlaying": "y", "side": "right",
                   "range": [0, 10]},
        "margin": {"l": 55, "r": 55, "t": 45, "b": 40},
        "legend": {"orientation": "h", "y": -0.2}, "height": 320,
    }  # fmt: skip
    return {"id": "chart-outcomes", "data": traces, "layout": layout}
