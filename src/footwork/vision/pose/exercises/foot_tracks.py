"""Cleaned landmark tracks for the foot exercises (heel circle, outward roll, lunge test).

Foot points are the least steady landmarks a pose model gives, so each coordinate goes
through the shared cleaning chain of ``footwork.vision.pose.signals``:

    gate_by_visibility → reject_outliers → fill_short_gaps → lowpass

Outlier limits are in pixels derived from the person's shin length, so they scale with how
large the person appears.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import (
    fill_short_gaps,
    gate_by_visibility,
    lowpass,
    reject_outliers,
)


@dataclass(frozen=True)
class TrackCleaning:
    """How one landmark track is cleaned (explicit numbers, see each analyser's thresholds)."""

    min_visibility: float
    outlier_window_s: float
    outlier_shin: float  # a jump this many shin lengths from the rolling median is a glitch
    max_gap_s: float
    cutoff_hz: float


def clean_track(
    seq: PoseSequence, name: str, shin_px: float, cleaning: TrackCleaning
) -> np.ndarray:
    """(T, 2) cleaned pixel track of one landmark; NaN where it could not be recovered."""
    xy = seq.point(name)
    vis = seq.vis(name)
    out = np.empty_like(xy, dtype=float)
    for axis in (0, 1):
        values = gate_by_visibility(xy[:, axis], vis, cleaning.min_visibility)
        values = reject_outliers(
            values,
            seq.times,
            window_s=cleaning.outlier_window_s,
            max_deviation=cleaning.outlier_shin * shin_px,
        )
        values = fill_short_gaps(values, seq.times, cleaning.max_gap_s)
        out[:, axis] = lowpass(values, seq.fps, cleaning.cutoff_hz)
    return out


def shin_length_px(seq: PoseSequence, sides: tuple[str, ...] = ("left", "right")) -> float:
    """Median knee-to-ankle length in pixels over the clip (NaN if never seen)."""
    lengths = np.concatenate(
        [np.linalg.norm(seq.point(f"{s}_knee") - seq.point(f"{s}_ankle"), axis=1) for s in sides]
    )
    lengths = lengths[np.isfinite(lengths)]
    return float(np.median(lengths)) if lengths.size else float("nan")


def runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    """``[start, stop)`` index pairs of each run of True in a boolean mask."""
    padded = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(int)))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2], strict=True)]
