"""The result of analysing one clip or landmark file, shared by every exercise analyser.

``AnalysisResult.to_dict()`` is the documented ``--json`` schema (docs/video-analysis.md):

    exercise, source, view, fps, frames, duration_s,
    reps                total full reps counted
    reps_by_side        {"left": n, "right": n}            where the exercise is per foot
    reps_by_direction   {"clockwise": n, ...}               where it is per direction
    rep_list            [{index, start_s, peak_s, end_s, duration_s, side, direction, view,
                          measures{...}}]
    summary             {measure: value}                    clip-level measures
    findings            [{code, message, severity, rep}]     form feedback, own words
    warnings            [str]                                what the view/quality could not support
    counting            {signal, enter, exit}                what was counted and its thresholds

Analysers make their result with ``ResultBuilder``: it takes reps in any order, sorts and
numbers them, and makes the summary and the findings once, from the numbered reps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import numpy as np

from footwork.vision.pose.sequence import PoseSequence

SideName: TypeAlias = Literal["left", "right"]  # the foot a rep belongs to
DirectionName: TypeAlias = Literal["clockwise", "counter-clockwise"]  # a heel circle's way round


@dataclass
class Rep:
    index: int
    start_s: float
    end_s: float
    side: SideName | None = None
    direction: DirectionName | None = None
    measures: dict[str, float] = field(default_factory=dict)
    peak_s: float | None = None  # the most extreme moment (bottom of a squat, top of a raise)
    view: str | None = None  # camera view during this rep, when it was judged per rep

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 3),
            "peak_s": None if self.peak_s is None else round(self.peak_s, 3),
            "end_s": round(self.end_s, 3),
            "duration_s": round(self.duration_s, 3),
            "side": self.side,
            "direction": self.direction,
            "view": self.view,
            "measures": {k: _round(v) for k, v in self.measures.items()},
        }


@dataclass
class Finding:
    code: str
    message: str
    severity: str = "info"  # info | warn
    rep: int | None = None  # the rep it is about (Rep.index), or None for the whole clip

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "severity": self.severity,
                "rep": self.rep}  # fmt: skip


@dataclass
class AnalysisResult:
    exercise: str
    source: str
    view: str
    fps: float
    frames: int
    duration_s: float
    reps: list[Rep] = field(default_factory=list)
    summary: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    per_side: bool = False
    per_direction: bool = False
    # Time series for plots and annotation: name -> (T,) array aligned with ``times``.
    signals: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    times: np.ndarray | None = field(default=None, repr=False)
    # Which signal the reps were counted on, and its hysteresis levels (for plots and --json).
    count_signal: str | None = None
    count_levels: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_sequence(
        cls, seq: PoseSequence, *, exercise: str, view: str, **fields: Any
    ) -> AnalysisResult:
        """A result for ``seq`` with its clip facts (source, fps, frames, duration, times)."""
        return cls(
            exercise=exercise,
            source=seq.source,
            view=view,
            fps=seq.fps,
            frames=len(seq),
            duration_s=seq.duration_s,
            times=seq.times,
            **fields,
        )

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    @property
    def reps_by_side(self) -> dict[str, int]:
        counts = Counter(r.side for r in self.reps if r.side)
        return {side: counts.get(side, 0) for side in ("left", "right")}

    @property
    def reps_by_direction(self) -> dict[str, int]:
        counts = Counter(r.direction for r in self.reps if r.direction)
        return {d: counts.get(d, 0) for d in ("clockwise", "counter-clockwise")}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "exercise": self.exercise,
            "source": self.source,
            "view": self.view,
            "fps": round(self.fps, 3),
            "frames": self.frames,
            "duration_s": round(self.duration_s, 3),
            "reps": self.rep_count,
        }
        if self.per_side:
            out["reps_by_side"] = self.reps_by_side
        if self.per_direction:
            out["reps_by_direction"] = self.reps_by_direction
        out["rep_list"] = [r.to_dict() for r in self.reps]
        out["summary"] = {k: _round(v) for k, v in self.summary.items()}
        out["findings"] = [f.to_dict() for f in self.findings]
        out["warnings"] = list(self.warnings)
        if self.count_signal:
            levels = {k: _round(v) for k, v in self.count_levels.items()}
            out["counting"] = {"signal": self.count_signal, **levels}
        return out


Summarise: TypeAlias = Callable[[list[Rep]], dict[str, float]]
Review: TypeAlias = Callable[[list[Rep], dict[str, float]], list[Finding]]


@dataclass
class ResultBuilder:
    """Collects what an analyser finds in a clip, then makes its ``AnalysisResult`` once.

    Add reps in any order (per side, per direction), warnings, signals, and what the reps
    were counted on (``counted_on``); ``build`` sorts the reps by start, numbers them from 1,
    then makes the summary and the findings from the numbered reps.
    """

    seq: PoseSequence
    exercise: str
    view: str
    per_side: bool = False
    per_direction: bool = False
    reps: list[Rep] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signals: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    count_signal: str | None = None
    count_levels: dict[str, float] = field(default_factory=dict)

    def counted_on(self, signal: str, levels: Mapping[str, float]) -> None:
        """Name the signal the reps are counted on and its hysteresis levels (enter, exit)."""
        self.count_signal, self.count_levels = signal, dict(levels)

    def build(
        self, *, summarise: Summarise | None = None, review: Review | None = None
    ) -> AnalysisResult:
        """The result: reps in time order numbered 1..n, ``summarise(reps)`` as the summary
        and ``review(reps, summary)`` as the findings (none of either when not given)."""
        reps = sorted(self.reps, key=lambda r: r.start_s)
        for number, rep in enumerate(reps, start=1):
            rep.index = number
        summary = summarise(reps) if summarise is not None else {}
        findings = review(reps, summary) if review is not None else []
        return AnalysisResult.for_sequence(
            self.seq, exercise=self.exercise, view=self.view, reps=reps, summary=summary,
            findings=findings, warnings=list(self.warnings), per_side=self.per_side,
            per_direction=self.per_direction, signals=dict(self.signals),
            count_signal=self.count_signal, count_levels=dict(self.count_levels),
        )  # fmt: skip


def _round(value: float) -> float | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return round(float(value), 3)
