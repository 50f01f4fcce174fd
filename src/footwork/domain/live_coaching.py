"""Live coaching from a camera, as data: what each exercise needs the camera to see, what is
said in each phase of a rep, how long the end of the range is held, and the short spoken
reminder for each form finding the clip analysis can make about a rep.

The words are footwork's own. The hold times come from the exercise doses in
``footwork.domain.exercises`` (the method's tempo) where the exercise has one; the squat and
heel raise are not in the method's programme and have no prescribed tempo: the squat is
coached without a hold, and the heel raise with a one-second pause at the top (footwork's
choice, so the rise is controlled rather than bounced).
"""

from __future__ import annotations

from dataclasses import dataclass

from footwork.domain.exercises import EXERCISES

FEET = ("left_ankle", "right_ankle", "left_heel", "right_heel",
        "left_foot_index", "right_foot_index")  # fmt: skip
LEGS = ("left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle")


@dataclass(frozen=True)
class LiveExercise:
    """How one exercise is coached live."""

    into: str  # said as the movement leaves rest
    hold: str | None  # said when the end of the range is reached (None: no hold is coached)
    back: str  # said when the hold is done, or at the end of the range when there is none
    hold_s: float  # how long the end of the range is held before "back" is said
    needs: tuple[str, ...]  # landmarks that must be in the picture before counting starts
    needs_words: str  # those landmarks as the set-up help names them
    side_on: bool = False  # the camera must look from the side (the lunge test's shin angle)
    placed: tuple[str, ...] = ()  # of ``needs``: enough that the model places them nearby


def _hold(key: str) -> float:
    return EXERCISES[key].dose.tempo.pause_s


LIVE_EXERCISES: dict[str, LiveExercise] = {
    "banded-squat": LiveExercise(
        "Down, slowly, knees pushing out into the band", "Hold at the bottom", "And up",
        _hold("banded-squat"), (*LEGS, *FEET), "hips, knees and feet", placed=FEET,
    ),
    "squat": LiveExercise(
        "Down, slowly", None, "And up", 0.0, (*LEGS, *FEET), "hips, knees and feet", placed=FEET,
    ),
    "heel-raise": LiveExercise(
        "Up onto your toes", "Hold at the top", "Slowly down", 1.0,
        ("left_knee", "right_knee", *FEET), "knees and feet",
    ),
    "outward-roll": LiveExercise(
        "Roll onto the outside edge of the foot", "Hold the stretch", "And back",
        _hold("outward-roll"), ("left_knee", "right_knee", *FEET), "knees and feet",
    ),
    "heel-circle": LiveExercise(
        "Circle the heel, slowly", None, "Keep circling", 0.0, FEET, "feet",
    ),
    "lunge-test": LiveExercise(
        "Knee toward the wall, heel down", "Hold there", "And back", 1.0,
        ("left_knee", "right_knee", *FEET), "knees and feet", side_on=True,
    ),
}  # fmt: skip

# A short spoken reminder for a form finding about one rep (the finding's full words show
# on the screen and in the analysis); findings not listed are shown, not spoken.
SPOKEN_FINDINGS: dict[str, str] = {
    "knees-in": "Knees out",
    "heels-up": "Heels down",
    "heel-lift": "Keep the heel down",
    "fast-descent": "Slower on the way down",
    "shallow": "A little deeper if it feels fine",
    "short-top": "Pause at the top",
    "short-pause": "Hold the end a little longer",
    "no-pause": "Hold the end a little longer",
    "quick-circles": "Slower circles",
    "small-circles": "Bigger circles",
    "small-roll": "Roll a little further",
}


@dataclass(frozen=True)
class LiveLimits:
    """The timings of live coaching, each with its reason."""

    ready_s: float = 0.5
    """The body parts an exercise needs must be seen for half a second before counting
    starts: long enough that one lucky frame does not start it, short enough not to wait."""

    lost_s: float = 1.0
    """Parts unseen for a second during a set are reported (a moment behind the band or a
    hand is not)."""

    someone_else_s: float = 2.0
    """After another person is seen in the picture, the set-up help says so for 2 s: long
    enough to read, and it goes once they have left."""

    dark_luma: float = 45.0
    """A picture whose mean brightness is under 45 of 255 is too dark for the pose model to
    find a body reliably (a dim room at night): the help says to add light."""

    visible: float = 0.5
    """A landmark the model marks at least this visible, inside the picture, counts as seen."""

    placed_shin: float = 1.0
    """Squats are counted on the hips' height above the feet, which the model still places
    when barbell plates hide the feet or the picture cuts them off at the ankles: a foot
    placed within a shin of the picture (the clip analysis's own limit for feet out of
    view) is enough there."""


LIMITS = LiveLimits()


def live_exercise(key: str) -> LiveExercise:
    """The live coaching of an exercise (``key`` as the clip analysis names it)."""
    return LIVE_EXERCISES[key]
