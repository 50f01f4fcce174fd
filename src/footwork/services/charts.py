"""The progress chart as a PNG (matplotlib, drawn off-screen)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from matplotlib.figure import Figure

from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import NORMS
from footwork.domain.progress import Series
from footwork.services.progress import ProgressReport

SIDE_COLOURS = {"left": "#1f6fb2", "right": "#d9642b"}


def progress_chart(rep: ProgressReport, path: Path) -> Path:
    """Draw one panel per measure (both sides, target, noise band), then adherence and notes."""
    kinds = list(dict.fromkeys(s.kind for s in rep.series))
    panels = len(kinds) + 1 + (1 if rep.outcomes else 0)
    fig = Figure(figsize=(9, 2.6 * panels + 0.6), layout="constrained")
    axes = fig.subplots(panels, 1, squeeze=False)[:, 0]
    fig.suptitle(f"footwork progress: {rep.person} ({rep.today.isoformat()})", fontsize=13)
    for ax, kind in zip(axes, kinds, strict=False):
        _measure_panel(ax, kind, [s for s in rep.series if s.kind is kind])
    _adherence_panel(axes[len(kinds)], rep)
    if rep.outcomes:
        _outcome_panel(axes[-1], rep)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def _measure_panel(ax, kind: MeasureKind, series: list[Series]) -> None:  # type: ignore[no-untyped-def]
    spec, norm = KINDS[kind], NORMS[kind]
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
                label=f"{s.side.value}: noise band ±{mdc.value:g} from first",
            )
    if norm.target is not None:
        ax.axhline(
            norm.target,
            color="#2e8b57",
            linestyle="--",
            label=f"target {norm.target:g} {spec.unit.value}",
        )
    ax.set_title(spec.title, loc="left", fontsize=11)
    ax.set_ylabel(spec.unit.value)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")


def _adherence_panel(ax, rep: ProgressReport) -> None:  # type: ignore[no-untyped-def]
    a = rep.adherence
    start = rep.today - timedelta(days=a.window_days - 1)
    done = set(rep.session_days)
    days = [start + timedelta(days=i) for i in range(a.window_days)]
    ax.bar(
        days,
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


def _outcome_panel(ax, rep: ProgressReport) -> None:  # type: ignore[no-untyped-def]
    kinds = list(dict.fromkeys(o.kind for o in rep.outcomes if o.value is not None))
    for kind in kinds:
        pts = [o for o in rep.outcomes if o.kind == kind and o.value is not None]
        unit = pts[0].unit
        ax.plot(
            [o.recorded_at for o in pts],
            [o.value for o in pts],
            "s-",
            label=f"{kind} ({unit})" if unit else kind,
        )
    ax.set_title("Your outcome notes", loc="left", fontsize=11)
    ax.grid(alpha=0.3)
    if kinds:
        ax.legend(fontsize=8)
