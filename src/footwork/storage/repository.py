"""Reading and writing domain objects. Callers pass a SQLAlchemy ``Session`` inside one
transaction (``Store.transaction``), so a use case commits all of its writes or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from footwork.domain.limits import check_name
from footwork.domain.measures import MeasureKind, Measurement, Method
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.domain.units import Unit
from footwork.errors import Fix, InvalidInput, NotFound
from footwork.storage.tables import (
    CalendarEventRow,
    MeasurementRow,
    OutcomeRow,
    PersonRow,
    SessionRow,
    SetRow,
)

DEFAULT_PERSON = "me"


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session


# People ------------------------------------------------------------------------------------


def find_person(s: Session, name: str) -> PersonRow | None:
    return s.scalars(select(PersonRow).where(PersonRow.name == name)).one_or_none()


def add_person(s: Session, name: str, sport: str = "", goals: str = "") -> PersonRow:
    name = check_name(name)
    if find_person(s, name):
        raise InvalidInput(
            f"There is already a person called {name!r}.",
            hint="Use another name, or choose the profile that has it.",
            fix=Fix.OTHER_NAME,
        )
    row = PersonRow(name=name, sport=sport, goals=goals, created_at=datetime.now())
    s.add(row)
    s.flush()
    return row


def list_people(s: Session) -> list[PersonRow]:
    return list(s.scalars(select(PersonRow).order_by(PersonRow.name)))


def resolve_person(s: Session, name: str | None, *, create_default: bool = True) -> PersonRow:
    """The person to write for: the named one; else the only one. On an empty home, a write
    creates the first profile, called 'me', whether 'me' is named or not (one rule)."""
    if name:
        row = find_person(s, name.strip())
        if row is not None:
            return row
        if not (create_default and name.strip() == DEFAULT_PERSON and not list_people(s)):
            raise NotFound(
                f"No person called {name!r}.",
                hint="Check the spelling, or create a profile with that name first.",
            )
    people = list_people(s)
    if len(people) == 1:
        return people[0]
    if len(people) > 1:
        # Never list the others' names here: whoever sees this error may not be them.
        raise InvalidInput(
            "Several people are stored, and this does not say whose data it is.",
            hint="Say whose data this is.",
            fix=Fix.CHOOSE_PERSON,
        )
    if not create_default:
        raise NotFound(
            "No one is set up yet.", hint="Create a profile first.", fix=Fix.CREATE_PERSON
        )
    return add_person(s, DEFAULT_PERSON)


writer = resolve_person


def reader(s: Session, name: str | None) -> PersonRow | None:
    """The person to read, as ``resolve_person`` finds them, but never created: None on an
    empty home when no one or the default 'me' is asked for (reads show an empty state)."""
    if (not name or name.strip() == DEFAULT_PERSON) and not list_people(s):
        return None
    return resolve_person(s, name, create_default=False)


# Measurements ------------------------------------------------------------------------------


def add_measurement(s: Session, person: PersonRow, m: Measurement, uid: str | None = None) -> int:
    row = MeasurementRow(
        person_id=person.id, kind=m.kind.value, side=m.side.value, value=m.value,
        unit=m.unit.value, method=m.method.value, taken_at=m.taken_at, note=m.note,
        source=m.source, details=m.details,
    )  # fmt: skip
    if uid:
        row.uid = uid
    s.add(row)
    s.flush()
    return row.id


def to_measurement(row: MeasurementRow) -> Measurement:
    return Measurement(
        kind=MeasureKind(row.kind), side=Side(row.side), value=row.value,
        method=Method(row.method), taken_at=row.taken_at, note=row.note, source=row.source,
        details=dict(row.details or {}), id=row.id,
    )  # fmt: skip


def list_measurements(
    s: Session, person: PersonRow, kind: MeasureKind | None = None
) -> list[Measurement]:
    q = select(MeasurementRow).where(MeasurementRow.person_id == person.id)
    if kind is not None:
        q = q.where(MeasurementRow.kind == kind.value)
    rows = s.scalars(q.order_by(MeasurementRow.taken_at, MeasurementRow.id))
    return [to_measurement(r) for r in rows]


def delete_measurement(s: Session, person: PersonRow, measurement_id: int) -> None:
    row = s.get(MeasurementRow, measurement_id)
    if row is None or row.person_id != person.id:
        raise NotFound(
            f"No measurement with id {measurement_id}.",
            hint="List the measurements to see their ids.",
            fix=Fix.FIND_MEASUREMENT,
        )
    s.delete(row)


# Sessions ----------------------------------------------------------------------------------


def start_session(s: Session, person: PersonRow, log: SessionLog) -> SessionRow:
    row = SessionRow(
        person_id=person.id,
        started_at=log.started_at,
        ended_at=log.ended_at,
        source=log.source,
        note=log.note,
        plan_week=log.plan_week,
        details={},
    )
    s.add(row)
    if person.plan_start is None:  # the first session logged starts the programme
        person.plan_start = log.started_at.date()
    s.flush()
    return row


def add_set(s: Session, session_row: SessionRow, entry: SetLog) -> SetRow:
    row = SetRow(
        session_id=session_row.id, exercise=entry.exercise,
        side=entry.side.value if entry.side else None,
        direction=entry.direction.value if entry.direction else None,
        set_number=entry.set_number, reps_done=entry.reps_done, reps_target=entry.reps_target,
        effort=entry.effort, pain=entry.pain, note=entry.note, completed=entry.completed,
        stop_reason=entry.stop_reason,
    )  # fmt: skip
    s.add(row)
    s.flush()
    return row


def to_set_log(row: SetRow) -> SetLog:
    return SetLog(
        exercise=row.exercise, side=Side(row.side) if row.side else None,
        direction=Direction(row.direction) if row.direction else None,
        reps_done=row.reps_done, reps_target=row.reps_target, set_number=row.set_number,
        effort=row.effort, pain=row.pain, note=row.note, completed=row.completed,
        stop_reason=row.stop_reason,
    )  # fmt: skip


def list_sessions(s: Session, person: PersonRow) -> list[SessionRow]:
    q = select(SessionRow).where(SessionRow.person_id == person.id)
    return list(s.scalars(q.order_by(SessionRow.started_at, SessionRow.id)))


def session_days(s: Session, person: PersonRow) -> list[date]:
    """Days with at least one session that has a completed set."""
    q = (
        select(SessionRow.started_at)
        .join(SetRow, SetRow.session_id == SessionRow.id)
        .where(SessionRow.person_id == person.id, SetRow.reps_done > 0)
        .distinct()
    )
    return sorted({ts.date() for ts in s.scalars(q)})


def max_pain_since(s: Session, person: PersonRow, since: datetime) -> int | None:
    q = (
        select(func.max(SetRow.pain))
        .join(SessionRow, SetRow.session_id == SessionRow.id)
        .where(SessionRow.person_id == person.id, SessionRow.started_at >= since)
    )
    return s.scalar(q)


# Outcome notes -----------------------------------------------------------------------------


def add_outcome(
    s: Session,
    person: PersonRow,
    kind: str,
    value: float | None,
    unit: str,
    note: str,
    recorded_at: datetime,
) -> OutcomeRow:
    row = OutcomeRow(
        person_id=person.id, kind=kind, value=value, unit=unit, note=note, recorded_at=recorded_at
    )
    s.add(row)
    s.flush()
    return row


def list_outcomes(s: Session, person: PersonRow) -> list[OutcomeRow]:
    q = select(OutcomeRow).where(OutcomeRow.person_id == person.id)
    return list(s.scalars(q.order_by(OutcomeRow.recorded_at, OutcomeRow.id)))


def unit_of(row: MeasurementRow) -> Unit:
    return Unit(row.unit)


# Correcting stored records -----------------------------------------------------------------


def owned_row(s: Session, table: type, row_id: int, person: PersonRow | None, what: str) -> Any:
    """The measurement, set or outcome row with this id if it belongs to ``person``."""
    row = s.get(table, row_id)
    owner = None
    if row is not None:
        owner = row.session.person_id if isinstance(row, SetRow) else row.person_id
    if row is None or person is None or owner != person.id:
        raise NotFound(f"There is no {what} with id {row_id}.", hint="It may have been deleted.")
    return row


def list_set_rows(s: Session, person: PersonRow) -> list[SetRow]:
    q = (
        select(SetRow)
        .join(SessionRow, SetRow.session_id == SessionRow.id)
        .where(SessionRow.person_id == person.id)
        .order_by(SessionRow.started_at, SetRow.id)
    )
    return list(s.scalars(q))


def update_owned(
    s: Session, table: type, row_id: int, person: PersonRow | None, what: str, **values: Any
) -> Any:
    """Set these columns of one owned row; the row, flushed."""
    row = owned_row(s, table, row_id, person, what)
    for name, value in values.items():
        setattr(row, name, value)
    s.flush()
    return row


def delete_owned(s: Session, table: type, row_id: int, person: PersonRow | None, what: str) -> None:
    s.delete(owned_row(s, table, row_id, person, what))


# Training times and the calendar events handed out -----------------------------------------


def calendar_versions(s: Session, person: PersonRow) -> dict[str, tuple[str, int]]:
    """uid -> (content digest, SEQUENCE) of each calendar event last handed out."""
    q = select(CalendarEventRow).where(CalendarEventRow.person_id == person.id)
    return {r.uid: (r.digest, r.sequence) for r in s.scalars(q)}


def save_calendar_versions(
    s: Session, person: PersonRow, versions: dict[str, tuple[str, int]]
) -> None:
    rows = {r.uid: r for r in s.scalars(
        select(CalendarEventRow).where(CalendarEventRow.person_id == person.id))}  # fmt: skip
    for uid, (digest, sequence) in versions.items():
        row = rows.get(uid)
        if row is None:
            s.add(CalendarEventRow(person_id=person.id, uid=uid, digest=digest, sequence=sequence))
        else:
            row.digest, row.sequence = digest, sequence
    s.flush()
