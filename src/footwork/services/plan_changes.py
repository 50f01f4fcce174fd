"""A coach edits an athlete's plan (team mode): sets and reps per exercise and foot, pausing and
resuming an exercise, a note, each with its reason. The changes are kept, and the plan that
Today, the plan, the guided session and the calendar show is built with them
(``planning.current_plan``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from footwork.config import Settings
from footwork.domain.accounts import Account
from footwork.domain.exercises import Dose, Per
from footwork.domain.plan import Plan, PlanItem
from footwork.domain.plan_changes import ChangeAction, PlanChange, new_change
from footwork.domain.sides import Side
from footwork.errors import InvalidInput, NotFound
from footwork.services import planning
from footwork.services.planning import PersonPlan
from footwork.services.store import open_store


@dataclass(frozen=True)
class ExerciseEdit:
    """What the coach's editor says about one exercise: the sets and reps wanted for each foot
    (None: as they are) and whether it is paused. For an exercise done with both feet at once,
    both feet carry the same numbers (the sets are its mini-sets a day)."""

    exercise: str
    sets: dict[Side, int | None]
    reps: dict[Side, int | None]
    paused: bool = False


@dataclass(frozen=True)
class PlanEditor:
    """The athlete's plan as it stands, and every change made to it, newest first."""

    plan: PersonPlan
    history: list[PlanChange]


def editor(settings: Settings, person: str) -> PlanEditor:
    pp = planning.current_plan(settings, person)
    return PlanEditor(pp, list(reversed(pp.changes)))


def edit_plan(
    settings: Settings,
    person: str,
    author: Account,
    edits: list[ExerciseEdit],
    *,
    reason: str,
    note: str = "",
    at: datetime | None = None,
) -> list[PlanChange]:
    """Record what the editor changed against the plan as it stands (numbers left as they are
    change nothing), all with the one reason, and the note if any."""
    at = at or datetime.now()
    pp = planning.current_plan(settings, person, at.date())
    wanted = [w for e in edits for w in _wanted(pp.plan, e)]
    changes = [new_change(**asdict(w), reason=reason, author=author.label, at=at) for w in wanted]
    if note.strip():
        changes.append(new_change(exercise=None, side=None, action=ChangeAction.NOTE,
                                  reason=note, author=author.label, at=at))  # fmt: skip
    if not changes:
        raise InvalidInput(
            "Nothing was changed: the doses are as they were and there is no note.",
            hint="Change a number, pause or resume an exercise, or write a note.",
            field="sets",
        )
    return record(settings, person, author, changes)


def record(
    settings: Settings, person: str, author: Account, changes: list[PlanChange]
) -> list[PlanChange]:
    """Keep checked changes (``plan_changes.new_change``) to the person's plan."""
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.find(person)
        if who is None:
            raise NotFound(f"No athlete called {person!r}.", field="person")
        return [uow.plan_changes.add(who.id, author.id, c) for c in changes]


@dataclass(frozen=True)
class _Wanted:
    """A change the editor asks for, before its reason is added and it is checked."""

    exercise: str
    side: Side | None
    action: ChangeAction
    sets: int | None = None
    reps: int | None = None


def _wanted(plan: Plan, edit: ExerciseEdit) -> list[_Wanted]:
    """The changes that make the exercise as the editor says: resume, doses, pause."""
    key = edit.exercise
    paused = next((i for i in plan.paused if i.exercise.key == key), None)
    item = plan.find(key) or paused
    if item is None:  # not in the plan at all
        if edit.paused:
            return []
        sets, reps = edit.sets.get(Side.LEFT), edit.reps.get(Side.LEFT)
        return [_Wanted(key, None, ChangeAction.ADD, sets, reps)]
    out = []
    if paused is not None and not edit.paused:
        out.append(_Wanted(key, None, ChangeAction.RESUME))
    out += _dose_changes(item, edit)
    if paused is None and edit.paused:
        out.append(_Wanted(key, None, ChangeAction.PAUSE))
    return out


def _dose_changes(item: PlanItem, edit: ExerciseEdit) -> list[_Wanted]:
    key = item.exercise.key
    per_side = {
        side: (_differs(edit.sets.get(side), _sets(dose)),
               _differs(edit.reps.get(side), _reps(dose)))
        for side, dose in item.dose_by_side.items()
    }  # fmt: skip
    wants = {side: numbers for side, numbers in per_side.items() if numbers != (None, None)}
    if not wants:
        return []
    both = len(wants) == len(per_side) and len(set(wants.values())) == 1
    if both or item.exercise.dose.per is Per.BOUT:
        sets, reps = next(iter(wants.values()))
        return [_Wanted(key, None, ChangeAction.DOSE, sets, reps)]
    return [_Wanted(key, side, ChangeAction.DOSE, *numbers) for side, numbers in wants.items()]


def _sets(dose: Dose) -> int:
    return dose.bouts_per_day if dose.per is Per.BOUT else dose.sets


def _reps(dose: Dose) -> int | None:
    """The reps as one number; None for a range (any number given then changes it)."""
    return None if dose.reps_max else dose.reps


def _differs(wanted: int | None, now: int | None) -> int | None:
    return wanted if wanted is not None and wanted != now else None
