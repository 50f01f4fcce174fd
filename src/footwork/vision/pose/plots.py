"""A PNG of an analysis: each signal over time, with every counted rep marked.

Uses matplotlib's object API with the Agg canvas (no pyplot, so no global figure state and
no display needed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from footwork.errors import InvalidInput
from footwork.vision.pose.result import AnalysisResult

_REP_COLOUR = "#2a9d8f"


def plot_analysis(result: AnalysisResult, out: Path) -> Path:
    """Write the signals of ``result`` to ``out`` (.png); returns the path written."""
    if out.suffix.lower() != ".png":
        raise InvalidInput(f"Cannot write a plot called {out.name}.", hint="Use a .png name.")
    if result.times is None or not result.signals:
        raise InvalidInput("This analysis has no signals to plot.")
    names = _ordered(result)
    fig = Figure(figsize=(10, 2.4 * len(names) + 0.6), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    for ax, name in zip(axes, names, strict=True):
        _plot_signal(ax, result, name)
    axes[-1].set_xlabel("time (s)")
    fig.suptitle(f"{result.exercise}: {result.rep_count} rep(s), {result.view} view")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    return out


def _ordered(result: AnalysisResult) -> list[str]:
    names = list(result.signals)
    if result.count_signal in names:
        names.remove(result.count_signal)
        names.insert(0, result.count_signal)
    return names


def _plot_signal(ax: Axes, result: AnalysisResult, name: str) -> None:
    assert result.times is not None
    values = np.asarray(result.signals[name], dtype=float)
    ax.plot(result.times, values, color="#264653", linewidth=1.5, label=name)
    for rep in result.reps:
        ax.axvspan(rep.start_s, rep.end_s, color=_REP_COLOUR, alpha=0.18)
        if rep.peak_s is not None:
            peak = float(np.interp(rep.peak_s, result.times, np.nan_to_num(values)))
            ax.annotate(str(rep.index), (rep.peak_s, peak), textcoords="offset points",
                        xytext=(0, 6), ha="center", color=_REP_COLOUR, weight="bold")  # fmt: skip
    if name == result.count_signal:
        for level, value in result.count_levels.items():
            ax.axhline(value, color="#e76f51", linestyle="--", linewidth=0.8, label=level)
    ax.set_ylabel(name)
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(alpha=0.3)
