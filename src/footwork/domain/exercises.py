"""The three exercises as data: purpose, set-up, steps, dose, tempo, cues, faults, progressions.

Written in footwork's own words from the training method in the mission. Each dose carries the
reason shown next to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from footwork.errors import InvalidInput


class Per(StrEnum):
    """What the reps are counted per."""

    SIDE = "side"  # each foot
    DIRECTION = "direction"  # each direction on each foot
    BOUT = "bout"  # both feet at once, one mini-set


# The Banded Squat's stop rule, as its doses state it.
BAND_STOP_RULE = "stop early if the band slips off a foot"
# How each phase of a rep is named in a tempo: into the stretch, held, back.
STRETCH_WORDS = ("out", "hold at the end", "back")
SQUAT_WORDS = ("down", "hold at the bottom", "up")


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of one rep."""

    out_s: float  # moving into the stretch / down
    pause_s: float  # held at the end of the range
    back_s: float  # returning
    words: tuple[str, str, str] = STRETCH_WORDS  # the phases as the tempo text names them

    @property
    def rep_s(self) -> float:
        return self.out_s + self.pause_s + self.back_s

    def describe(self) -> str:
        if not self.pause_s and not self.back_s:
            return f"about {self.out_s:g} s each"
        into, hold, back = self.words
        parts = [f"{self.out_s:g} s {into}"]
        if self.pause_s:
            parts.append(f"{self.pause_s:g} s {hold}")
        if self.back_s:
            parts.append(f"{self.back_s:g} s {back}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Phase:
    """One timed part of a rep: its name above the timer, and the cue shown and spoken."""

    name: str
    cue: str  # may name the direction: "{direction}"


@dataclass(frozen=True)
class Phases:
    """The phases of one rep, in order; a phase the tempo gives no time is not coached."""

    into: Phase
    hold: Phase | None = None
    back: Phase | None = None


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int
    reps_max: int | None  # a range (3-5) or None
    per: Per
    tempo: Tempo
    bouts_per_day: int = 1
    stop_rule: str = ""

    def describe(self, *, each_foot: bool = True) -> str:
        """The dose as a sentence; ``each_foot=False`` when the text is already for one foot."""
        reps = f"{self.reps}-{self.reps_max}" if self.reps_max else str(self.reps)
        sets = f"{plural(self.sets, 'set')} of "
        on_each = ", on each foot" if each_foot else ""
        if self.per is Per.BOUT:
            text = (
                f"{reps} slow reps per mini-set, "
                f"{plural(self.bouts_per_day, 'mini-set')} through the day"
            )
        elif self.per is Per.DIRECTION:
            text = f"{sets}{reps} slow circles each way{on_each}"
        else:
            text = f"{sets}{reps} slow reps{' on each foot' if each_foot else ''}"
        if self.stop_rule:
            text += f" ({self.stop_rule})"
        return f"{text}; {self.tempo.describe()}"


def plural(n: int, word: str) -> str:
    """'1 set', '2 sets': a count with its noun."""
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Exercise:
    key: str
    name: str
    purpose: str
    equipment: str
    setup: tuple[str, ...]
    steps: tuple[str, ...]
    dose: Dose
    dose_reason: str
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    regression: str
    progressions: tuple[Dose, ...]  # stage 1, 2, ... beyond the base dose
    progression_text: tuple[str, ...]
    switch_cue: str
    phases: Phases
    # The exercise's own reason to end a set early, logged as the set's stop reason and offered
    # when a set is paused ("band slipped"); a set ended so still counts after one rep. "" if none.
    early_stop: str = ""

    def dose_at(self, stage: int) -> Dose:
        """Stage 0 is the base dose; higher stages follow the progression list."""
        if stage <= 0:
            return self.dose
        return self.progressions[min(stage, len(self.progressions)) - 1]


OUTWARD_ROLL = Exercise(
    key="outward-roll",
    name="Outward Roll",
    purpose="Stretches the muscles of the sole of the foot.",
    equipment="none",
    setup=(
        "Stand with your feet staggered, a little less than a normal step apart.",
        "Lift the heel of the front foot off the floor and keep both knees straight.",
    ),
    steps=(
        "Slowly tip the front foot outward onto its little-toe edge.",
        "Aim to bring the ball of the foot past the little toe. It looks like a rolled ankle, "
        "but done slowly and under control it is safe.",
        "Hold at the end of the range and feel the stretch in the sole.",
        "Roll back slowly until the foot is flat again.",
    ),
    dose=Dose(1, 5, None, Per.SIDE, Tempo(3, 3, 3)),
    dose_reason=(
        "One set of five slow reps per foot is the method's dose: a short daily stretch with a "
        "hold at end range, where the stretch happens."
    ),
    cues=("Knees straight.", "Roll slowly.", "Hold and breathe.", "Back to flat, slowly."),
    faults=(
        "Rolling fast and bouncing at the end instead of holding.",
        "Bending the knees, which takes the stretch away from the sole.",
        "Letting the front heel drop to the floor.",
    ),
    regression="Do it seated, with the foot unloaded, rolling only as far as is comfortable.",
    progressions=(
        Dose(1, 5, None, Per.SIDE, Tempo(3, 5, 3)),
        Dose(2, 5, None, Per.SIDE, Tempo(3, 5, 3)),
    ),
    progression_text=(
        "Hold each end-range pause for 5 seconds.",
        "Add a second set on each foot.",
    ),
    switch_cue="Switch feet: the other foot goes in front.",
    phases=Phases(
        Phase("Roll out", "Roll slowly onto the little-toe edge, knees straight."),
        Phase("Hold", "Hold at the end of the range and breathe into the stretch."),
        Phase("Roll back", "Roll back slowly until the foot is flat."),
    ),
)

HEEL_CIRCLE = Exercise(
    key="heel-circle",
    name="Heel Circle",
    purpose="Mobilises the ankle and the joints of the toes.",
    equipment="none",
    setup=(
        "Stand in the same staggered stance.",
        "Rise onto the toes of the rear foot so the toes fold under, pointing backward.",
    ),
    steps=(
        "Draw large, slow circles with the rear heel.",
        "Let the toes roll and stretch in every direction as the heel travels.",
        "Do all the circles one way, then the same number the other way.",
    ),
    dose=Dose(1, 5, None, Per.DIRECTION, Tempo(4, 0, 0)),
    dose_reason=(
        "Five slow circles each way on each foot move the ankle and toe joints through their "
        "whole range in both directions, as the method prescribes."
    ),
    cues=("Big circles.", "Slow and smooth.", "Let the toes roll."),
    faults=(
        "Small, quick circles that stay in the easy middle of the range.",
        "Only circling one way.",
        "Taking the weight off the folded toes.",
    ),
    regression="Make the circles smaller and keep more weight on the front foot.",
    progressions=(
        Dose(1, 5, None, Per.DIRECTION, Tempo(6, 0, 0)),
        Dose(2, 5, None, Per.DIRECTION, Tempo(6, 0, 0)),
    ),
    progression_text=(
        "Slow each circle to about 6 seconds.",
        "Add a second set in each direction.",
    ),
    switch_cue="Switch feet: the other foot goes behind, up on its toes.",
    phases=Phases(Phase("Circle {direction}", "One big, slow circle with the heel, {direction}.")),
)

BANDED_SQUAT = Exercise(
    key="banded-squat",
    name="Banded Squat",
    purpose="Strengthens the arch of the foot.",
    equipment="an exercise band",
    setup=(
        "Stand with your feet parallel and wider than your shoulders.",
        "Put one end of the band under the ball of one foot.",
        "Wrap it around the front of the other leg just above the knee, then around the first "
        "leg, and back down under the ball of the other foot: the band makes an X.",
    ),
    steps=(
        "Press your knees out against the band.",
        "Squat slowly as low as you can, weight on the heels and the balls of the feet.",
        "Stand back up under control, still pushing the knees out.",
    ),
    dose=Dose(1, 3, 5, Per.BOUT, Tempo(3, 1, 2, SQUAT_WORDS), bouts_per_day=3,
              stop_rule=BAND_STOP_RULE),
    dose_reason=(
        "Short mini-sets of 3-5 reps, repeated through the day, keep the arch working without "
        "tiring it; stop a set when the band slips. No trial has tested this exact exercise, "
        "but adding hip work to foot training improved the arch in one trial."
    ),
    cues=("Knees out.", "Weight on heels and balls of the feet.", "Slow down, slow up."),
    faults=(
        "Knees falling inward so the band slackens.",
        "Heels lifting at the bottom.",
        "Dropping fast into the squat.",
    ),
    regression="Squat only to a comfortable depth, or hold a support in front of you.",
    progressions=(
        Dose(1, 5, None, Per.BOUT, Tempo(3, 2, 2, SQUAT_WORDS), bouts_per_day=3,
             stop_rule=BAND_STOP_RULE),
        Dose(1, 5, None, Per.BOUT, Tempo(4, 2, 2, SQUAT_WORDS), bouts_per_day=4,
             stop_rule=BAND_STOP_RULE),
    ),
    progression_text=(
        "Aim for 5 reps in every mini-set with a 2-second hold at the bottom.",
        "Lower over 4 seconds and add a fourth mini-set in the day.",
    ),
    switch_cue="",
    phases=Phases(
        Phase("Down", "Squat down slowly, knees pushing out against the band."),
        Phase("Hold", "Hold at the bottom, weight on the heels and the balls of the feet."),
        Phase("Up", "Stand up slowly, knees still pushing out."),
    ),
    early_stop="band slipped",
)  # fmt: skip

EXERCISES: dict[str, Exercise] = {e.key: e for e in (OUTWARD_ROLL, HEEL_CIRCLE, BANDED_SQUAT)}


def get_exercise(key: str) -> Exercise:
    try:
        return EXERCISES[key.strip().lower().replace("_", "-").replace(" ", "-")]
    except KeyError:
        allowed = ", ".join(EXERCISES)
        raise InvalidInput(
            f"Unknown exercise {key!r}.", hint=f"Use one of: {allowed}.", field="exercise"
        ) from None


def with_extra_set(dose: Dose) -> Dose:
    return replace(dose, sets=dose.sets + 1)


def with_extra_bout(dose: Dose) -> Dose:
    return replace(dose, bouts_per_day=dose.bouts_per_day + 1)
