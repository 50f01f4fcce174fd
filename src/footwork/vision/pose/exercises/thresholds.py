"""The numbers behind the heel-circle, outward-roll and lunge-test analysers, each with a reason.

Lengths are in shin lengths (knee to ankle in the image) so they hold at any distance from the
camera; a shin is about 0.25 of body height, roughly 43 cm for a 1.75 m person. Times are in
seconds. Each analyser takes its dataclass as an explicit parameter; these are the defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from footwork.vision.pose.exercises.foot_tracks import TrackCleaning

# Foot points jump between frames more than any other landmark; these settings remove a
# single-frame jump larger than 0.15 shin (≈6 cm, far more than a foot moves in 1/30 s during
# a slow exercise), bridge losses up to 0.6 s, and keep motion below 3 Hz (a slow foot
# exercise repeats at most about once a second; 3 Hz keeps the shape of each rep).
FOOT_CLEANING = TrackCleaning(
    min_visibility=0.3, outlier_window_s=0.5, outlier_shin=0.15, max_gap_s=0.6, cutoff_hz=3.0
)


@dataclass(frozen=True)
class HeelCircleThresholds:
    raised_shin: float = 0.15
    """Heel this far above its own toe tip (≈5 cm) = up on the toes. Flat, the heel is level
    with or below the toe in the image; up on folded toes it is 0.25–0.4 shin above, and
    0.1–0.2 at the bottom of a circle."""

    raised_window_s: float = 1.0
    """The heel counts as up if it was that high at some moment within ±0.5 s, so the bottom
    of each circle (where the heel dips toward the floor) stays part of the circle."""

    max_toe_speed_shin_s: float = 0.3
    """The toes stay planted while the heel circles; a toe point moving faster than 0.3 shin/s
    (≈13 cm/s, well above its jitter) means the foot is stepping, not circling."""

    stop_gap_s: float = 1.0
    """Stops shorter than 1 s (slowing to turn the other way, a jump or a lost frame) do not
    split a movement, so a count in progress carries on; a change of direction inside one
    movement is still told apart by the counting itself."""

    max_unseen_s: float = 4.0
    """A movement continues across a loss of the heel of up to 4 s (nothing says it stopped);
    the rotation during the loss is not known, so circles drawn unseen are not counted."""

    min_radius_shin: float = 0.03
    """A heel closer than ≈1.3 cm to the movement's centre has no trustworthy angle (the heel
    rising or settling passes through the centre, and jitter swings the angle there)."""

    on_circle_fraction: float = 0.35
    """The heel's angle is trusted only while it is at least 0.35 of the movement's typical
    radius from the centre: a heel crossing the inside of its circle (rising into place,
    easing in or out) swings round the centre without drawing anything."""

    min_circle_shin: float = 0.04
    """A counted circle must have a mean radius of at least ≈1.7 cm: smaller loops are the
    heel wobbling, or jitter around a still heel, not a heel circle."""

    full_circle_fraction: float = 0.6
    """A circle is counted once the heel has gone 60 % of the way round (the next one at 1.6
    turns, and so on). A set starts and ends with the heel close to its centre while the
    circle grows and shrinks; those frames are not trusted, and a set of n circles measures
    between about n - 0.4 and n turns, so a strict 100 % would drop the last circle. Half a
    circle more than a full set does not count (with jitter it can come close)."""

    min_speed_shin_s: float = 0.08
    """A heel moving slower than 0.08 shin/s (≈3.5 cm/s) is holding still, and the direction
    it 'moves' in is jitter. A slow 5 s circle of 3 cm radius moves at ≈4 cm/s."""

    min_circle_s: float = 0.42
    """The heel's angle may turn at most one turn per 0.42 s (a slow circle takes 1.5 s or
    more, and the inner part of a growing circle turns faster); faster is a tracking jump or
    the heel crossing near the centre, not drawing."""

    min_sectors: int = 5
    """A counted circle must have shown the heel in at least 5 of 8 equal slices round the
    centre: a circle passes through all 8 (the first of a set, drawn partly close to the
    centre, through 5 or more), while rotation made up of jumps across gaps leaves slices
    empty."""

    min_visibility: float = 0.1
    """Heel and toe points are used even when the model marks them as probably hidden (down
    to 0.1): seen from behind the toes are always hidden, and a hidden heel's estimate still
    follows the heel; smoothing takes out most of its extra jitter. A heel hidden for long
    stretches makes counts unreliable (the result then carries a warning)."""

    cutoff_hz: float = 1.5
    """Heel tracks are smoothed below 1.5 Hz: a slow circle takes 1.5 s or more (under
    0.7 Hz), and the smoothing keeps jitter from looking like movement."""

    seen_visibility: float = 0.5
    hidden_share: float = 0.3
    """If the heel's visibility is under 0.5 for more than 30 % of the time it moves, the
    counts carry a warning: the heel track is then mostly the model's guess."""

    slow_circle_s: float = 1.5
    """Circles quicker than this are not 'slow reps' (the method asks for slow, big circles)."""

    small_circle_shin: float = 0.06
    """Circles with a radius under ≈2.5 cm barely move the toe joints: cue bigger circles."""


@dataclass(frozen=True)
class OutwardRollThresholds:
    enter_deg: float = 12.0
    """Tilt of the ankle over the foot beyond which a roll has started: clearly above the
    2–4° wobble of a foot standing still and the jitter of foot landmarks after smoothing;
    an outward roll worth the name tips the foot 15–35°. The tilt reads 0.7–1.15 of the
    foot's roll (it depends on the view), so on generated clips with phone-like jitter a roll
    of 16° or more always counts and one of 6° or less never does; in between it depends on
    the jitter (at 8° about one roll in 200 counts, at 12° about three in four, at 14°
    nearly all). The level trades missing small rolls against counting a wobbling foot."""

    exit_deg: float = 5.0
    """Back below 5° = the foot is flat again (hysteresis: half the entry level)."""

    return_fraction: float = 0.6
    """A roll is over once the foot has come 60 % of the way back toward flat (or below
    ``exit_deg``), and a new one starts only when it rolls out again from there (see
    ``outward_roll.count_rolls``). Rolls done to and fro without resting touch flat for an
    instant, which the smoothing lifts to 3–8°: with 60 % they count one per roll. The
    trade-off: a foot that comes back more than 60 % of the way and rolls out again counts
    twice, and one that comes back less counts once; smoothed jitter during a pause (2–3°)
    is far from either."""

    min_phase_s: float = 0.4
    """Rolling out and back each take at least 0.4 s: a slow rep takes 1–3 s each way."""

    flat_window_s: float = 8.0
    """Flat is read from the foot's tilt within 8 s before and after: longer than rolling out
    plus half a long pause, so the rest before or after a rep is always in view."""

    flat_percentile: float = 10.0
    """Flat is the 10th percentile of the smooth tilt in that window, not its lowest value:
    the lowest is the deepest jitter dip (a few degrees under flat), while a foot is near
    flat for at least a fifth of the time even when it rolls to and fro without resting
    (speeding up from and slowing down into flat), so the 10th percentile is a flat frame."""

    min_facing_ratio: float = 0.35
    """Shoulders at least 0.35 torso lengths wide in the image = facing toward or away from
    the camera (side-on they overlap); while walking in side-on, nothing is counted."""

    max_step_speed_shin_s: float = 0.6
    """An ankle moving faster than 0.6 shin/s (≈25 cm/s) is stepping or walking; while rolling
    the ankle drifts sideways at about 2 cm/s."""

    settle_s: float = 1.0
    """After walking, turning or stepping, 1 s passes before rolls count: the feet are still
    being placed."""

    smooth_hz: float = 0.8
    """Rolls are counted on the tilt smoothed below 0.8 Hz: a slow roll takes 1–3 s each way,
    and foot points jitter by several degrees of tilt from frame to frame."""

    fit_margin_s: float = 1.0
    """Each rep's shape is fitted over the rep plus 1 s of rest on each side."""

    ramp_accel: float = 0.25
    """In the fitted shape, each roll spends its first and last quarter speeding up and
    slowing down, with an even speed between: how a slow, controlled movement looks. (Left
    free, this share trades off against the pause length when the tilt is jittery.)"""

    fit_noise_deg: float = 10.0
    """Tilt jitter expected around the fitted shape; frames further off (tracking jumps)
    count less in the fit."""

    min_pause_s: float = 1.0
    """Shorter than 1 s at end range is a turn-around, not a pause to feel the stretch."""

    no_pause_s: float = 0.75
    """A foot whose rolls have a median fitted pause under 0.75 s went straight back without
    stopping ("no pause", said once for the foot's set). One rep's fitted pause is within
    about ±0.25 s of the truth at 30 fps and ±0.65 s at 7.5 fps (the rate a clip analysis
    samples at) for 19 reps in 20, so a single rep cannot tell no pause from a short
    one; a set's median can: sets with no pause at all read at most 0.62 s at 7.5 fps. The
    trade-off: a set held up to about 0.75 s at end range is also called "no pause" (it is
    a turn-around either way), and only longer holds under 1 s are "short pause"."""

    small_roll_deg: float = 15.0
    """A roll under 15° of tilt barely loads the outer edge: cue rolling further."""


@dataclass(frozen=True)
class LungeThresholds:
    heel_lift_shin: float = 0.02
    """Heel more than 0.02 shin (≈9 mm) above its flat level relative to the toe = lifted.
    The test is only valid with the heel down (science.md §2, §7); the tolerance sits above
    the smoothed jitter of heel and toe points (a few pixels) and below a visible lift."""

    heel_guard_s: float = 0.1
    """Frames this close to a heel lift are also excluded: the lift starts before the heel
    point shows it."""

    enter_deg: float = 20.0
    """Shin leaning forward more than 20° = an attempt is under way (standing in the split
    stance is 5–15°)."""

    exit_deg: float = 15.0
    """Back under 15° = the attempt is over."""

    min_phase_s: float = 0.5
    """Lunging forward and back each take at least 0.5 s."""

    smooth_hz: float = 1.0
    """Shin angle and heel rise are smoothed below 1 Hz, so the maximum is not a jitter peak:
    the end of a lunge is held for a second or more, which the smoothing keeps."""

    side_view_ratio: float = 0.22
    """Shoulders narrower than 0.22 torso lengths in the image = a side view
    (footwork.vision.pose.view)."""

    cutoff_deg: float = 36.5
    """The only prospective lunge-angle cut-off found (Backman & Danielson 2011, AJSM):
    below 36.5° carried a higher risk of patellar tendinopathy in junior basketball players."""

    mdc_deg: float = 4.7
    """Smallest real change of the lunge angle (MDC95 ≈ 4.6–4.7°, Powden 2015): a left/right
    difference smaller than this is within measurement error."""


FULL_TURN = 2 * math.pi
