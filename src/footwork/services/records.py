"""Correcting what was stored: list, edit or delete one measurement, logged set or outcome note.

Every change goes through the same checks as a new record (the measure's range and unit, the
date range, the 0-10 scales, the outcome units), and touches nothing but that one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from footwork.config import Settings
from footwork.domain.limits import (
    OUTCOME_KIND_MAX_CHARS,
    REPS_MAX,
    check_moment,
    check_name,
    check_outcome_value,
    parse_outcome_unit,
)
from footwork.domain.measures import Measurement, NewMeasurement, validate
from footwork.domain.records import OutcomeRecord, SetRecord
from footwork.domain.session import check_scale
from footwork.errors import InvalidInput, NotFound
from footwork.services.store import UnitOfWork, open_store

T = TypeVar("T")


@dataclass(frozen=True)
class SetChange:
    reps_done: int
    reps_target: int
    effort: int | None = None
    pain: int | None = None
    note: str = ""


def _owner(uow: UnitOfWork, person: str | None) -> int | None:
    who = uow.people.reader(person)
    return who.id if who else None


def _found(record: T | None, what: str, record_id: int) -> T:
    """The record, or NotFound when there is none with that id for this person."""
    if record is None:
        raise NotFound(f"There is no {what} with id {record_id}.", hint="It may have been deleted.")
    return record


# Measurements ------------------------------------------------------------------------------


def measurement(settings: Settings, person: str | None, measurement_id: int) -> Measurement:
    with open_store(settings).unit_of_work() as uow:
        found = uow.measurements.get(measurement_id, _owner(uow, person))
        return _found(found, "measurement", measurement_id)


def update_measurement(
    settings: Settings, person: str | None, measurement_id: int, new: NewMeasurement
) -> Measurement:
    """Replace one measurement's values, checked as a new one would be."""
    valid = validate(new)
    with open_store(settings).unit_of_work() as uow:
        changed = uow.measurements.update(measurement_id, _owner(uow, person), valid)
        return _found(changed, "measurement", measurement_id)


def delete_measurement(settings: Settings, person: str | None, measurement_id: int) -> None:
    with open_store(settings).unit_of_work() as uow:
        if not uow.measurements.delete(measurement_id, _owner(uow, person)):
            _found(None, "measurement", measurement_id)


# Sets --------------------------------------------------------------------------------------


def list_sets(settings: Settings, person: str | None) -> list[SetRecord]:
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        return uow.sessions.sets(who.id) if who else []


def set_record(settings: Settings, person: str | None, set_id: int) -> SetRecord:
    with open_store(settings).unit_of_work() as uow:
        return _found(uow.sessions.get_set(set_id, _owner(uow, person)), "set", set_id)


def check_set(change: SetChange) -> None:
    for name, count in (("reps done", change.reps_done), ("reps planned", change.reps_target)):
        if not 0 <= count <= REPS_MAX:
            raise InvalidInput(
                f"{name.capitalize()} must be a whole number from 0 to {REPS_MAX}, not {count}.",
                hint="Count the reps of this one set.",
            )
    check_scale("effort", change.effort)
    check_scale("pain", change.pain)


def update_set(settings: Settings, person: str | None, set_id: int, change: SetChange) -> SetRecord:
    check_set(change)
    with open_store(settings).unit_of_work() as uow:
        changed = uow.sessions.update_set(
            set_id, _owner(uow, person), reps_done=change.reps_done,
            reps_target=change.reps_target, effort=change.effort, pain=change.pain,
            note=change.note,
        )  # fmt: skip
        return _found(changed, "set", set_id)


def delete_set(settings: Settings, person: str | None, set_id: int) -> None:
    with open_store(settings).unit_of_work() as uow:
        if not uow.sessions.delete_set(set_id, _owner(uow, person)):
            _found(None, "set", set_id)


# Outcomes ----------------------------------------------------------------------------------


def list_outcomes(settings: Settings, person: str | None) -> list[OutcomeRecord]:
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        return uow.outcomes.all(who.id) if who else []


def outcome(settings: Settings, person: str | None, outcome_id: int) -> OutcomeRecord:
    with open_store(settings).unit_of_work() as uow:
        found = uow.outcomes.get(outcome_id, _owner(uow, person))
        return _found(found, "outcome note", outcome_id)


@dataclass(frozen=True)
class OutcomeChange:
    """New values for one outcome note; a unit or moment of None keeps the stored one."""

    kind: str
    value: float | None
    note: str = ""
    unit: str | None = None
    recorded_at: datetime | None = None


def update_outcome(
    settings: Settings,
    person: str | None,
    outcome_id: int,
    change: OutcomeChange,
    today: date | None = None,
) -> OutcomeRecord:
    """Correct one outcome note, checked as a new one would be, in one transaction."""
    kind = check_name(change.kind, "outcome name", OUTCOME_KIND_MAX_CHARS).lower()
    with open_store(settings).unit_of_work() as uow:
        owner = _owner(uow, person)
        old = _found(uow.outcomes.get(outcome_id, owner), "outcome note", outcome_id)
        unit = parse_outcome_unit(old.unit if change.unit is None else change.unit, kind)
        check_outcome_value(kind, change.value, unit)
        when = check_moment(
            change.recorded_at or old.recorded_at, today or date.today(), "The date"
        )
        changed = uow.outcomes.update(
            outcome_id, owner, recorded_at=when, kind=kind, value=change.value, unit=unit.key,
            note=change.note,
        )  # fmt: skip
        return _found(changed, "outcome note", outcome_id)


def delete_outcome(settings: Settings, person: str | None, outcome_id: int) -> None:
    with open_store(settings).unit_of_work() as uow:
        if not uow.outcomes.delete(outcome_id, _owner(uow, person)):
            _found(None, "outcome note", outcome_id)
