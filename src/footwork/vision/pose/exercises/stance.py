"""Squat, lunge or jump? What the feet and knees do during one knee bend.

The squat counter (``squat.py``) finds every excursion of the hips toward the floor. Many
movements make one: a squat, a lunge, the dip before a jump and the crouch that absorbs a
landing. This module judges each excursion by the movement's own definition, with cues that
hold from any camera angle because they are vertical distances or distances between the two
feet, in shin lengths (knee to ankle in the picture):

    squat    both feet planted where they were, both knees bending together; a jump squat
             also leaves the floor, but lands where it took off and sinks into the next
             bottom, then takes off again (or stands up)
    lunge    split stance: at the bottom one knee sits about a shin higher above its own
             ankle than the other (the back knee drops toward the floor, the front shin
             stays upright), or the feet are spread across the picture far more than the
             hips (one foot in front of the other, seen from the side or at an angle); or
             one foot steps away and back while the other stays put
    jump     a flight (both ankles rising together off the floor) that lands somewhere
             else: onto a box, forward, or out of the picture
    landing  the crouch that absorbs a landing: a flight just before the descent and none
             after the bottom (the landing dip after the last jump squat, a box-jump landing)
    moving   both feet travel during the bend: walking, or the tracking jumping to
             someone else
    unseen   the lower legs are out of the picture at the bottom: nothing above can be told

The checks run in this order: legs out of the picture first, then flights (a jump or a
landing, whatever the knees do), then unequal knees or a split stance (a walking lunge moves
both feet over the bend, and is still a lunge), then both feet travelling, then one foot
stepping.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from footwork.vision.pose.body import hip_height, mid_y
from footwork.vision.pose.reps import Excursion
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.signals import fill_short_gaps


class Movement(StrEnum):
    SQUAT = "squat"
    LUNGE = "lunge"
    JUMP = "jump"
    LANDING = "landing"
    MOVING = "moving"
    UNSEEN = "unseen"


@dataclass(frozen=True)
class StanceRules:
    """The numbers behind telling a squat from a lunge or a jump, each with its reason.

    Lengths are in shin lengths (the longer of the two knee-to-ankle distances in the
    picture, median over the knee bend: the leg least foreshortened), so they hold at any
    distance from the camera; a shin is about 43 cm for a 1.75 m person.
    """

    bottom_fraction: float = 0.6
    """The bottom of a knee bend is every frame at least 60 % as deep as its deepest frame:
    long enough that one bad frame does not decide, short enough to leave out the way down
    and up, where a lunge's knees pass through similar heights."""

    lunge_knee_gap_shin: float = 0.6
    """At the bottom of a lunge the front shin stays upright (knee about a shin above its
    ankle) while the back knee drops toward the floor (0–0.3 shin above its raised ankle):
    the two heights differ by 0.8–1.4 shin (1.05–1.4 in the real lunge clips). In a squat
    both knees bend together; perspective, a barbell hiding one knee and jitter leave at
    most 0.4 in the real squat clips. The cut sits between. The trade-off: a squat with one
    knee hidden and badly guessed for the whole bottom could read as a lunge."""

    lunge_knee_drop_shin: float = 0.6
    """The same from the way down: the back knee sinks 0.7–1 shin toward the floor while the
    front knee hardly sinks, so the two drops (standing to bottom, in the picture) differ by
    0.65–0.8 shin in generated lunges from every view, 0.5–1 in the real ones (some start
    part-way down); in a squat both knees sink alike (≤0.42 in the real clips, where plates
    hide a knee). This cue holds where the first one fails: seen from behind, perspective
    lifts the near, back knee in the picture and the knee heights differ by only ~0.5."""

    split_ratio: float = 6.0
    """Feet side by side spread apart as much as the stance is wider than the hips, from any
    view: the line between the ankles and the line between the hips turn away from the
    camera together (1–2.5 times in the real squat clips; about 4 for a sumo stance 80 cm
    wide, 5 for a metre). One foot in front of the other spreads the ankles across the
    picture while the hips stay narrow, more so the more the camera looks from the side
    (20–40 times in the real side-view lunges, about 4–5 at 45°). Above 6 times, with the
    ankles at least ``split_min_shin`` apart, the stance is split: a lunge or split squat.
    The trade-off: the cut lets the widest sumo squats through, so a split stance is seen
    this way only from within about 35° of the side; from the front and at 45° the knees
    tell a lunge (``lunge_knee_gap_shin``)."""

    split_min_shin: float = 1.0
    """Ankles less than a shin apart across the picture are not a split stance whatever the
    hips do (from the side both pairs of points overlap, and their ratio means nothing)."""

    step_shin: float = 0.8
    """One foot this far (≈35 cm) from where it stood at the start of the bend, at the
    bottom, while the other stays within half of it, is a step: a stepping lunge. Planted
    feet move under 0.3 shin (jitter, a heel rising); a lunge step is 1.5–2.5 shin, less
    when it is taken toward the camera."""

    travel_shin: float = 0.7
    """Both feet 0.7 shin (≈30 cm) or more from where they stood: the person walked during
    the bend, stepped down off a box, or the tracking jumped to someone else. A squat's
    feet stay put, but the ankle points drift: up to 0.5 shin in the real squat clips (a
    far camera, a clip starting mid-descent). Stepping down off a 40 cm box toward the
    camera moves both feet only 0.8 shin in the picture (moving away from the camera lifts
    them in the picture as they go down). The cut sits between, closer to the drift than
    is comfortable: a squat filmed from far away with jittery feet could be lost, and a
    step down off a low box straight toward the camera could count."""

    flight_shin: float = 0.25
    """Both ankles more than 0.25 shin (≈11 cm) above where they stood just before, with the
    hips also that much above their lowest point just before, are off the floor. Rising
    onto the toes lifts the ankles about 0.1–0.15 shin, one ankle at a time rises when
    stepping; a jump squat's feet leave the floor by 0.4–0.8 shin while the whole body goes
    up. The hips must rise too because ankle points hidden behind barbell plates or the
    other leg can jump upward by that much at the bottom of a squat, while the hips sink."""

    straight_depth: float = 0.2
    """A jump pushes off from straight legs: around take-off the hips are within 20 % of
    their standing height above the ankles (a squat bottom is 30 % or more below it). Ankles
    that 'rise' while the hips are still low are points the model lost behind barbell
    plates, not a flight."""

    takeoff_window_s: float = 0.6
    """Where the feet stood before a flight is their lowest point in the 0.6 s before it:
    longer than the push-off, shorter than a rep."""

    max_flight_s: float = 1.0
    """A real jump is in the air under 0.8 s; feet 'in the air' longer are a tracking
    error or another person."""

    settle_s: float = 0.3
    """Where the feet landed is their median over the 0.3 s after touching down."""

    relocation_shin: float = 0.5
    """Landing more than 0.5 shin (≈20 cm) from the take-off spot lands somewhere else: a
    box (even a low one is 30 cm), a broad jump, or out of view. A jump squat lands in place
    (within ≈0.3 shin in the real clip)."""

    flight_margin_s: float = 0.4
    """A flight ending this close before the start of a bend (or starting this close after
    its end) belongs to it: the hips begin to sink at touch-down and are still rising at
    take-off, so the bend's start and end fall around the flight."""

    seen_visibility: float = 0.5
    """Where the feet stood is judged from ankles the model marks as seen (visibility 0.5
    or more): an ankle hidden behind barbell plates or the other leg is a guess that wanders
    by half a shin, which must not read as a step."""

    out_of_picture_shin: float = 1.0
    """Ankles that the model places more than a shin below the bottom of the picture at the
    bottom of a bend are out of view with their shins (a webcam showing the thighs at most);
    the hips' height above them is made up, so the bend is not judged. Feet cut by the
    edge or hidden behind plates are placed within half a shin of it (a real barbell clip)."""

    max_gap_s: float = 0.3
    """Ankle tracks are bridged over gaps up to 0.3 s (shorter than a flight)."""


@dataclass(frozen=True)
class Flight:
    """Frames of one flight: last on the floor, highest, first back down (None if unseen)."""

    takeoff: int
    apex: int
    landing: int | None
    moved_shin: float  # take-off spot to landing spot; NaN when the landing is not seen


@dataclass(frozen=True)
class Judgement:
    """What one knee bend was, and the cues it was judged on."""

    movement: Movement
    knee_gap_shin: float  # median difference of knee heights above their ankles at the bottom
    knee_drop_gap_shin: float  # difference of how far each knee sank, start to bottom
    split_ratio: float  # ankles' spread across the picture ÷ the hips' spread, at the bottom
    step_shin: float  # the foot that got furthest from where it stood (at the bottom or end)
    still_foot_shin: float  # the other foot
    landed_before: bool  # a flight landed before the bottom
    took_off_after: bool  # a flight took off after the bottom
    relocated_shin: float  # furthest landing from its take-off among the bend's flights


@dataclass(frozen=True)
class Feet:
    """Cleaned ankle and knee tracks of a sequence (pixels), and its shin length per frame."""

    ankles: np.ndarray  # (T, 2, 2): [frame, left/right, x/y]
    seen_ankles: np.ndarray  # the same, NaN where the model marks the ankle hidden
    hip_y: np.ndarray  # (T,): image height of the hips' midpoint
    hip_spread: np.ndarray  # (T,): distance across the picture between the two hips
    knee_height: np.ndarray  # (T, 2): each knee's height above its own ankle
    knee_y: np.ndarray  # (T, 2): each knee's image height
    shin: np.ndarray  # (T,): the longer shin in the picture


def feet(seq: PoseSequence, rules: StanceRules = StanceRules()) -> Feet:
    """Ankle tracks with short gaps bridged, knee heights and shin lengths."""
    ankles = np.empty((len(seq), 2, 2))
    knee_height = np.empty((len(seq), 2))
    shins = np.empty((len(seq), 2))
    for i, side in enumerate(("left", "right")):
        ankle, knee = seq.point(f"{side}_ankle"), seq.point(f"{side}_knee")
        for axis in (0, 1):
            ankles[:, i, axis] = fill_short_gaps(ankle[:, axis], seq.times, rules.max_gap_s)
        knee_height[:, i] = ankle[:, 1] - knee[:, 1]
        shins[:, i] = np.linalg.norm(knee - ankle, axis=1)
    with np.errstate(invalid="ignore"):
        shin = np.fmax(shins[:, 0], shins[:, 1])
    hip_y = fill_short_gaps(mid_y(seq, "hip"), seq.times, rules.max_gap_s)
    hip_spread = np.abs(seq.point("left_hip")[:, 0] - seq.point("right_hip")[:, 0])
    seen = np.stack(
        [seq.vis(f"{s}_ankle") >= rules.seen_visibility for s in ("left", "right")], axis=1
    )
    seen_ankles = np.where(seen[:, :, None], ankles, np.nan)
    knee_y = np.column_stack([seq.point(f"{s}_knee")[:, 1] for s in ("left", "right")])
    return Feet(ankles=ankles, seen_ankles=seen_ankles, hip_y=hip_y, hip_spread=hip_spread,
                knee_height=knee_height, knee_y=knee_y, shin=shin)  # fmt: skip


def find_flights(
    seq: PoseSequence, f: Feet, standing_px: np.ndarray, rules: StanceRules = StanceRules()
) -> list[Flight]:
    """Every stretch where both ankles and the hips are off the floor together, pushed off
    from straight legs, with where the feet landed. ``standing_px`` is the standing height
    of the hips above the ankles at each moment (``squat.DepthTrace``)."""
    times = seq.times
    shin = _median(f.shin)
    if not np.isfinite(shin) or shin <= 0:
        return []
    y = f.ankles[:, :, 1]
    # Ankles and hips, each against its lowest point (largest image y) in the moments before.
    points = np.column_stack([y, f.hip_y])
    lo = np.searchsorted(times, times - rules.takeoff_window_s)
    window = max(1, int(np.max(np.arange(len(times)) - lo))) + 1
    padded = np.vstack([np.full((window - 1, points.shape[1]), np.nan), points])
    with warnings.catch_warnings():  # windows where a point is never seen give NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        floor = np.nanmax(sliding_window_view(padded, window, axis=0), axis=-1)
    with np.errstate(invalid="ignore"):
        up = ((floor - points) > rules.flight_shin * shin).all(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        straight = hip_height(seq) >= (1.0 - rules.straight_depth) * standing_px
    flights: list[Flight] = []
    for start, stop in _runs(up):
        takeoff = max(0, start - 1)
        if times[stop - 1] - times[start] > rules.max_flight_s:
            continue
        if not straight[takeoff : stop + 1].any():
            continue
        apex = start + int(np.nanargmin(y[start:stop].mean(axis=1)))
        landing = _touch_down(y, stop)
        moved = float("nan")
        if landing is not None:
            before = _spot(f.ankles, frames=np.arange(lo[takeoff], takeoff + 1), lowest=True)
            settle = np.searchsorted(times, times[landing] + rules.settle_s, side="right")
            after = _spot(f.ankles, frames=np.arange(landing, max(settle, landing + 1)))
            moved = float(np.linalg.norm(after - before)) / shin
        flights.append(Flight(takeoff=takeoff, apex=apex, landing=landing, moved_shin=moved))
    return flights


def judge(
    seq: PoseSequence,
    exc: Excursion,
    depth: np.ndarray,
    f: Feet,
    flights: list[Flight],
    rules: StanceRules = StanceRules(),
) -> Judgement:
    """Judge one knee bend (an excursion of the squat depth) as squat, lunge, jump, ..."""
    times = seq.times
    shin = _median(f.shin[exc.start : exc.end + 1])
    if not np.isfinite(shin) or shin <= 0:
        shin = _median(f.shin)
    lo_t, hi_t = times[exc.start] - rules.flight_margin_s, times[exc.end] + rules.flight_margin_s
    peak_t = times[exc.peak]
    near = [fl for fl in flights if lo_t <= times[fl.takeoff] <= hi_t
            or (fl.landing is not None and lo_t <= times[fl.landing] <= hi_t)]  # fmt: skip
    landed_before = any(fl.landing is not None and times[fl.landing] <= peak_t for fl in near)
    took_off_after = any(times[fl.takeoff] >= peak_t for fl in near)
    moves = [fl.moved_shin for fl in near if np.isfinite(fl.moved_shin)]
    relocated = max(moves, default=0.0)
    if any(fl.landing is None for fl in near):  # took off and never came down in view
        relocated = float("inf")

    bottom = _bottom(exc, depth, rules.bottom_fraction)
    gap = _median(np.abs(f.knee_height[bottom, 0] - f.knee_height[bottom, 1])) / shin
    grounded = _grounded(exc, flights)
    first = grounded[times[grounded] <= times[grounded[0]] + rules.settle_s]
    last = grounded[times[grounded] >= times[grounded[-1]] - rules.settle_s]
    start_spot = _spot(f.seen_ankles, frames=first, each=True)
    drops = _median_rows(f.knee_y[bottom]) - _median_rows(f.knee_y[first])
    drop_gap = float(abs(drops[0] - drops[1])) / shin
    moved = np.zeros(2)  # how far each foot got from where it stood: at the bottom, at the end
    for frames in (np.intersect1d(bottom, grounded), last):
        spot = _spot(f.seen_ankles, frames=frames, each=True)
        dist = np.linalg.norm(spot - start_spot, axis=1)
        moved = np.fmax(moved, np.where(np.isfinite(dist), dist / shin, 0.0))
    step, still = float(np.max(moved)), float(np.min(moved))

    lowest = _median(np.fmax(f.ankles[bottom, 0, 1], f.ankles[bottom, 1, 1]))
    unseen = bool(lowest > seq.height + rules.out_of_picture_shin * shin)
    unequal_knees = bool(np.isfinite(gap)) and gap > rules.lunge_knee_gap_shin
    unequal_knees |= bool(np.isfinite(drop_gap)) and drop_gap > rules.lunge_knee_drop_shin
    spread = _median(np.abs(f.ankles[bottom, 0, 0] - f.ankles[bottom, 1, 0])) / shin
    hips = _median(f.hip_spread[bottom]) / shin
    split = spread > rules.split_min_shin and not spread <= rules.split_ratio * hips
    if unseen:
        kind = Movement.UNSEEN
    elif relocated > rules.relocation_shin:
        kind = Movement.JUMP
    elif landed_before and not took_off_after:
        kind = Movement.LANDING
    elif unequal_knees or split:
        kind = Movement.LUNGE
    elif still > rules.travel_shin:
        kind = Movement.MOVING
    elif step > rules.step_shin and still < rules.step_shin / 2:
        kind = Movement.LUNGE
    else:
        kind = Movement.SQUAT
    ratio = spread / hips if hips > 0 else float("inf")
    return Judgement(movement=kind, knee_gap_shin=float(gap), knee_drop_gap_shin=drop_gap,
                     split_ratio=ratio, step_shin=step,
                     still_foot_shin=still, landed_before=landed_before,
                     took_off_after=took_off_after, relocated_shin=relocated)  # fmt: skip


def judge_all(
    seq: PoseSequence,
    excursions: list[Excursion],
    depth: np.ndarray,
    standing_px: np.ndarray,
    rules: StanceRules = StanceRules(),
) -> list[Judgement]:
    """One judgement per excursion of the squat ``depth`` (flights are found once for the
    whole sequence)."""
    if not excursions:
        return []
    f = feet(seq, rules)
    flights = find_flights(seq, f, standing_px, rules)
    return [judge(seq, exc, depth, f, flights, rules) for exc in excursions]


def _bottom(exc: Excursion, depth: np.ndarray, fraction: float) -> np.ndarray:
    seg = depth[exc.start : exc.end + 1]
    with np.errstate(invalid="ignore"):
        frames = np.flatnonzero(seg >= fraction * depth[exc.peak]) + exc.start
    return frames if frames.size else np.array([exc.peak])


def _grounded(exc: Excursion, flights: list[Flight]) -> np.ndarray:
    """The frames of the excursion with the feet on the floor (not between a take-off and
    its landing)."""
    frames = np.arange(exc.start, exc.end + 1)
    keep = np.ones(len(frames), dtype=bool)
    for fl in flights:
        end = fl.landing if fl.landing is not None else frames[-1] + 1
        keep &= ~((frames > fl.takeoff) & (frames < end))
    return frames[keep] if keep.any() else frames


def _spot(
    ankles: np.ndarray, *, frames: np.ndarray, lowest: bool = False, each: bool = False
) -> np.ndarray:
    """Where the feet stood over ``frames``: the median position of each ankle (``each``,
    (2, 2)) or of their midpoint ((2,)); ``lowest`` takes the one frame where the feet were
    lowest in the picture (on the floor, before a take-off)."""
    window = ankles[frames]
    mid_y = window[:, :, 1].mean(axis=1)
    if lowest and np.isfinite(mid_y).any():
        low = int(np.nanargmax(mid_y))
        window = window[low : low + 1]
    if not np.isfinite(window).any():
        return np.full((2, 2) if each else 2, np.nan)
    with warnings.catch_warnings():  # one ankle unseen throughout is expected
        warnings.simplefilter("ignore", RuntimeWarning)
        spot = np.nanmedian(window, axis=0)
    return spot if each else spot.mean(axis=0)


def _touch_down(y: np.ndarray, after: int) -> int | None:
    """The first frame from ``after`` where the ankles stop coming down (None if unseen)."""
    mid = y.mean(axis=1)
    for i in range(after, len(mid)):
        if not np.isfinite(mid[i]):
            continue
        nxt = mid[i + 1] if i + 1 < len(mid) else np.nan
        if not np.isfinite(nxt) or nxt <= mid[i]:
            return i
    return None


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return [(int(s), int(e)) for s, e in zip(edges[::2], edges[1::2], strict=True)]


def _median_rows(values: np.ndarray) -> np.ndarray:
    """Column medians of the known values (NaN for a column never known)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.asarray(np.nanmedian(values, axis=0))


def _median(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else float("nan")
