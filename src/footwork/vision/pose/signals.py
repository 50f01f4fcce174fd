"""Cleaning landmark signals: gating, gap filling, outlier rejection, smoothing, baselines.

Every function takes plain arrays and explicit parameters and returns new arrays; NaN marks
"not known" throughout. Typical order for a (T,) signal sampled at ``times``:

    gate_by_visibility → reject_outliers → fill_short_gaps → lowpass

``lowpass`` is zero-phase (``scipy.signal.filtfilt``), so peaks stay where they happened:
right for reports and counting after the fact, not for live feedback.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy import signal as sps


def gate_by_visibility(
    values: np.ndarray, visibility: np.ndarray, min_visibility: float
) -> np.ndarray:
    """``values`` with NaN where ``visibility`` is below ``min_visibility``."""
    out = np.array(values, dtype=float, copy=True)
    out[np.asarray(visibility) < min_visibility] = np.nan
    return out


def fill_short_gaps(values: np.ndarray, times: np.ndarray, max_gap_s: float) -> np.ndarray:
    """Linearly interpolate NaN runs lasting at most ``max_gap_s`` between two known values.

    Gaps at either end and longer gaps stay NaN.
    """
    out = np.array(values, dtype=float, copy=True)
    known = np.flatnonzero(np.isfinite(out))
    if len(known) < 2:
        return out
    for left, right in itertools.pairwise(known):
        if right - left > 1 and times[right] - times[left] <= max_gap_s:
            span = slice(left + 1, right)
            out[span] = np.interp(times[span], [times[left], times[right]], [out[left], out[right]])
    return out


def rolling_median(values: np.ndarray, times: np.ndarray, window_s: float) -> np.ndarray:
    """Median of the known values within ±window_s/2 of each sample (NaN if none)."""
    out = np.full(len(values), np.nan)
    half = window_s / 2
    lo = np.searchsorted(times, times - half, side="left")
    hi = np.searchsorted(times, times + half, side="right")
    for i in range(len(values)):
        window = values[lo[i] : hi[i]]
        window = window[np.isfinite(window)]
        if window.size:
            out[i] = np.median(window)
    return out


def reject_outliers(
    values: np.ndarray, times: np.ndarray, *, window_s: float, max_deviation: float
) -> np.ndarray:
    """NaN where a sample differs from its rolling median by more than ``max_deviation``.

    ``max_deviation`` is in the signal's own units (e.g. a fraction of leg length), so a
    single-frame mistracking spike is removed but real movement is kept.
    """
    out = np.array(values, dtype=float, copy=True)
    med = rolling_median(out, times, window_s)
    with np.errstate(invalid="ignore"):
        out[np.abs(out - med) > max_deviation] = np.nan
    return out


def lowpass(values: np.ndarray, fps: float, cutoff_hz: float, order: int = 2) -> np.ndarray:
    """Zero-phase Butterworth low-pass, run separately on each unbroken run of known values.

    Runs too short to filter (or a cutoff at or above Nyquist) are returned unchanged.
    """
    out = np.array(values, dtype=float, copy=True)
    nyquist = fps / 2
    if cutoff_hz >= nyquist:
        return out
    b, a = sps.butter(order, cutoff_hz / nyquist)
    pad = 3 * max(len(a), len(b))
    for start, stop in finite_runs(out):
        if stop - start > pad:
            out[start:stop] = sps.filtfilt(b, a, out[start:stop])
    return out


def finite_runs(values: np.ndarray) -> list[tuple[int, int]]:
    """``[start, stop)`` index pairs of each run of consecutive finite values."""
    finite = np.concatenate([[False], np.isfinite(values), [False]])
    edges = np.flatnonzero(np.diff(finite.astype(int)))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2], strict=True)]


def _window_max(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for i in range(len(values)):
        window = values[lo[i] : hi[i]]
        if np.isfinite(window).any():
            out[i] = np.nanmax(window)
    return out


def upper_envelope(values: np.ndarray, times: np.ndarray, window_s: float) -> np.ndarray:
    """A per-sample "resting level" for a signal that leaves rest by going down.

    For each sample: the highest value in the past ``window_s`` (P) and in the next
    ``window_s`` (F). Rest is min(P, F): a movement is bracketed by rest on both sides, and a
    step change in scale (camera zoom, a cut) only affects one side. Where a window is cut
    off by the start or end of the known data, the union max(P, F) is used instead, so a
    clip ending mid-movement is not mistaken for a return to rest.
    """
    known = np.flatnonzero(np.isfinite(values))
    if known.size == 0:
        return np.full(len(values), np.nan)
    first_t, last_t = times[known[0]], times[known[-1]]
    back = _window_max(values, np.searchsorted(times, times - window_s), np.arange(len(values)) + 1)
    ahead = _window_max(
        values, np.arange(len(values)), np.searchsorted(times, times + window_s, "right")
    )
    complete = (times - window_s >= first_t) & (times + window_s <= last_t)
    return np.where(complete, np.fmin(back, ahead), np.fmax(back, ahead))
