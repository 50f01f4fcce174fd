"""Recording and listing measurements."""

from __future__ import annotations

from dataclasses import replace

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Measurement, NewMeasurement, validate
from footwork.services.store import open_store
from footwork.storage import repository as repo


def record(
    settings: Settings, items: list[NewMeasurement], person: str | None = None
) -> list[Measurement]:
    """Validate every item first, then store them all in one transaction (all or nothing)."""
    valid = [validate(item) for item in items]
    store = open_store(settings)
    with store.transaction() as s:
        who = repo.resolve_person(s, person)
        ids = [repo.add_measurement(s, who, m) for m in valid]
    return [_with_id(m, i) for m, i in zip(valid, ids, strict=True)]


def _with_id(m: Measurement, measurement_id: int) -> Measurement:
    return replace(m, id=measurement_id)


def list_all(
    settings: Settings, person: str | None = None, kind: MeasureKind | None = None
) -> list[Measurement]:
    """Stored measurements, oldest first; none on an empty home (nothing is created)."""
    store = open_store(settings)
    with store.transaction() as s:
        who = repo.reader(s, person)
        return repo.list_measurements(s, who, kind) if who else []


def delete(settings: Settings, measurement_id: int, person: str | None = None) -> None:
    store = open_store(settings)
    with store.transaction() as s:
        repo.delete_measurement(s, repo.resolve_person(s, person), measurement_id)
