"""Recording and listing measurements."""

from __future__ import annotations

from dataclasses import replace

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Measurement, NewMeasurement, validate
from footwork.errors import Fix, NotFound
from footwork.services.store import open_store


def record(
    settings: Settings, items: list[NewMeasurement], person: str | None = None
) -> list[Measurement]:
    """Validate every item first, then store them all in one transaction (all or nothing)."""
    valid = [validate(item) for item in items]
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.resolve(person)
        return [replace(m, id=uow.measurements.add(who.id, m)) for m in valid]


def list_all(
    settings: Settings, person: str | None = None, kind: MeasureKind | None = None
) -> list[Measurement]:
    """Stored measurements, oldest first; none on an empty home (nothing is created)."""
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        return uow.measurements.all(who.id, kind) if who else []


def delete(settings: Settings, measurement_id: int, person: str | None = None) -> None:
    with open_store(settings).unit_of_work() as uow:
        if not uow.measurements.delete(measurement_id, uow.people.resolve(person).id):
            raise NotFound(
                f"No measurement with id {measurement_id}.",
                hint="List the measurements to see their ids.",
                fix=Fix.FIND_MEASUREMENT,
            )
