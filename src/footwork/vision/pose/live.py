"""Live counting from a camera: the clip analysis run on what has been seen so far.

``LiveCounter`` takes the landmarks of one camera frame at a time (``push``) and keeps the
pose sequence of the set. At the clip analysis's own sampling rate (``sample_fps``) it runs
**the same analyser as** ``footwork analyze`` on that sequence so far: the analyser is
causal here because it only ever sees the past, and the levels it fits to a whole clip
(a squat's depth, a heel raise's height) adapt as the set goes. There is no second set of
counting rules. ``finish`` analyses the whole set, which is exactly what ``footwork
analyze`` does on a recording of it.

The analysis grows with the set: while it is cheap it runs on every frame kept; once it is
not, it runs no more often than keeps its cost within ``analysis_share`` of the time filmed
(a long set of outward rolls), so reps may be announced a moment later but the camera is
never outrun.

What a live view needs on top of the count comes from the same result: the phase of the
current rep (rest, moving into the range, holding at its end, coming back; heel circles:
moving, with the foot and the way it turns) is read off the signal the reps are counted on,
against the counter's own levels (``footwork.vision.pose.live_phase``), and timed with the
frames' capture times, never their arrival times. The cue of a phase is said as it begins,
once per rep; "and back" once the end of the range has been held for the exercise's hold
(``LiveExercise.hold_s``), checked on every frame. A rep is announced the first time an
analysis counts it with its end at least ``_UNSETTLED_S`` before the newest frame (an end
in the newest samples may be the smoothing's edge); the count shown never goes down, a rep
is never announced twice, and ``finish`` announces those only the whole set's analysis
counts.

Before counting starts, the body parts the exercise needs (``LiveExercise.needs``) must be
in the picture for ``LIMITS.ready_s``; until then each update says what to change ("step
back…", "turn side-on…", "more light…"). The set's sequence starts with the first frame of
that run, so what happened while setting up is never counted.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from footwork.domain.live_coaching import LIMITS, SPOKEN_FINDINGS, LiveExercise, live_exercise
from footwork.vision.pose.estimator import PoseEstimate
from footwork.vision.pose.exercises import check_exercise, get_analyser
from footwork.vision.pose.extract import DEFAULT_TARGET_FPS
from footwork.vision.pose.live_phase import CirclePhases, LivePhase, PhaseNow, RepPhases
from footwork.vision.pose.result import AnalysisResult, Rep
from footwork.vision.pose.sequence import LANDMARK_INDEX, N_LANDMARKS, PoseSequence
from footwork.vision.pose.view import View, classify_view


@dataclass(frozen=True)
class LiveEvent:
    """Something to show or say: counting started, a rep, a cue, set-up help."""

    kind: Literal["ready", "rep", "cue", "setup"]
    t: float  # capture time of the frame that caused it (s from the start of the stream)
    text: str
    rep: dict[str, Any] | None = None  # the rep as the clip analysis reports it (kind "rep")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "t": round(self.t, 3), "text": self.text}
        if self.rep is not None:
            out["rep"] = self.rep
        return out


@dataclass
class LiveUpdate:
    """The state after one frame, for a live display."""

    t: float
    ready: bool
    setup: str | None  # what to change in the set-up (None: all needed parts are seen)
    reps: int
    reps_by_side: dict[str, int] | None
    reps_by_direction: dict[str, int] | None
    phase: LivePhase
    phase_s: float  # how long the current phase has lasted, by capture time
    side: str | None  # the foot moving now, for exercises done one foot at a time
    direction: str | None  # heel circles: the way the heel turns now (as seen in the picture)
    value: float | None  # the counted signal now (the lunge test: shin angle in degrees)
    best: dict[str, float] = field(default_factory=dict)  # lunge test: best angle per side
    events: list[LiveEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "t": round(self.t, 3), "ready": self.ready, "setup": self.setup, "reps": self.reps,
            "phase": self.phase, "phase_s": round(self.phase_s, 2), "side": self.side,
            "direction": self.direction,
            "value": None if self.value is None else round(self.value, 1),
            "events": [e.to_dict() for e in self.events],
        }  # fmt: skip
        if self.reps_by_side is not None:
            out["reps_by_side"] = self.reps_by_side
        if self.reps_by_direction is not None:
            out["reps_by_direction"] = self.reps_by_direction
        if self.best:
            out["best"] = {k: round(v, 1) for k, v in self.best.items()}
        return out


_PHASE_WINDOW_S = 20.0  # the phase is read off the last 20 s: longer than a rep with its hold
# The newest samples of a smoothed signal still move as the set goes on (the smoothing has
# not seen what follows them): on generated outward rolls the last one moves by 4° at the
# median and up to 17°, the ones 0.4 s back by under 4°, as much as the whole set moves them.
_UNSETTLED_S = 0.4
_FRESH_S = 0.3  # a phase read from an analysis this recent (two kept frames) is still current
_SAME_REP_S = 1.0  # a rep seen starting again within a second of the last start is the same


class LiveCounter:
    """Counts, times and cues one set of one exercise from frames given one at a time."""

    def __init__(
        self,
        exercise: str,
        *,
        sample_fps: float = DEFAULT_TARGET_FPS,
        analysis_share: float | None = 0.5,
    ) -> None:
        self.exercise = check_exercise(exercise)
        self.coaching: LiveExercise = live_exercise(self.exercise)
        self._analyse = get_analyser(self.exercise)
        self.sample_fps = float(sample_fps)
        self.analysis_share = analysis_share  # None: analyse on every frame kept
        self._needed = _parts(self.coaching.needs)
        self._placed = [LANDMARK_INDEX[n] for n in self.coaching.placed]
        self._size: tuple[int, int] | None = None
        # The set's sequence (frames kept at the sampling rate), and frames while setting up.
        self._times: list[float] = []
        self._xy: list[np.ndarray] = []
        self._vis: list[np.ndarray] = []
        self._pending: list[tuple[float, np.ndarray, np.ndarray]] = []
        self._ready = False
        self._seen_since: float | None = None  # start of the current run of frames seeing all
        self._unseen_since: float | None = None
        self._result: AnalysisResult | None = None
        self._seq: PoseSequence | None = None  # the set as last analysed
        self._announced = 0
        self._phases: RepPhases | CirclePhases = RepPhases(0.0)
        self._analysed_at = -math.inf  # capture time of the last analysis
        self._analysis_gap = 0.0  # capture seconds to wait before the next one
        self._said: set[str] = set()  # cues said during the current rep
        self._hold_since: float | None = None  # when the current rep reached its end of range
        self._rep_since = -math.inf  # when the rep whose cues are said began
        self._last_setup: str | None = None
        self._someone_else_at = -math.inf  # when another person was last seen
        self._best: dict[str, float] = {}
        self.events: list[LiveEvent] = []  # every event so far, in order
        self.closing_events: list[LiveEvent] = []  # reps first announced by ``finish``

    # -- input -----------------------------------------------------------------------------

    def push(
        self,
        t: float,
        pose: PoseEstimate | None,
        size: tuple[int, int],
        *,
        brightness: float | None = None,
        someone_else: bool = False,
    ) -> LiveUpdate:
        """Take the landmarks of the frame captured at ``t`` seconds (None: nobody found) in
        a picture of ``size`` (width, height) pixels; ``brightness`` is its mean luma 0–255
        when known; ``someone_else`` when the pose model saw a person other than the one it
        follows. Returns the state after it, with any new events."""
        self._size = size
        if someone_else:
            self._someone_else_at = float(t)
        t = float(t)
        if pose is None:
            xy, vis = np.full((N_LANDMARKS, 2), np.nan), np.zeros(N_LANDMARKS)
        else:
            xy, vis = np.asarray(pose.xy, dtype=float), np.asarray(pose.visibility, dtype=float)
        seen = self._all_needed_seen(xy, vis, size)
        events: list[LiveEvent] = []
        setup = self._setup_help(t, pose is not None, seen, xy, vis, brightness)
        if not self._ready:
            self._wait_for_ready(t, seen, xy, vis, setup, events)
        else:
            if self._due(t):
                self._keep(t, xy, vis)
                if self._analysis_due(t):
                    self._reanalyse(t, events)
            self._time_cue(t, events)
        if setup != self._last_setup and setup is not None:
            events.append(LiveEvent("setup", t, setup))
        self._last_setup = setup
        self.events.extend(events)
        return self._update(t, setup, events)

    def finish(self) -> AnalysisResult | None:
        """The analysis of the whole set (None if counting never started). Reps it counts
        that were not announced yet are announced now (``closing_events``)."""
        if not self._times:
            return None
        result = self._analyse(self._sequence())
        self.closing_events = []
        self._announce(result, result.reps[self._announced :], self._times[-1],
                       self.closing_events)  # fmt: skip
        self.events.extend(self.closing_events)
        return result

    @property
    def ready(self) -> bool:
        return self._ready

    # -- setting up ------------------------------------------------------------------------

    def _all_needed_seen(self, xy: np.ndarray, vis: np.ndarray, size: tuple[int, int]) -> bool:
        """Every needed body part is seen, on at least one side: from the side, the far leg
        is hidden behind the near one and the model rightly marks it unsure. Parts the
        exercise only needs placed may lie up to a shin outside the picture, at any
        visibility the model gives them."""
        w, h = size
        shin = _shin_px(xy)
        margin = LIMITS.placed_shin * shin if math.isfinite(shin) else 0.0
        with np.errstate(invalid="ignore"):
            inside = (xy[:, 0] >= 0) & (xy[:, 0] <= w) & (xy[:, 1] >= 0) & (xy[:, 1] <= h)
            near = ((xy[:, 0] >= -margin) & (xy[:, 0] <= w + margin) & (xy[:, 1] >= -margin)
                    & (xy[:, 1] <= h + margin))  # fmt: skip
        ok = inside & (vis >= LIMITS.visible)
        ok[self._placed] = near[self._placed] & (vis[self._placed] > 0)
        return all(bool(ok[list(pair)].any()) for pair in self._needed)

    def _setup_help(
        self,
        t: float,
        somebody: bool,
        seen: bool,
        xy: np.ndarray,
        vis: np.ndarray,
        brightness: float | None,
    ) -> str | None:
        if seen:
            self._unseen_since = None
            if self.coaching.side_on and self._facing_camera(xy, vis):
                return "Turn side-on to the camera: the shin angle is measured from the side."
            if t - self._someone_else_at < LIMITS.someone_else_s:
                return "Someone else is in the picture: I keep following the person I saw " \
                       "first. For a true count, train with only you in view."  # fmt: skip
            return None
        if self._unseen_since is None:
            self._unseen_since = t
        if self._ready and t - self._unseen_since < LIMITS.lost_s:
            return self._last_setup  # a moment out of sight is not worth a message
        dark = brightness is not None and brightness < LIMITS.dark_luma
        if not somebody:
            if dark:
                return "More light, please: the room is too dark to find you. Turn on a " \
                       "light or face a window."  # fmt: skip
            return "Step into the picture: nobody is in view. Stand 2–3 m from the camera."
        words = self.coaching.needs_words
        if dark:
            return f"More light, please: I can't make out your {words}."
        return f"Step back: I can't see your {words}. Your whole body, feet included, " \
               "should be in the picture."  # fmt: skip

    def _facing_camera(self, xy: np.ndarray, vis: np.ndarray) -> bool:
        one = PoseSequence(xy[None], vis[None], np.zeros(1), 1.0, *(self._size or (1, 1)))
        return classify_view(one).view in (View.FRONT, View.REAR)

    def _wait_for_ready(
        self,
        t: float,
        seen: bool,
        xy: np.ndarray,
        vis: np.ndarray,
        setup: str | None,
        events: list[LiveEvent],
    ) -> None:
        if not seen or setup is not None:
            self._seen_since, self._pending = None, []
            return
        if self._seen_since is None:
            self._seen_since = t
        if not self._pending or t - self._pending[-1][0] >= self._period():
            self._pending.append((t, xy, vis))
        if t - self._seen_since < LIMITS.ready_s:
            return
        self._ready = True
        for when, pxy, pvis in self._pending:
            self._keep(when, pxy, pvis)
        self._pending = []
        self._phases = CirclePhases(t) if self.exercise == "heel-circle" else RepPhases(t)
        events.append(LiveEvent("ready", t, "I can see you: go when you're ready."))
        self._reanalyse(t, events)

    # -- counting --------------------------------------------------------------------------

    def _period(self) -> float:
        # Keep a frame when it is at least 3/4 of a sampling period after the last one kept,
        # so a camera at 15 or 30 fps is sampled at about the clip analysis's rate.
        return 0.75 / self.sample_fps

    def _due(self, t: float) -> bool:
        return not self._times or t - self._times[-1] >= self._period() - 1e-6

    def _keep(self, t: float, xy: np.ndarray, vis: np.ndarray) -> None:
        self._times.append(t)
        self._xy.append(xy)
        self._vis.append(vis)

    def _sequence(self) -> PoseSequence:
        times = np.asarray(self._times, dtype=float)
        span = float(times[-1] - times[0]) if len(times) > 1 else 0.0
        fps = (len(times) - 1) / span if span > 0 else self.sample_fps
        w, h = self._size or (1, 1)
        return PoseSequence(np.stack(self._xy), np.stack(self._vis), times, fps, w, h,
                            source="camera")  # fmt: skip

    def _analysis_due(self, t: float) -> bool:
        # The analysis of the whole set so far grows with the set: it runs on every frame kept
        # while it is cheap, and otherwise no more often than keeps its cost within
        # ``analysis_share`` of the time filmed (the phase timer and cues run every frame).
        return t - self._analysed_at >= self._analysis_gap - 1e-9

    def _reanalyse(self, t: float, events: list[LiveEvent]) -> None:
        started = time.perf_counter()
        seq = self._seq = self._sequence()  # one stack of the set's frames per analysis
        result = self._analyse(seq)
        cost = time.perf_counter() - started
        self._analysed_at = t
        self._analysis_gap = cost / self.analysis_share if self.analysis_share else 0.0
        self._result = result
        self._announce(result, self._settled_reps(result), t, events)
        self._track_best(result)
        self._follow_phase(result, events)

    def _settled_reps(self, result: AnalysisResult) -> list[Rep]:
        """The reps not announced yet whose end is settled: a rep that seems to end in the
        newest ``_UNSETTLED_S`` may be the smoothing's edge (a held roll seems to come back
        as the signal's end dips) and waits for the next analysis to confirm it."""
        cutoff = self._times[-1] - _UNSETTLED_S
        out = []
        for rep in result.reps[self._announced :]:
            if rep.end_s > cutoff:
                break
            out.append(rep)
        return out

    def _announce(
        self, result: AnalysisResult, reps: list[Rep], t: float, events: list[LiveEvent]
    ) -> None:
        for rep in reps:
            self._announced += 1
            events.append(LiveEvent("rep", t, self._rep_words(result, rep), rep.to_dict()))
            if self._rep_since <= rep.end_s:
                # The rep being cued is done (quick reps finish before the phase, read off
                # settled samples, shows their end of range): its hold cues are no use now.
                self._said.update(("into", "hold", "back"))

    def _rep_words(self, result: AnalysisResult, rep: Rep) -> str:
        said = [str(self._announced)]
        said += [SPOKEN_FINDINGS[f.code] for f in result.findings
                 if f.rep == rep.index and f.code in SPOKEN_FINDINGS]  # fmt: skip
        return ". ".join(said)

    def _track_best(self, result: AnalysisResult) -> None:
        if self.exercise != "lunge-test":
            return
        for rep in result.reps:
            angle = rep.measures.get("max_shin_angle_deg")
            if rep.side and angle is not None and math.isfinite(angle):
                self._best[rep.side] = max(self._best.get(rep.side, -math.inf), float(angle))

    # -- phase and cues --------------------------------------------------------------------

    def _follow_phase(self, result: AnalysisResult, events: list[LiveEvent]) -> None:
        """Read the phase off the counted signal of this analysis: a tracker walks its last
        ``_PHASE_WINDOW_S`` but the newest ``_UNSETTLED_S`` (one analysis's signal, so its
        samples agree with each other), and the cue of a phase that began since the last
        analysis is said."""
        signals = self._phase_signals(result)
        if not signals:
            return
        times = np.asarray(self._times, dtype=float)
        first = int(np.searchsorted(times, times[-1] - _PHASE_WINDOW_S))
        settled = int(np.searchsorted(times, times[-1] - _UNSETTLED_S, side="right"))
        tracker: RepPhases | CirclePhases
        if self.exercise == "heel-circle":
            tracker = CirclePhases(float(times[first]))
        else:
            tracker = RepPhases(float(times[first]))
            tracker.now.side = self._phases.now.side  # the foot shown stays until another moves
        levels = result.count_levels
        for i in range(first, settled):
            values = {s: float(v[i]) for s, v in signals.items() if np.isfinite(v[i])}
            if not values:
                continue
            if isinstance(tracker, CirclePhases):
                tracker.feed(float(times[i]), {str(s): v for s, v in values.items()})
            else:
                tracker.feed(float(times[i]), values, levels["enter"], levels["exit"])
        before, self._phases = self._phases.now, tracker
        self._on_phase(before, float(times[-1]), events)

    def _phase_signals(self, result: AnalysisResult) -> dict[str | None, np.ndarray]:
        """The signal the reps are counted on, by foot (or under None), as the phase reads it."""
        if self.exercise == "heel-circle":
            return {s: result.signals[f"{s}_heel_rotation_turns"] for s in ("left", "right")
                    if f"{s}_heel_rotation_turns" in result.signals}  # fmt: skip
        name = result.count_signal
        if name is None or "enter" not in result.count_levels:
            return {}
        if self.exercise == "heel-raise":  # its counted rise needs what comes next
            from footwork.vision.pose.exercises.heel_raise import rise_so_far

            assert self._seq is not None
            return {None: rise_so_far(self._seq)}
        if name in result.signals:
            return {None: result.signals[name]}
        by_side: dict[str | None, np.ndarray] = {
                   s: result.signals[f"{s}_{name}"] for s in ("left", "right")
                   if f"{s}_{name}" in result.signals}  # fmt: skip
        if self.exercise == "lunge-test":  # the front shin is measured, as the analysis does
            by_side = self._front_only(by_side)
        return by_side

    def _front_only(self, by_side: dict[str | None, np.ndarray]) -> dict[str | None, np.ndarray]:
        from footwork.vision.pose.exercises.foot_tracks import shin_length_px
        from footwork.vision.pose.exercises.lunge_test import facing_sign, front_leg

        seq = self._seq
        assert seq is not None
        shin_px = shin_length_px(seq)
        if not np.isfinite(shin_px) or shin_px <= 0:
            return {}
        facing = facing_sign(seq, shin_px)
        return {side: np.where(front_leg(seq, str(side), shin_px, facing), values, np.nan)
                for side, values in by_side.items()}  # fmt: skip

    def _on_phase(self, before: PhaseNow, t: float, events: list[LiveEvent]) -> None:
        """The cue for a phase as it begins: each is said once per rep."""
        now, c = self._phases.now, self.coaching
        if now.phase in ("into", "moving"):
            fresh = before.phase not in ("into", "moving") or before.side != now.side
            if fresh and now.since - self._rep_since > _SAME_REP_S:
                self._said, self._hold_since, self._rep_since = {"into"}, None, now.since
                events.append(LiveEvent("cue", t, c.into))
        elif now.phase == "hold":
            if self._hold_since is None:
                self._hold_since = now.since
            if c.hold and "hold" not in self._said:
                self._said.add("hold")
                events.append(LiveEvent("cue", t, c.hold))
        elif now.phase == "back":
            self._said.add("back")  # already on the way back: nothing to prompt
        else:
            self._said, self._hold_since = set(), None
        self._time_cue(t, events)

    def _time_cue(self, t: float, events: list[LiveEvent]) -> None:
        """ "And back" once the end of the range has been held for the exercise's hold, by
        capture time: checked on every frame, but only while the last analysis still saw the
        hold a moment ago (when analyses are spaced out, the next one confirms it first)."""
        held = None if self._hold_since is None else t - self._hold_since
        fresh = t - self._analysed_at <= _FRESH_S
        if (self._phases.now.phase == "hold" and held is not None and held >= self.coaching.hold_s
                and fresh and "back" not in self._said):  # fmt: skip
            self._said.add("back")
            events.append(LiveEvent("cue", t, self.coaching.back))

    # -- output ----------------------------------------------------------------------------

    def _update(self, t: float, setup: str | None, events: list[LiveEvent]) -> LiveUpdate:
        result, shown, now = self._result, self._announced, self._phases.now
        return LiveUpdate(
            t=t, ready=self._ready, setup=setup, reps=shown,
            reps_by_side=_shown(result, "side", shown),
            reps_by_direction=_shown(result, "direction", shown),
            phase=now.phase if self._ready else "setup",
            phase_s=max(0.0, t - now.since) if self._ready else 0.0,
            side=now.side, direction=now.direction, value=now.value, best=dict(self._best),
            events=events,
        )  # fmt: skip


def _shin_px(xy: np.ndarray) -> float:
    """The longer knee-to-ankle distance in the picture (NaN when neither is placed)."""
    lengths = [np.linalg.norm(xy[LANDMARK_INDEX[f"{s}_knee"]] - xy[LANDMARK_INDEX[f"{s}_ankle"]])
               for s in ("left", "right")]  # fmt: skip
    return float(np.nanmax(lengths)) if np.isfinite(lengths).any() else math.nan


def _parts(names: tuple[str, ...]) -> list[tuple[int, ...]]:
    """Landmark indices grouped by body part: ("left_knee", "right_knee") → one part."""
    groups: dict[str, list[int]] = {}
    for name in names:
        part = name.removeprefix("left_").removeprefix("right_")
        groups.setdefault(part, []).append(LANDMARK_INDEX[name])
    return [tuple(ix) for ix in groups.values()]


def _shown(result: AnalysisResult | None, key: str, shown: int) -> dict[str, int] | None:
    if result is None:
        return None
    if key == "side" and not result.per_side:
        return None
    if key == "direction" and not result.per_direction:
        return None
    counts = result.reps_by_side if key == "side" else result.reps_by_direction
    # The shown count never goes down: keep per-foot counts from the reps announced.
    if sum(counts.values()) < shown:
        return None
    return counts
