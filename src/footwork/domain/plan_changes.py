"""A coach's changes to an athlete's plan (team mode), each with its reason, laid over the plan
footwork writes from the assessment.

The coach's word wins, in the order the changes were made:
- ``dose``: sets and/or reps, for one foot or both; for an exercise done with both feet at
  once (the Banded Squat) the sets are its mini-sets a day. The numbers stay as the coach set
  them when the plan progresses (the tempo still follows the stage) until the coach changes
  them again;
- ``pause``: the exercise leaves the sessions, Today and the calendar, and is listed as
  paused with the reason, until ``resume`` brings it back;
- ``add``: the exercise joins the plan (at the plan's stage, or with the sets and reps given);
- ``note``: a word from the coach, on one exercise or on the whole plan (its text is the
  reason).

Every change has a reason, shown to the athlete next to what changed ("Your coach Sam: 3 sets
of 10 on the left foot — the left ankle is still stiff"). A later change that covers the same
foot and numbers replaces the earlier one's words; the full history stays with the changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from footwork.domain.exercises import EXERCISES, Dose, Exercise, Per, get_exercise, plural
from footwork.domain.limits import NOTE_MAX_CHARS, REPS_MAX, SET_NUMBER_MAX
from footwork.domain.plan import Plan, PlanItem
from footwork.domain.sides import Side, parse_side
from footwork.errors import InvalidInput

# Plan-wide notes shown with the plan: the latest few. Older ones stay in the history of
# changes; a plan page is not a message board.
COACH_NOTES_SHOWN = 3


class ChangeAction(StrEnum):
    DOSE = "dose"
    PAUSE = "pause"
    RESUME = "resume"
    ADD = "add"
    NOTE = "note"


_DONE_WORDS = {ChangeAction.PAUSE: "paused", ChangeAction.RESUME: "back in the plan",
               ChangeAction.ADD: "added to the plan"}  # fmt: skip


@dataclass(frozen=True)
class PlanChange:
    """One change by a coach, as stored: what, for which exercise and foot, and why."""

    exercise: str | None  # None: a note on the whole plan
    side: Side | None  # None: both feet
    action: ChangeAction
    sets: int | None
    reps: int | None
    reason: str  # for a note: the note itself
    author: str  # the coach, as the athlete knows them
    at: datetime
    uid: str = ""

    @property
    def exercise_name(self) -> str:
        found = EXERCISES.get(self.exercise or "")
        return found.name if found else (self.exercise or "")

    @property
    def what(self) -> str:
        """What changed, in words ("3 sets of 10 on the left foot", "paused"); "" for a note."""
        if self.action is ChangeAction.DOSE or (self.action is ChangeAction.ADD and self.sets):
            found = EXERCISES.get(self.exercise or "")
            per = found.dose.per if found else Per.SIDE
            dose = describe_dose(per, self.sets, self.reps, self.side)
            return dose if self.action is ChangeAction.DOSE else f"added to the plan, {dose}"
        return _DONE_WORDS.get(self.action, "")

    def sentence(self, *, name_exercise: bool = True) -> str:
        """The change as the athlete reads it; ``name_exercise=False`` next to the exercise."""
        coach = f"Your coach {self.author}".rstrip()
        subject = self.exercise_name if name_exercise and self.exercise else ""
        if self.action is ChangeAction.NOTE:
            about = f" on {subject}" if subject else ""
            return f"{coach}{about}: {self.reason}"
        head = ", ".join(part for part in (subject, self.what) if part)
        return f"{coach}: {head} — {self.reason}"


def describe_dose(per: Per, sets: int | None, reps: int | None, side: Side | None) -> str:
    """A coach's dose in words: "3 sets of 10 on the left foot", "4 mini-sets a day"."""
    if per is Per.BOUT:
        parts = [f"{plural(sets, 'mini-set')} a day" if sets else ""]
        parts.append(("of " if sets else "") + f"{reps} reps" + ("" if sets else " per mini-set")
                      if reps else "")  # fmt: skip
        return " ".join(p for p in parts if p)
    unit = " circles each way" if per is Per.DIRECTION else ""
    if sets and reps:
        text = f"{plural(sets, 'set')} of {reps}{unit}"
    elif sets:
        text = plural(sets, "set")
    else:
        text = f"{reps}{unit or ' reps'} a set"
    return text + (f" on the {side.value} foot" if side else " on each foot")


def new_change(
    *,
    exercise: str | None,
    side: Side | str | None,
    action: ChangeAction | str,
    sets: int | None = None,
    reps: int | None = None,
    reason: str,
    author: str,
    at: datetime,
    uid: str = "",
) -> PlanChange:
    """A checked change: a known action and exercise, sane numbers, and a reason."""
    kind = _action(action)
    key = get_exercise(exercise).key if exercise and exercise.strip() else None
    foot = parse_side(side) if side else None
    _check_target(kind, key, foot, sets, reps)
    _check_numbers(sets, reps)
    return PlanChange(key, foot, kind, sets, reps, _reason(kind, reason), author.strip(), at,
                      uid)  # fmt: skip


def _action(action: ChangeAction | str) -> ChangeAction:
    try:
        return ChangeAction(action)
    except ValueError:
        allowed = ", ".join(a.value for a in ChangeAction)
        raise InvalidInput(
            f"Unknown change {action!r}.", hint=f"Use one of: {allowed}.", field="action"
        ) from None


def _check_target(
    kind: ChangeAction, key: str | None, side: Side | None, sets: int | None, reps: int | None
) -> None:
    if key is None and kind is not ChangeAction.NOTE:
        raise InvalidInput(
            f"Say which exercise to change ({kind.value}).",
            hint="Name one of: " + ", ".join(EXERCISES) + ".",
            field="exercise",
        )
    if kind is ChangeAction.DOSE and sets is None and reps is None:
        raise InvalidInput(
            "A dose change needs the number of sets, of reps, or both.",
            hint="Give the new sets or reps, or pause the exercise to stop it for now.",
            field="sets",
        )
    if kind in (ChangeAction.PAUSE, ChangeAction.RESUME, ChangeAction.NOTE) and (sets or reps):
        raise InvalidInput(
            f"Sets and reps go with a dose change, not with a {kind.value}.",
            hint="Make the dose change on its own.",
            field="sets",
        )
    if side is not None and kind is not ChangeAction.DOSE:
        raise InvalidInput(
            f"A {kind.value} applies to both feet.",
            hint="Leave the foot out, or change the dose of one foot instead.",
            field="side",
        )
    if side is not None and key is not None and EXERCISES[key].dose.per is Per.BOUT:
        raise InvalidInput(
            f"The {EXERCISES[key].name} works both feet at once, so its dose is the same for both.",
            hint="Leave the foot out.",
            field="side",
        )


def _check_numbers(sets: int | None, reps: int | None) -> None:
    if sets is not None and not 1 <= sets <= SET_NUMBER_MAX:
        raise InvalidInput(
            f"{sets} sets is out of range: from 1 to {SET_NUMBER_MAX} a day.",
            hint="To stop an exercise for now, pause it instead.",
            field="sets",
        )
    if reps is not None and not 1 <= reps <= REPS_MAX:
        raise InvalidInput(
            f"{reps} reps is out of range: from 1 to {REPS_MAX} a set.",
            hint="Slow foot reps stay far below that; check the number.",
            field="reps",
        )


def _reason(kind: ChangeAction, reason: str) -> str:
    text = reason.strip()
    what = "note" if kind is ChangeAction.NOTE else "reason"
    if not text:
        if kind is ChangeAction.NOTE:
            raise InvalidInput("The note is empty.", hint="Write the note.", field="note")
        raise InvalidInput(
            "Say why you are making this change: the athlete sees the reason next to it.",
            hint="Write a short reason, like 'the left ankle is still stiff'.",
            field="reason",
        )
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"The {what} is {len(text)} characters long; at most {NOTE_MAX_CHARS} fit.",
            hint=f"Shorten the {what}.",
            field=what,
        )
    return text


# Applying the changes -----------------------------------------------------------------------


@dataclass
class _Working:
    items: dict[str, PlanItem]
    order: list[str]
    paused: set[str]
    stage: int
    notes: list[PlanChange] = field(default_factory=list)


def apply_changes(plan: Plan, changes: Iterable[PlanChange]) -> Plan:
    """The plan with the coach's changes laid over it (the given plan is left as it was):
    doses per exercise and foot, paused exercises moved to ``paused``, added ones present,
    each changed item with the coach's words first among its reasons."""
    ordered = sorted(changes, key=lambda c: c.at)
    if not ordered:
        return plan
    every = plan.items + plan.paused
    w = _Working(
        items={i.exercise.key: _copy(i) for i in every},
        order=[i.exercise.key for i in every],
        paused={i.exercise.key for i in plan.paused},
        stage=plan.items[0].stage if plan.items else 0,
    )
    shown = _still_shown(ordered)
    for n, change in enumerate(ordered):
        item = _apply(w, change)
        if item is not None and n in shown:
            item.from_coach.insert(0, change.sentence(name_exercise=False))
    for item in w.items.values():
        item.reasons = item.from_coach + [r for r in item.reasons if r not in item.from_coach]
    coach_notes = [c.sentence() for c in reversed(w.notes[-COACH_NOTES_SHOWN:])]
    return replace(
        plan,
        items=[w.items[k] for k in w.order if k not in w.paused],
        paused=[w.items[k] for k in w.order if k in w.paused],
        notes=coach_notes + plan.notes,
    )


def _copy(item: PlanItem) -> PlanItem:
    return replace(item, dose_by_side=dict(item.dose_by_side), reasons=list(item.reasons),
                   from_coach=list(item.from_coach))  # fmt: skip


def _apply(w: _Working, change: PlanChange) -> PlanItem | None:
    """Apply one change; the item it is about (None: the whole plan, or an unknown one)."""
    if change.exercise is None:
        w.notes.append(change)
        return None
    key = change.exercise
    if key not in w.items:
        if change.action is not ChangeAction.ADD or key not in EXERCISES:
            return None  # an exercise footwork no longer has: nothing to change
        w.items[key] = _new_item(EXERCISES[key], w.stage)
        w.order.append(key)
    item = w.items[key]
    if change.action is ChangeAction.PAUSE:
        w.paused.add(key)
    elif change.action in (ChangeAction.RESUME, ChangeAction.ADD):
        w.paused.discard(key)
    if change.sets or change.reps:
        for side in [change.side] if change.side else list(item.dose_by_side):
            item.dose_by_side[side] = _dosed(item.dose_by_side[side], change.sets, change.reps)
    return item


def _new_item(ex: Exercise, stage: int) -> PlanItem:
    dose = ex.dose_at(stage)
    return PlanItem(ex, {Side.LEFT: dose, Side.RIGHT: dose}, [ex.dose_reason], stage)


def _dosed(dose: Dose, sets: int | None, reps: int | None) -> Dose:
    if reps:
        dose = replace(dose, reps=reps, reps_max=None)
    if sets and dose.per is Per.BOUT:
        return replace(dose, bouts_per_day=sets)
    return replace(dose, sets=sets) if sets else dose


def _still_shown(ordered: list[PlanChange]) -> set[int]:
    """The changes whose words still describe the plan: not replaced by a later change to the
    same exercise that covers the same foot and numbers (or, for a pause, resume or add, by a
    later one of those)."""
    return {n for n, c in enumerate(ordered) if not any(_replaces(later, c)
                                                        for later in ordered[n + 1:])}  # fmt: skip


def _replaces(later: PlanChange, earlier: PlanChange) -> bool:
    if later.exercise != earlier.exercise or earlier.exercise is None:
        return False
    switches = (ChangeAction.PAUSE, ChangeAction.RESUME, ChangeAction.ADD)
    if earlier.action in switches:
        return later.action in switches
    if earlier.action is not ChangeAction.DOSE or later.action is not ChangeAction.DOSE:
        return False
    feet = later.side is None or later.side == earlier.side
    numbers = (earlier.sets is None or later.sets is not None) and (
        earlier.reps is None or later.reps is not None
    )
    return feet and numbers
