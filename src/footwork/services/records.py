"""Correcting what was stored: list, edit or delete one measurement, logged set or outcome note.

Every change goes through the same checks as a new record (the measure's range and unit, the
date range, the 0-10 scales, the outcome units), and touches nothing but that one record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
from footwork.domain.session import check_scale
from footwork.errors import InvalidInput
from footwork.services.store import open_store
from footwork.storage import repository as repo
from footwork.storage.tables import MeasurementRow, OutcomeRow, SetRow


@dataclass(frozen=True)
class SetRecord:
    """One logged set with the day of its session, as a person corrects it."""

    id: int
    started_at: datetime
    exercise: str
    side: str | None
    direction: str | None
    set_number: int
    reps_done: int
    reps_target: int
    effort: int | None
    pain: int | None
    note: str


@dataclass(frozen=True)
class OutcomeRecord:
    id: int
    recorded_at: datetime
    kind: str
    value: float | None
    unit: str
    note: str


@dataclass(frozen=True)
class SetChange:
    reps_done: int
    reps_target: int
    effort: int | None = None
    pain: int | None = None
    note: str = ""


# Measurements ------------------------------------------------------------------------------


def measurement(settings: Settings, person: str | None, measurement_id: int) -> Measurement:
    with open_store(settings).transaction() as s:
        row = repo.owned_row(s, MeasurementRow, measurement_id, repo.reader(s, person),
                             "measurement")  # fmt: skip
        return repo.to_measurement(row)


def update_measurement(
    settings: Settings, person: str | None, measurement_id: int, new: NewMeasurement
) -> Measurement:
    """Replace one measurement's values, checked as a new one would be."""
    valid = validate(new)
    with open_store(settings).transaction() as s:
        row = repo.update_owned(
            s, MeasurementRow, measurement_id, repo.reader(s, person), "measurement",
            kind=valid.kind.value, side=valid.side.value, value=valid.value,
            unit=valid.unit.value, method=valid.method.value, taken_at=valid.taken_at,
            note=valid.note,
        )  # fmt: skip
        return repo.to_measurement(row)


def delete_measurement(settings: Settings, person: str | None, measurement_id: int) -> None:
    with open_store(settings).transaction() as s:
        repo.delete_owned(s, MeasurementRow, measurement_id, repo.reader(s, person), "measurement")


# Sets --------------------------------------------------------------------------------------


def _set_record(row: SetRow) -> SetRecord:
    return SetRecord(
        row.id, row.session.started_at, row.exercise, row.side, row.direction, row.set_number,
        row.reps_done, row.reps_target, row.effort, row.pain, row.note,
    )  # fmt: skip


def list_sets(settings: Settings, person: str | None) -> list[SetRecord]:
    with open_store(settings).transaction() as s:
        who = repo.reader(s, person)
        return [_set_record(r) for r in repo.list_set_rows(s, who)] if who else []


def set_record(settings: Settings, person: str | None, set_id: int) -> SetRecord:
    with open_store(settings).transaction() as s:
        return _set_record(repo.owned_row(s, SetRow, set_id, repo.reader(s, person), "set"))


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
    with open_store(settings).transaction() as s:
        row = repo.update_owned(
            s, SetRow, set_id, repo.reader(s, person), "set", reps_done=change.reps_done,
            reps_target=change.reps_target, effort=change.effort, pain=change.pain,
            note=change.note,
        )  # fmt: skip
        return _set_record(row)


def delete_set(settings: Settings, person: str | None, set_id: int) -> None:
    with open_store(settings).transaction() as s:
        repo.delete_owned(s, SetRow, set_id, repo.reader(s, person), "set")


# Outcomes ----------------------------------------------------------------------------------


def _outcome_record(row: OutcomeRow) -> OutcomeRecord:
    return OutcomeRecord(row.id, row.recorded_at, row.kind, row.value, row.unit, row.note)


def list_outcomes(settings: Settings, person: str | None) -> list[OutcomeRecord]:
    with open_store(settings).transaction() as s:
        who = repo.reader(s, person)
        return [_outcome_record(r) for r in repo.list_outcomes(s, who)] if who else []


def outcome(settings: Settings, person: str | None, outcome_id: int) -> OutcomeRecord:
    with open_store(settings).transaction() as s:
        row = repo.owned_row(s, OutcomeRow, outcome_id, repo.reader(s, person), "outcome note")
        return _outcome_record(row)


def update_outcome(
    settings: Settings,
    person: str | None,
    outcome_id: int,
    change: OutcomeRecord,
    today: date | None = None,
) -> OutcomeRecord:
    """Replace one outcome note's values (its id in ``change`` is ignored)."""
    kind = check_name(change.kind, "outcome name", OUTCOME_KIND_MAX_CHARS).lower()
    unit = parse_outcome_unit(change.unit, kind)
    check_outcome_value(kind, change.value, unit)
    when = check_moment(change.recorded_at, today or date.today(), "The date")
    with open_store(settings).transaction() as s:
        row = repo.update_owned(
            s, OutcomeRow, outcome_id, repo.reader(s, person), "outcome note", kind=kind,
            value=change.value, unit=unit.key, note=change.note, recorded_at=when,
        )  # fmt: skip
        return _outcome_record(row)


def delete_outcome(settings: Settings, person: str | None, outcome_id: int) -> None:
    with open_store(settings).transaction() as s:
        repo.delete_owned(s, OutcomeRow, outcome_id, repo.reader(s, person), "outcome note")
