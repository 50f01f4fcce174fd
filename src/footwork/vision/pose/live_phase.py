"""The phase of the rep under way, read sample by sample off the signal the reps are counted on.

``RepPhases`` follows one counted signal (per foot where the exercise counts per foot) against
the counter's own levels, ``enter`` and ``exit`` (``footwork.vision.pose.reps``):

    rest ──(well above exit)──> into ──(stops rising near its peak)──> hold
      ^                     │  └──(falls back from a peak past enter)──┐   │
      │                     └──(back at or below exit)──> rest         v   v
      └──────(at or below exit)─────────────────────────────────────── back
                             into <──(rises again past enter, well above its low)── back

* leaving rest needs the signal half-way from ``exit`` to ``enter``; returning to rest, at or
  below ``exit`` (hysteresis, so jitter at rest is not a rep starting).
* "near its peak" is within ``near`` of the way from ``exit`` to this rep's highest value,
  and "stops rising" is: it rose by less than ``still`` of that span over the last
  ``settle_s`` seconds. The hold began at the first of those samples already near the peak,
  so a hold timer counts from the moment the end of the range was reached.
* leaving the hold needs two samples in a row below the near level: the jitter of a held
  position stays inside it.

Per foot, the foot whose signal is furthest above ``exit`` is the one moving; the phase stays
with a foot until it is back at rest. ``CirclePhases`` does the same for heel circles, which
have no rest inside a set of circles: a foot is "moving" while its heel's rotation travels,
and the direction is the way it turns.

Every time is a capture time, so the phase and its timer follow what the camera saw, however
late the frames were processed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal, TypeAlias

LivePhase: TypeAlias = Literal["setup", "rest", "into", "hold", "back", "moving"]
"""Where the person is: setting up (not counting yet), at rest, moving into the range,
holding at its end, coming back, or moving without a rest (circles)."""


@dataclass(frozen=True)
class PhaseRules:
    """How a phase is told from the counted signal; each number says why it has its value."""

    leave: float = 0.5
    """Rest is left half-way from ``exit`` to ``enter``: a foot at rest jitters above ``exit``
    now and then, and is not moving into a rep until it is well on its way."""

    near: float = 0.65
    """At the end of the range: at least 65 % of the way from rest (``exit``) to this rep's
    peak. A held position jitters (a foot's roll, read from three foot points, by up to a
    third of the roll on generated rolls); a return goes all the way back."""

    reached: float = 0.85
    """The hold is timed from the first sample 85 % of the way to the peak: the end of the
    range is reached there, give or take its jitter."""

    confirm: int = 2
    """A hold is left after two samples in a row below the near level, not one."""

    still: float = 0.1
    """Stopped rising: up by less than 10 % of the range over ``settle_s`` ..."""

    slowed: float = 0.5
    """... and by less than half of what the rep's own pace on the way in would have risen
    in that time: a slow lowering (a 6-second squat rises 8 % of its range in half a second)
    is still on its way in, not holding. Quicker ways in (a 2-3 s roll) are held by the 10 %
    above, which the jitter of a held roll must stay under."""

    settle_s: float = 0.5
    """Half a second of no further rise is a hold, not a slow part of the way in."""

    again: float = 0.25
    """On the way back, a rise of a quarter of the range above the lowest point since the peak,
    past ``enter``, is a new rep done without resting (outward rolls to and fro)."""

    circle_window_s: float = 1.0
    """Heel circles: the rotation over the last second tells moving from still."""

    circle_start_turns: float = 0.12
    """Moving once the heel turned an eighth of a circle in that second (a slow circle takes
    about 5 s), ..."""

    circle_stop_turns: float = 0.05
    """... still again once it turned under a twentieth."""


RULES = PhaseRules()


@dataclass
class PhaseNow:
    """The phase, when it began (capture time), the foot and direction, the signal's value."""

    phase: LivePhase
    since: float
    side: str | None = None
    direction: str | None = None
    value: float | None = None


class RepPhases:
    """Rest, into, hold, back of the rep under way, from one sample at a time."""

    def __init__(self, t: float, rules: PhaseRules = RULES) -> None:
        self.rules = rules
        self.now = PhaseNow("rest", t)
        self.peak = 0.0
        self.low = 0.0
        self.start = (t, 0.0)  # where and when the way in began
        self.below = 0  # samples in a row below the near level while holding
        self.recent: deque[tuple[float, float]] = deque()  # (t, value) of the current side

    def feed(self, t: float, values: dict[str | None, float], enter: float, exit_: float) -> str:
        """Take the signal's value(s) at ``t`` (by foot, or under None); returns the phase."""
        side = self._side(values, exit_)
        if side not in values:
            return self.now.phase
        v = values[side]
        if side != self.now.side:
            self.recent.clear()
        self.now.side, self.now.value = side, v
        self.recent.append((t, v))
        while self.recent and self.recent[0][0] < t - self.rules.settle_s:
            self.recent.popleft()
        self._step(t, v, enter, exit_)
        return self.now.phase

    def _side(self, values: dict[str | None, float], exit_: float) -> str | None:
        current = self.now.side
        if current in values and self.now.phase != "rest":
            return current  # a foot keeps the phase until it is back at rest
        if not values:
            return current
        moving = max(values, key=lambda s: values[s])
        if current in values and values[moving] <= exit_:
            return current  # both at rest: the last foot that moved stays shown
        return moving

    def _step(self, t: float, v: float, enter: float, exit_: float) -> None:
        phase, r = self.now.phase, self.rules
        if phase == "rest":
            if v > exit_ + r.leave * (enter - exit_):
                self._go("into", t)
                self.peak, self.start = v, (t, v)
            return
        self.peak = max(self.peak, v)
        span = max(self.peak - exit_, 1e-9)
        near = exit_ + r.near * span
        if v <= exit_:
            self._go("rest", t)
        elif phase == "into":
            if self.peak >= enter and v < near:
                self._go("back", t)
                self.low = v
            elif self.peak >= enter and self._stopped(span, t):
                reached = exit_ + r.reached * span
                self._go("hold", min(s for s, x in self.recent if x >= min(reached, v)))
        elif phase == "hold":
            self.below = self.below + 1 if v < near else 0
            if self.below >= r.confirm:
                self._go("back", t)
                self.low = v
        elif phase == "back":
            self.low = min(self.low, v)
            if v >= enter and v - self.low > r.again * span:
                self._go("into", t)
                self.peak, self.start = v, (t, v)

    def _stopped(self, span: float, t: float) -> bool:
        first_t, first_v = self.recent[0]
        if t - first_t < 0.8 * self.rules.settle_s:
            return False  # not enough of a window yet
        last_t, last_v = self.recent[-1]
        rise = last_v - first_v
        start_t, start_v = self.start
        pace = (self.peak - start_v) / max(last_t - start_t, 1e-9)  # the way in, per second
        return rise < self.rules.still * span and rise < self.rules.slowed * pace * (
            last_t - first_t
        )

    def _go(self, phase: LivePhase, since: float) -> None:
        self.now.phase, self.now.since, self.below = phase, since, 0


class CirclePhases:
    """Moving or resting, with the foot and the way it turns, from heel rotation in turns."""

    def __init__(self, t: float, rules: PhaseRules = RULES) -> None:
        self.rules = rules
        self.now = PhaseNow("rest", t)
        self.recent: dict[str, deque[tuple[float, float]]] = {}

    def feed(self, t: float, turns: dict[str, float]) -> str:
        """Take each foot's heel rotation so far (turns; clockwise on screen is positive)."""
        r = self.rules
        travel: dict[str, float] = {}
        for side, value in turns.items():
            track = self.recent.setdefault(side, deque())
            track.append((t, value))
            while track and track[0][0] < t - r.circle_window_s:
                track.popleft()
            travel[side] = track[-1][1] - track[0][1]
        moving = self.now.side if self.now.phase == "moving" else None
        if moving is not None and abs(travel.get(moving, 0.0)) < r.circle_stop_turns:
            self.now = PhaseNow("rest", t)
            moving = None
        if moving is None:
            best = max(travel, key=lambda s: abs(travel[s]), default=None)
            if best is not None and abs(travel[best]) >= r.circle_start_turns:
                self.now = PhaseNow("moving", t, best)
                moving = best
        if moving is not None:
            way = travel[moving]
            if abs(way) >= r.circle_stop_turns:
                self.now.direction = "clockwise" if way > 0 else "counter-clockwise"
            self.now.value = turns[moving]
        return self.now.phase
