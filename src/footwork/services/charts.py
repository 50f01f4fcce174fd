"""The progress chart as a PNG (matplotlib, drawn off-screen, no global state)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import NORMS
from footwork.domain.progress import Series
from footwork.services.progress import ProgressReport

SIDE_COLOURS = {"left": "#1f6fb2", "right": "#d9642b"}
BAND_COLOURS = {"normal": "#2e8b57", "typical": "#2e8b57", "at target": "#2e8b57"}
_DISPLAY_UNIT = {"deg": "°", "ratio": "", "pct": "%"}


def progress_chart(rep: ProgressReport, path: Path) -> Path:
    """One panel per measure (both sides, target, noise band), then adherence and notes."""
    kinds = list(dict.fromkeys(s.kind for s in rep.series))
    panels = len(kinds) + 1 + (1 if rep.outcomes else 0)
    fig = Figure(figsize=(9, 2.5 * panels), layout="constrained")
    ratios = [1.0] * len(kinds) + [0.45] + ([1.0] if rep.outcomes else [])
    axes = fig.subplots(
        panels, 1, squeeze=False, sharex=True, gridspec_kw={"height_ratios": ratios}
    )[:, 0]
    fig.suptitle(f"footwork progress: {rep.person} ({rep.today.isoformat()})", fontsize=13)
    for ax, kind in zip(axes, kinds, strict=False):
        _measure_panel(ax, kind, [s for s in rep.series if s.kind is kind])
    _adherence_panel(axes[len(kinds)], rep)
    if rep.outcomes:
        _outcome_panel(axes[-1], rep)
    start, end = _time_range(rep)
    locator = AutoDateLocator()
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes[-1].set_xlim(start, end)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def _time_range(rep: ProgressReport) -> tuple[datetime, datetime]:
    stamps = [p.taken_at for s in rep.series for p in s.points]
    stamps += [o.recorded_at for o in rep.outcomes]
    window_start = datetime.combine(
        rep.today - timedelta(days=rep.adherence.window_days - 1), time()
    )
    start = min([*stamps, window_start]) - timedelta(days=1)
    return start, datetime.combine(rep.today + timedelta(days=1), time())


def _measure_panel(ax: Axes, kind: MeasureKind, series: list[Series]) -> None:
    spec, norm = KINDS[kind], NORMS[kind]
    unit = _DISPLAY_UNIT.get(spec.unit.value, f" {spec.unit.value}")
    for band in norm.bands:
        if band.label in BAND_COLOURS and band.low is not None and band.high is not None:
            ax.axhspan(
                band.low,
                band.high,
                color=BAND_COLOURS[band.label],
                alpha=0.07,
                label=f"{band.label} band",
            )
    for s in series:
        xs = [p.taken_at for p in s.points]
        ys = [p.value for p in s.points]
        colour = SIDE_COLOURS[s.side.value]
        ax.plot(xs, ys, "o-", color=colour, label=f"{s.side.value} ({s.method.value})")
        mdc = norm.mdc_for(s.method)
        if mdc and len(xs) > 1:
            ax.fill_between(
                xs,
                ys[0] - mdc.value,
                ys[0] + mdc.value,
                color=colour,
                alpha=0.12,
                label=f"{s.side.value}: within ±{mdc.value:g}{unit} of first = noise",
            )
    if norm.target is not None:
        ax.axhline(
            norm.target, color="#2e8b57", linestyle="--", label=f"target {norm.target:g}{unit}"
        )
    ax.set_title(spec.title, loc="left", fontsize=11)
    ax.set_ylabel(spec.unit.value)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")


def _adherence_panel(ax: Axes, rep: ProgressReport) -> None:
    a = rep.adherence
    start = rep.today - timedelta(days=a.window_days - 1)
    done = set(rep.session_days)
    days = [start + timedelta(days=i) for i in range(a.window_days)]
    ax.bar(
        [datetime.combine(d, time(12)) for d in days],
        [1 if d in done else 0.08 for d in days],
        color=["#2e8b57" if d in done else "#cccccc" for d in days],
        width=0.8,
    )
    ax.set_yticks([])
    ax.set_title(
        f"Sessions, last {a.window_days} days: {a.done_days}/{a.planned_days} planned days "
        f"({a.rate:.0%}); streak {a.current_streak}, longest {a.longest_streak}",
        loc="left",
        fontsize=11,
    )


def _outcome_panel(ax: Axes, rep: ProgressReport) -> None:
    """Performance notes on the left axis; pain (0-10) on its own right-hand axis."""
    kinds = list(dict.fromkeys(o.kind for o in rep.outcomes if o.value is not None))
    pain_ax = ax.twinx() if "pain" in kinds else None
    for kind in kinds:
        pts = [o for o in rep.outcomes if o.kind == kind and o.value is not None]
        target = pain_ax if kind == "pain" and pain_ax is not None else ax
        label = f"{kind} ({pts[0].unit})" if pts[0].unit else kind
        style = "x--" if kind == "pain" else "s-"
        target.plot(
            [o.recorded_at for o in pts],
            [o.value for o in pts],
            style,
            label=label,
            color="#b22222" if kind == "pain" else None,
        )
    if pain_ax is not None:
        pain_ax.set_ylim(0, 10)
        pain_ax.set_ylabel("pain (0-10)")
        pain_ax.legend(fontsize=8, loc="upper right")
    ax.set_title("Your outcome notes", loc="left", fontsize=11)
    ax.grid(alpha=0.3)
    if any(k != "pain" for k in kinds):
        ax.legend(fontsize=8, loc="upper left")
