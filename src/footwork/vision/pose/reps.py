"""Rep detection with hysteresis, shared by every exercise analyser: ``RepCounter``.

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
* with ``return_fraction`` set, a movement is also back once it has come that fraction of
  the way from its peak toward zero, and the next one starts only when the signal rises
  past ``enter`` and past the lowest point since, divided by ``1 - return_fraction``: for
  movements done to and fro without a rest (outward rolls without a pause), which touch
  rest only for an instant that smoothing lifts above ``exit``;
* frames where ``valid`` is False (body out of frame, setting up) or the signal is NaN
  disarm the detector: an excursion crossing them is dropped, and counting resumes once
  the signal is seen below ``enter`` again.

The same ``RepCounter`` counts a recorded clip (``count``: the whole signal at once) and a
live camera (``update``: one sample at a time); both give the same excursions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np

Phase: TypeAlias = Literal["waiting", "rest", "away"]
"""Where a counter is: ``waiting`` to see the signal below ``enter`` (at the start, or after
an invalid frame), at ``rest``, or ``away`` from rest (an excursion under way)."""


@dataclass(frozen=True)
class Excursion:
    """Frame indices of one full excursion: left rest, most extreme frame, back at rest."""

    start: int
    peak: int
    end: int


@dataclass(frozen=True)
class ScaledLevels:
    """Count levels that follow the size of the movement in a clip, with floors.

    For a signal whose size differs from person to person and camera to camera (squat depth,
    heel rise): ``enter`` is ``enter_fraction`` of the clip's largest value and ``exit`` is
    ``exit_fraction`` of it, but never below ``min_enter`` and ``min_exit``, so small
    movements (walking, swaying) never count even when nothing larger happens.
    """

    enter_fraction: float
    exit_fraction: float
    min_enter: float
    min_exit: float

    def levels(self, values: np.ndarray) -> tuple[float, float]:
        """(enter, exit) for a whole signal (its largest finite value sets the scale)."""
        largest = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
        enter = max(self.min_enter, self.enter_fraction * largest)
        exit_ = max(self.min_exit, self.exit_fraction * largest)
        return enter, exit_


@dataclass
class _Settling:
    """A completed excursion whose end still moves forward while the signal keeps falling."""

    start: int
    start_t: float
    peak: int
    peak_t: float
    end: int
    end_t: float
    end_value: float


class RepCounter:
    """Counts full excursions of a signal with hysteresis and a minimum phase time.

    Configured with its levels (``enter`` > ``exit``) and ``min_phase_s``. Feed it either a
    whole recorded signal (``count``) or one sample at a time (``update``, then ``finish``
    when the stream ends); both give exactly the same excursions.

    Streaming needs no look-back buffer: the start of an excursion is moved back to where the
    rise began (the lowest point before it) from state kept as samples pass. Its end is moved
    forward to where the signal settles (the lowest point after it), which needs the samples
    after the return to ``exit``: ``update`` therefore reports an excursion one sample after
    it settles, at the first sample that does not fall further (or is invalid), and
    ``finish`` reports one still settling when the stream ends. Frame indices count the
    samples given since the counter was made or ``reset``.

    The levels themselves must be known in advance; ``ScaledLevels`` sets them from a whole
    recorded clip (``RepCounter.scaled``), so a live counter takes them from an earlier clip
    or uses the floors.
    """

    def __init__(
        self,
        *,
        enter: float,
        exit: float,
        min_phase_s: float,
        return_fraction: float | None = None,
    ) -> None:
        if not enter > exit:
            raise ValueError(f"enter ({enter}) must be greater than exit ({exit})")
        if return_fraction is not None and not 0.0 < return_fraction < 1.0:
            raise ValueError(f"return_fraction ({return_fraction}) must be between 0 and 1")
        self.enter = float(enter)
        self.exit = float(exit)
        self.min_phase_s = float(min_phase_s)
        self.return_fraction = return_fraction
        self.reset()

    @classmethod
    def scaled(cls, values: np.ndarray, levels: ScaledLevels, *, min_phase_s: float) -> RepCounter:
        """A counter whose levels follow the size of the movement in ``values`` (a whole clip)."""
        enter, exit_ = levels.levels(values)
        return cls(enter=enter, exit=exit_, min_phase_s=min_phase_s)

    @property
    def levels(self) -> dict[str, float]:
        """The hysteresis levels, as reported with a result: {"enter": .., "exit": ..}."""
        return {"enter": self.enter, "exit": self.exit}

    @property
    def phase(self) -> Phase:
        """Where the stream is now (for a live display): waiting, rest or away."""
        if not self._armed:
            return "waiting"
        return "away" if self._away else "rest"

    def reset(self) -> None:
        """Forget everything seen: the next sample is frame 0 of a new stream."""
        self._next = 0  # index of the next sample
        self._settling: _Settling | None = None
        self._disarm()

    def _disarm(self) -> None:
        self._armed = self._away = False
        self._prev: float | None = None  # the previous sample's value, if it was usable
        self._climb, self._climb_t = 0, 0.0  # where the rise into the current sample began
        self._start, self._start_t = 0, 0.0  # where the rise into the last rest sample began
        self._peak, self._peak_t, self._peak_value = 0, 0.0, 0.0
        self._low = math.inf  # lowest value since the last return to rest

    def _back_level(self) -> float:
        """At or below this, an excursion under way is back at rest."""
        if self.return_fraction is None:
            return self.exit
        return max(self.exit, (1.0 - self.return_fraction) * self._peak_value)

    def _away_level(self) -> float:
        """At or above this, the signal at rest has left on a new excursion."""
        if self.return_fraction is None:
            return self.enter
        return max(self.enter, self._low / (1.0 - self.return_fraction))

    def update(self, t: float, value: float, valid: bool = True) -> Excursion | None:
        """Take the next sample (time ``t`` in seconds); return an excursion completed by it.

        ``valid`` False, or a value that is not finite, disarms the counter (see the module
        docstring). At most one excursion is returned per sample; see the class docstring
        for when it is reported.
        """
        i = self._next
        self._next += 1
        t, v = float(t), float(value)
        usable = bool(valid) and math.isfinite(v)
        done = None
        if self._settling is not None:
            if usable and v < self._settling.end_value:
                self._settling.end, self._settling.end_t = i, t
                self._settling.end_value = v
            else:
                done = self._settled()
        if not usable:
            self._disarm()
            return done
        if self._prev is None or not self._prev < v:
            self._climb, self._climb_t = i, t
        self._prev = v
        self._step(i, t, v)
        return done

    def finish(self) -> Excursion | None:
        """End of the stream: the excursion still settling, if any (and if it counts)."""
        return self._settled() if self._settling is not None else None

    def count(
        self, values: np.ndarray, times: np.ndarray, valid: np.ndarray | None = None
    ) -> list[Excursion]:
        """All excursions of a whole recorded signal, in time order.

        ``values`` and ``times`` are (T,) arrays; ``valid`` is an optional (T,) boolean mask.
        Leaves this counter's own stream untouched. Raises ValueError on mismatched shapes.
        """
        signal, stamps, ok = _checked_inputs(values, times, valid)
        run = RepCounter(enter=self.enter, exit=self.exit, min_phase_s=self.min_phase_s,
                         return_fraction=self.return_fraction)  # fmt: skip
        found: list[Excursion] = []
        for t, v, good in zip(stamps.tolist(), signal.tolist(), ok.tolist(), strict=True):
            done = run.update(t, v, good)
            if done is not None:
                found.append(done)
        last = run.finish()
        return found if last is None else [*found, last]

    def _step(self, i: int, t: float, v: float) -> None:
        """Advance the hysteresis machine by a usable sample."""
        if not self._armed:
            if v < self.enter:
                self._armed = True
                self._start, self._start_t = self._climb, self._climb_t
                self._low = v
            return
        if not self._away:
            relative = self.return_fraction is not None
            if v <= self.exit or (relative and v < self._low):
                self._start, self._start_t = self._climb, self._climb_t
                self._low = min(self._low, v)
            elif v >= self._away_level():
                self._away = True
                self._peak, self._peak_t, self._peak_value = i, t, v
            return
        if v > self._peak_value:
            self._peak, self._peak_t, self._peak_value = i, t, v
        if v > self._back_level():
            return
        # Back at rest: the movement began where the rise into the last rest sample began
        # (never before the end of the previous excursion, where the signal was falling).
        self._settling = _Settling(self._start, self._start_t, self._peak, self._peak_t, i, t, v)
        self._away = False
        self._start, self._start_t = self._climb, self._climb_t
        self._low = v

    def _settled(self) -> Excursion | None:
        s = self._settling
        assert s is not None
        self._settling = None
        out_s, back_s = s.peak_t - s.start_t, s.end_t - s.peak_t
        if not (out_s >= self.min_phase_s and back_s >= self.min_phase_s):
            return None
        return Excursion(start=s.start, peak=s.peak, end=s.end)


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

    Shorthand for ``RepCounter(enter=.., exit=.., min_phase_s=..).count(signal, times, valid)``.
    Raises ValueError on mismatched shapes or thresholds.
    """
    counter = RepCounter(enter=enter, exit=exit, min_phase_s=min_phase_s)
    return counter.count(signal, times, valid)


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


def _checked_inputs(
    signal: np.ndarray, times: np.ndarray, valid: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    values = np.asarray(signal, dtype=float)
    stamps = np.asarray(times, dtype=float)
    if values.ndim != 1 or stamps.shape != values.shape:
        raise ValueError(f"signal and times must be equal-length 1-D arrays, got "
                         f"{values.shape} and {stamps.shape}")  # fmt: skip
    ok = np.isfinite(values)
    if valid is not None:
        mask = np.asarray(valid, dtype=bool)
        if mask.shape != values.shape:
            raise ValueError(f"valid must have shape {values.shape}, got {mask.shape}")
        ok &= mask
    return values, stamps, ok
