"""Whole-body signals built from left and right landmarks, shared by the exercise analysers."""

from __future__ import annotations

import numpy as np

from footwork.vision.pose.sequence import PoseSequence


def mid_y(seq: PoseSequence, part: str) -> np.ndarray:
    """(T,) mean image y of ``left_<part>`` and ``right_<part>`` (NaN if either is missing)."""
    return (seq.point(f"left_{part}")[:, 1] + seq.point(f"right_{part}")[:, 1]) / 2


def hip_height(seq: PoseSequence) -> np.ndarray:
    """(T,) ankles-to-hips height in pixels; NaN where the pose is not upright.

    This is the squat's depth cue: it shrinks as the hips drop toward the ankles whatever
    the camera angle, because vertical distances are not foreshortened by turning.
    """
    shoulders, hips, ankles = mid_y(seq, "shoulder"), mid_y(seq, "hip"), mid_y(seq, "ankle")
    height = ankles - hips
    with np.errstate(invalid="ignore"):
        upright = (height > 0) & (shoulders < hips)
    return np.where(upright, height, np.nan)


def x_width(seq: PoseSequence, part: str) -> np.ndarray:
    """(T,) horizontal distance in pixels between ``left_<part>`` and ``right_<part>``."""
    return np.abs(seq.point(f"left_{part}")[:, 0] - seq.point(f"right_{part}")[:, 0])


def around(values: np.ndarray, index: int, half_width: int = 1) -> float:
    """Median of the known values in ``index ± half_width`` (NaN if none)."""
    window = values[max(0, index - half_width) : index + half_width + 1]
    window = window[np.isfinite(window)]
    return float(np.median(window)) if window.size else float("nan")
