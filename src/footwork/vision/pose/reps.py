"""Rep detection with hysteresis, shared by every exercise analyser.

An *excursion* is one movement away from rest and back: the signal leaves rest (at or below
``exit``), rises to at least ``enter``, and later falls back to ``exit`` or below. Two
thresholds (``enter`` > ``exit``) keep noise near one threshold from counting twice.

    signal   ───┐          ┌───────  rest (<= exit)
                └─┐      ┌─┘
                  └──────┘          away (>= enter), peak = most extreme frame
               start   peak   end     (start and end: where the movement begins and settles)

Rules that make a count trustworthy:

* the rise past ``enter`` must happen inside the clip: a clip that starts beyond ``enter``
  (e.g. at the bottom of a squat) does not count the half rep it starts in, while one that
  starts part-way out (below ``enter``) counts it, since the outward movement is seen;
* it must return to rest inside the clip, so a clip that ends mid-rep does not count it;
* the outward phase (start → peak) and the return phase (peak → end) each last at least
  ``min_phase_s``, so a twitch is not a rep;
* frames where ``valid`` is False (body out of frame, setting up) or the signal is NaN
  disarm the detector: an excursion crossing them is dropped, and counting resumes once
  the signal is seen below ``enter`` again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Excursion:
    """Frame indices of one full excursion: left rest, most extreme frame, back at rest."""

    start: int
    peak: int
    end: int


@dataclass
class _Tracker:
    """Mutable state of the hysteresis machine while it walks the signal."""

    armed: bool = False
    away: bool = False
    rest_index: int = -1
    start: int = -1
    peak: int = -1


def detect_excursions(
    signal: np.ndarray,
    times: np.ndarray,
    *,
    enter: float,
    exit: float,
    min_phase_s: float,
    valid: np.ndarray | None = None,
) -> list[Excursion]:
    """Find full excursions of ``signal`` above ``enter`` that return below ``exit``.

    ``signal`` and ``times`` are (T,) arrays; ``valid`` is an optional (T,) boolean mask.
    Returns excursions in time order. Raises ValueError on mismatched shapes or thresholds.
    """
    values, stamps, ok = _checked_inputs(signal, times, valid, enter=enter, exit=exit)
    found: list[Excursion] = []
    state = _Tracker()
    for i in range(len(values)):
        if not ok[i]:
            state = _Tracker()
            continue
        done = _step(state, values, i, enter=enter, exit=exit)
        if done is None:
            continue
        done = _widened(done, values, ok, floor=found[-1].end if found else 0)
        if _phases_long_enough(done, stamps, min_phase_s):
            found.append(done)
    return found


def _widened(exc: Excursion, values: np.ndarray, ok: np.ndarray, floor: int) -> Excursion:
    """Move start back and end forward to where the movement really begins and settles.

    The hysteresis crossings (``exit``) lie part-way up the movement; the movement starts at
    the lowest point before it and settles at the lowest point after it.
    """
    start, end = exc.start, exc.end
    while start > floor and ok[start - 1] and values[start - 1] < values[start]:
        start -= 1
    while end + 1 < len(values) and ok[end + 1] and values[end + 1] < values[end]:
        end += 1
    return Excursion(start=start, peak=exc.peak, end=end)


def _checked_inputs(
    signal: np.ndarray,
    times: np.ndarray,
    valid: np.ndarray | None,
    *,
    enter: float,
    exit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    values = np.asarray(signal, dtype=float)
    stamps = np.asarray(times, dtype=float)
    if values.ndim != 1 or stamps.shape != values.shape:
        raise ValueError(f"signal and times must be equal-length 1-D arrays, got "
                         f"{values.shape} and {stamps.shape}")  # fmt: skip
    if not enter > exit:
        raise ValueError(f"enter ({enter}) must be greater than exit ({exit})")
    ok = np.isfinite(values)
    if valid is not None:
        mask = np.asarray(valid, dtype=bool)
        if mask.shape != values.shape:
            raise ValueError(f"valid must have shape {values.shape}, got {mask.shape}")
        ok &= mask
    return values, stamps, ok


def _step(
    state: _Tracker, values: np.ndarray, i: int, *, enter: float, exit: float
) -> Excursion | None:
    """Advance the machine by frame ``i``; return an excursion when one just completed."""
    v = values[i]
    if not state.armed:
        if v < enter:
            state.armed, state.rest_index = True, i
        return None
    if not state.away:
        if v <= exit:
            state.rest_index = i
        elif v >= enter:
            state.away, state.start, state.peak = True, state.rest_index, i
        return None
    if v > values[state.peak]:
        state.peak = i
    if v > exit:
        return None
    done = Excursion(start=state.start, peak=state.peak, end=i)
    state.away, state.rest_index = False, i
    return done


def _phases_long_enough(exc: Excursion, times: np.ndarray, min_phase_s: float) -> bool:
    out_s = times[exc.peak] - times[exc.start]
    back_s = times[exc.end] - times[exc.peak]
    return bool(out_s >= min_phase_s and back_s >= min_phase_s)


def excursion_phase_times(
    exc: Excursion, signal: np.ndarray, times: np.ndarray, *, fraction: float = 0.9
) -> tuple[float, float, float, float]:
    """Split an excursion into (out_s, hold_s, back_s, total_s).

    The hold is the time spent within ``fraction`` of the peak height above the start level:
    a paused bottom of a squat shows as a long hold.
    """
    seg = np.asarray(signal[exc.start : exc.end + 1], dtype=float)
    base = min(seg[0], seg[-1])
    top = signal[exc.peak]
    level = base + fraction * (top - base)
    near = np.flatnonzero(seg >= level)
    first, last = exc.start + int(near[0]), exc.start + int(near[-1])
    out_s = float(times[first] - times[exc.start])
    hold_s = float(times[last] - times[first])
    back_s = float(times[exc.end] - times[last])
    return out_s, hold_s, back_s, float(times[exc.end] - times[exc.start])
