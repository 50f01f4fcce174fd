"""Reading and writing records: the only code that knows SQL.

Each repository works inside one unit of work (``unit_of_work.py``), takes and returns domain
records (``Person``, ``Measurement``, ``StoredSession``, ``SetRecord``, ``OutcomeRecord``) and
ids, never rows. A lookup of someone else's record finds nothing (None or False): the services
word what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from footwork.domain.limits import check_name
from footwork.domain.measures import MeasureKind, Measurement, Method
from footwork.domain.records import (
    DEFAULT_PERSON,
    OutcomeRecord,
    Person,
    SetRecord,
    StoredSession,
)
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.errors import Fix, InvalidInput, NotFound
from footwork.storage.tables import (
    CalendarEventRow,
    MeasurementRow,
    OutcomeRow,
    PersonRow,
    SessionRow,
    SetRow,
)

UID_CHUNK = 500  # uids looked up per query (SQLite limits the parameters of one statement)


def _owns(owner_id: int | None, person_id: int) -> bool:
    """Whether a record of ``person_id`` is one ``owner_id`` may see (no one owns nothing)."""
    return owner_id is not None and owner_id == person_id


class _Repository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def _existing_uids(self, table: Any, uids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(uids), UID_CHUNK):
            chunk = uids[i : i + UID_CHUNK]
            found |= set(self._s.scalars(select(table.uid).where(table.uid.in_(chunk))))
        return found


# People ------------------------------------------------------------------------------------


def to_person(row: PersonRow) -> Person:
    return Person(
        id=row.id, uid=row.uid, name=row.name, sport=row.sport, goals=row.goals,
        created_at=row.created_at, plan_start=row.plan_start,
        training_times=tuple(row.training_times) if row.training_times else None,
        time_zone=row.time_zone,
    )  # fmt: skip


class People(_Repository):
    def find(self, name: str) -> Person | None:
        row = self._find_row(name)
        return None if row is None else to_person(row)

    def _find_row(self, name: str) -> PersonRow | None:
        return self._s.scalars(select(PersonRow).where(PersonRow.name == name)).one_or_none()

    def get(self, person_id: int) -> Person | None:
        row = self._s.get(PersonRow, person_id)
        return None if row is None else to_person(row)

    def by_uid(self, uid: str) -> Person | None:
        row = self._s.scalars(select(PersonRow).where(PersonRow.uid == uid)).one_or_none()
        return None if row is None else to_person(row)

    def all(self) -> list[Person]:
        return [to_person(r) for r in self._s.scalars(select(PersonRow).order_by(PersonRow.name))]

    def add(self, name: str, sport: str = "", goals: str = "") -> Person:
        """A new profile; its name is checked and must be free."""
        name = check_name(name)
        if self._find_row(name):
            raise InvalidInput(
                f"There is already a person called {name!r}.",
                hint="Use another name, or choose the profile that has it.",
                fix=Fix.OTHER_NAME,
            )
        return self._insert(PersonRow(name=name, sport=sport, goals=goals,
                                      created_at=datetime.now()))  # fmt: skip

    def add_imported(
        self, uid: str, name: str, sport: str, goals: str, created_at: datetime,
        plan_start: date | None,
    ) -> Person:  # fmt: skip
        """A profile from an export file, with its own uid and dates."""
        return self._insert(PersonRow(uid=uid, name=name, sport=sport, goals=goals,
                                      created_at=created_at, plan_start=plan_start))  # fmt: skip

    def restore(
        self, person_id: int, uid: str, name: str, sport: str, goals: str, created_at: datetime,
        plan_start: date | None,
    ) -> Person:  # fmt: skip
        """Give an existing profile the identity of one from an export file."""
        row = self._s.get_one(PersonRow, person_id)
        row.uid, row.name, row.sport, row.goals = uid, name, sport, goals
        row.created_at, row.plan_start = created_at, plan_start
        self._s.flush()
        return to_person(row)

    def _insert(self, row: PersonRow) -> Person:
        self._s.add(row)
        self._s.flush()
        return to_person(row)

    def delete(self, person_id: int) -> bool:
        """Remove a person; the database removes their records with them (ON DELETE CASCADE:
        measurements, sessions and sets, outcome notes, jobs, calendar events, plan changes,
        clip comments, the access log, upload owners)."""
        done = self._s.execute(delete(PersonRow).where(PersonRow.id == person_id))
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def holds_records(self, person_id: int) -> bool:
        """Whether any measurement, session or outcome note belongs to this person."""
        return any(
            self._s.scalar(select(t.id).where(t.person_id == person_id).limit(1)) is not None
            for t in (MeasurementRow, SessionRow, OutcomeRow)
        )

    def set_plan_start(self, person_id: int, day: date) -> Person:
        return self._change(person_id, plan_start=day)

    def set_training_times(self, person_id: int, times: Iterable[str] | None) -> Person:
        return self._change(person_id, training_times=list(times) if times else None)

    def set_time_zone(self, person_id: int, zone: str | None) -> Person:
        return self._change(person_id, time_zone=zone)

    def _change(self, person_id: int, **values: Any) -> Person:
        row = self._s.get_one(PersonRow, person_id)
        for name, value in values.items():
            setattr(row, name, value)
        self._s.flush()
        return to_person(row)

    def resolve(self, name: str | None, *, create_default: bool = True) -> Person:
        """The person to write for: the named one; else the only one. On an empty home, a
        write creates the first profile, called 'me', whether 'me' is named or not (one rule)."""
        if name:
            found = self.find(name.strip())
            if found is not None:
                return found
            if not (create_default and name.strip() == DEFAULT_PERSON and not self.all()):
                raise NotFound(
                    f"No person called {name!r}.",
                    hint="Check the spelling, or create a profile with that name first.",
                    field="person",
                )
        people = self.all()
        if len(people) == 1:
            return people[0]
        if len(people) > 1:
            # Never list the others' names here: whoever sees this error may not be them.
            raise InvalidInput(
                "Several people are stored, and this does not say whose data it is.",
                hint="Say whose data this is.",
                fix=Fix.CHOOSE_PERSON,
                field="person",
            )
        if not create_default:
            raise NotFound(
                "No one is set up yet.", hint="Create a profile first.", fix=Fix.CREATE_PERSON
            )
        return self.add(DEFAULT_PERSON)

    def reader(self, name: str | None) -> Person | None:
        """The person to read, as ``resolve`` finds them, but never created: None on an empty
        home when no one or the default 'me' is asked for (reads show an empty state)."""
        if (not name or name.strip() == DEFAULT_PERSON) and not self.all():
            return None
        return self.resolve(name, create_default=False)


# Measurements ------------------------------------------------------------------------------


def to_measurement(row: MeasurementRow) -> Measurement:
    return Measurement(
        kind=MeasureKind(row.kind), side=Side(row.side), value=row.value,
        method=Method(row.method), taken_at=row.taken_at, note=row.note, source=row.source,
        details=dict(row.details or {}), id=row.id,
    )  # fmt: skip


def _measurement_values(m: Measurement) -> dict[str, Any]:
    return dict(
        kind=m.kind.value, side=m.side.value, value=m.value, unit=m.unit.value,
        method=m.method.value, taken_at=m.taken_at, note=m.note, source=m.source,
        details=m.details,
    )  # fmt: skip


class Measurements(_Repository):
    def add(self, person_id: int, m: Measurement, uid: str | None = None) -> int:
        row = MeasurementRow(person_id=person_id, **_measurement_values(m))
        if uid:
            row.uid = uid
        self._s.add(row)
        self._s.flush()
        return row.id

    def add_many(self, person_id: int, items: list[tuple[str, Measurement]]) -> None:
        """Store measurements with their uids in one bulk INSERT (large imports stay fast)."""
        if items:
            self._s.execute(insert(MeasurementRow), [
                _measurement_values(m) | {"uid": uid, "person_id": person_id}
                for uid, m in items
            ])  # fmt: skip

    def existing_uids(self, uids: list[str]) -> set[str]:
        return self._existing_uids(MeasurementRow, uids)

    def _rows(self, person_id: int, kind: MeasureKind | None = None) -> list[MeasurementRow]:
        q = select(MeasurementRow).where(MeasurementRow.person_id == person_id)
        if kind is not None:
            q = q.where(MeasurementRow.kind == kind.value)
        return list(self._s.scalars(q.order_by(MeasurementRow.taken_at, MeasurementRow.id)))

    def all(self, person_id: int, kind: MeasureKind | None = None) -> list[Measurement]:
        """The person's measurements, oldest first."""
        return [to_measurement(r) for r in self._rows(person_id, kind)]

    def all_with_uids(self, person_id: int) -> list[tuple[str, Measurement]]:
        return [(r.uid, to_measurement(r)) for r in self._rows(person_id)]

    def _owned(self, measurement_id: int, owner_id: int | None) -> MeasurementRow | None:
        row = self._s.get(MeasurementRow, measurement_id)
        return row if row is not None and _owns(owner_id, row.person_id) else None

    def get(self, measurement_id: int, owner_id: int | None) -> Measurement | None:
        """The measurement with this id if it belongs to ``owner_id``."""
        row = self._owned(measurement_id, owner_id)
        return None if row is None else to_measurement(row)

    def update(
        self, measurement_id: int, owner_id: int | None, m: Measurement
    ) -> Measurement | None:
        """Replace the values of an owned measurement (its source and details stay)."""
        row = self._owned(measurement_id, owner_id)
        if row is None:
            return None
        values = _measurement_values(m)
        for name in ("kind", "side", "value", "unit", "method", "taken_at", "note"):
            setattr(row, name, values[name])
        self._s.flush()
        return to_measurement(row)

    def delete(self, measurement_id: int, owner_id: int | None) -> bool:
        """Delete an owned measurement; False if there is none with that id for this owner."""
        row = self._owned(measurement_id, owner_id)
        if row is not None:
            self._s.delete(row)
            self._s.flush()
        return row is not None


# Sessions and their sets -------------------------------------------------------------------


def to_set_record(row: SetRow, started_at: datetime) -> SetRecord:
    return SetRecord(
        id=row.id, started_at=started_at, exercise=row.exercise,
        side=Side(row.side) if row.side else None,
        direction=Direction(row.direction) if row.direction else None, set_number=row.set_number,
        reps_done=row.reps_done,
        reps_target=row.reps_target, effort=row.effort, pain=row.pain, note=row.note,
        completed=row.completed, stop_reason=row.stop_reason, uid=row.uid,
    )  # fmt: skip


def to_session(row: SessionRow) -> StoredSession:
    return StoredSession(
        id=row.id, uid=row.uid, started_at=row.started_at, ended_at=row.ended_at,
        source=row.source, note=row.note, plan_week=row.plan_week,
        details=dict(row.details or {}),
        sets=tuple(to_set_record(x, row.started_at) for x in row.sets),
    )  # fmt: skip


def _set_values(entry: SetLog) -> dict[str, Any]:
    return dict(
        exercise=entry.exercise, side=entry.side.value if entry.side else None,
        direction=entry.direction.value if entry.direction else None,
        set_number=entry.set_number, reps_done=entry.reps_done, reps_target=entry.reps_target,
        effort=entry.effort, pain=entry.pain, note=entry.note, completed=entry.completed,
        stop_reason=entry.stop_reason,
    )  # fmt: skip


class Sessions(_Repository):
    def start(
        self,
        person_id: int,
        log: SessionLog,
        details: dict[str, Any] | None = None,
        uid: str | None = None,
    ) -> int:
        """Store a session's heading (not its sets); the first session logged starts the
        person's programme. Its id. ``uid`` names it for good (a job logs its session under
        the job's id, so running the job again cannot log it twice)."""
        row = SessionRow(
            person_id=person_id, started_at=log.started_at, ended_at=log.ended_at,
            source=log.source, note=log.note, plan_week=log.plan_week, details=details or {},
        )  # fmt: skip
        if uid is not None:
            row.uid = uid
        self._s.add(row)
        person = self._s.get_one(PersonRow, person_id)
        if person.plan_start is None:  # the first session logged starts the programme
            person.plan_start = log.started_at.date()
        self._s.flush()
        return row.id

    def id_of(self, uid: str) -> int | None:
        """The id of the session named ``uid``, if there is one."""
        return self._s.scalars(select(SessionRow.id).where(SessionRow.uid == uid)).one_or_none()

    def add_set(self, session_id: int, entry: SetLog) -> int:
        row = SetRow(session_id=session_id, **_set_values(entry))
        self._s.add(row)
        self._s.flush()
        return row.id

    def finish(self, session_id: int, ended_at: datetime, note: str = "") -> None:
        """Record when a session ended (and its note, if one is given)."""
        row = self._s.get_one(SessionRow, session_id)
        row.ended_at = ended_at
        if note:
            row.note = note
        self._s.flush()

    def all(self, person_id: int) -> list[StoredSession]:
        """The person's sessions with their sets, oldest first (the sets in one more query,
        not one per session)."""
        q = (
            select(SessionRow)
            .where(SessionRow.person_id == person_id)
            .options(selectinload(SessionRow.sets))
        )
        return [to_session(r) for r in self._s.scalars(
            q.order_by(SessionRow.started_at, SessionRow.id))]  # fmt: skip

    def days_trained(self, person_id: int) -> list[date]:
        """Days with at least one session that has a completed set."""
        q = (
            select(SessionRow.started_at)
            .join(SetRow, SetRow.session_id == SessionRow.id)
            .where(SessionRow.person_id == person_id, SetRow.reps_done > 0)
            .distinct()
        )
        return sorted({ts.date() for ts in self._s.scalars(q)})

    def pains(self, person_id: int) -> list[tuple[datetime, int]]:
        """(session start, pain) of every set with a pain rating, oldest first."""
        q = (
            select(SessionRow.started_at, SetRow.pain)
            .join(SessionRow, SetRow.session_id == SessionRow.id)
            .where(SessionRow.person_id == person_id, SetRow.pain.is_not(None))
            .order_by(SessionRow.started_at)
        )
        return [(at, int(pain)) for at, pain in self._s.execute(q) if pain is not None]

    def existing_uids(self, uids: list[str]) -> set[str]:
        return self._existing_uids(SessionRow, uids)

    def add_imported(self, person_id: int, sessions: list[StoredSession]) -> None:
        """Store sessions from an export file with their uids and sets (ids are ignored)."""
        for x in sessions:
            self._s.add(SessionRow(
                person_id=person_id, uid=x.uid, started_at=x.started_at, ended_at=x.ended_at,
                source=x.source, note=x.note, plan_week=x.plan_week, details=dict(x.details),
                sets=[SetRow(
                    uid=st.uid, exercise=st.exercise, side=st.side, direction=st.direction,
                    set_number=st.set_number, reps_done=st.reps_done, reps_target=st.reps_target,
                    effort=st.effort, pain=st.pain, note=st.note, completed=st.completed,
                    stop_reason=st.stop_reason,
                ) for st in x.sets],
            ))  # fmt: skip
        self._s.flush()

    # Single sets, as a person corrects them

    def sets(self, person_id: int) -> list[SetRecord]:
        """Every set the person logged, by the start of its session."""
        q = (
            select(SetRow, SessionRow.started_at)
            .join(SessionRow, SetRow.session_id == SessionRow.id)
            .where(SessionRow.person_id == person_id)
            .order_by(SessionRow.started_at, SetRow.id)
        )
        return [to_set_record(row, started) for row, started in self._s.execute(q)]

    def _owned_set(self, set_id: int, owner_id: int | None) -> SetRow | None:
        row = self._s.get(SetRow, set_id)
        return row if row is not None and _owns(owner_id, row.session.person_id) else None

    def get_set(self, set_id: int, owner_id: int | None) -> SetRecord | None:
        row = self._owned_set(set_id, owner_id)
        return None if row is None else to_set_record(row, row.session.started_at)

    def update_set(
        self, set_id: int, owner_id: int | None, *, reps_done: int, reps_target: int,
        effort: int | None, pain: int | None, note: str,
    ) -> SetRecord | None:  # fmt: skip
        row = self._owned_set(set_id, owner_id)
        if row is None:
            return None
        row.reps_done, row.reps_target, row.effort, row.pain, row.note = (
            reps_done, reps_target, effort, pain, note)  # fmt: skip
        self._s.flush()
        return to_set_record(row, row.session.started_at)

    def delete_set(self, set_id: int, owner_id: int | None) -> bool:
        row = self._owned_set(set_id, owner_id)
        if row is not None:
            self._s.delete(row)
            self._s.flush()
        return row is not None


# Outcome notes -----------------------------------------------------------------------------


def to_outcome(row: OutcomeRow) -> OutcomeRecord:
    return OutcomeRecord(row.id, row.recorded_at, row.kind, row.value, row.unit, row.note,
                         uid=row.uid)  # fmt: skip


class Outcomes(_Repository):
    def add(
        self, person_id: int, kind: str, value: float | None, unit: str, note: str,
        recorded_at: datetime,
    ) -> OutcomeRecord:  # fmt: skip
        row = OutcomeRow(person_id=person_id, kind=kind, value=value, unit=unit, note=note,
                         recorded_at=recorded_at)  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return to_outcome(row)

    def add_imported(self, person_id: int, outcomes: list[OutcomeRecord]) -> None:
        """Store outcome notes from an export file with their uids (ids are ignored)."""
        for o in outcomes:
            row = OutcomeRow(person_id=person_id, uid=o.uid, recorded_at=o.recorded_at,
                             kind=o.kind, value=o.value, unit=o.unit, note=o.note)  # fmt: skip
            self._s.add(row)
        self._s.flush()

    def existing_uids(self, uids: list[str]) -> set[str]:
        return self._existing_uids(OutcomeRow, uids)

    def all(self, person_id: int) -> list[OutcomeRecord]:
        """The person's outcome notes, oldest first."""
        q = select(OutcomeRow).where(OutcomeRow.person_id == person_id)
        return [to_outcome(r) for r in self._s.scalars(
            q.order_by(OutcomeRow.recorded_at, OutcomeRow.id))]  # fmt: skip

    def _owned(self, outcome_id: int, owner_id: int | None) -> OutcomeRow | None:
        row = self._s.get(OutcomeRow, outcome_id)
        return row if row is not None and _owns(owner_id, row.person_id) else None

    def get(self, outcome_id: int, owner_id: int | None) -> OutcomeRecord | None:
        row = self._owned(outcome_id, owner_id)
        return None if row is None else to_outcome(row)

    def update(
        self, outcome_id: int, owner_id: int | None, *, recorded_at: datetime, kind: str,
        value: float | None, unit: str, note: str,
    ) -> OutcomeRecord | None:  # fmt: skip
        row = self._owned(outcome_id, owner_id)
        if row is None:
            return None
        row.recorded_at, row.kind, row.value, row.unit, row.note = (
            recorded_at, kind, value, unit, note)  # fmt: skip
        self._s.flush()
        return to_outcome(row)

    def delete(self, outcome_id: int, owner_id: int | None) -> bool:
        row = self._owned(outcome_id, owner_id)
        if row is not None:
            self._s.delete(row)
            self._s.flush()
        return row is not None


# The calendar events handed out ------------------------------------------------------------


class Calendar(_Repository):
    def versions(self, person_id: int) -> dict[str, tuple[str, int]]:
        """uid -> (content digest, SEQUENCE) of each calendar event last handed out."""
        q = select(CalendarEventRow).where(CalendarEventRow.person_id == person_id)
        return {r.uid: (r.digest, r.sequence) for r in self._s.scalars(q)}

    def save_versions(self, person_id: int, versions: dict[str, tuple[str, int]]) -> None:
        rows = {r.uid: r for r in self._s.scalars(
            select(CalendarEventRow).where(CalendarEventRow.person_id == person_id))}  # fmt: skip
        for uid, (digest, sequence) in versions.items():
            row = rows.get(uid)
            if row is None:
                self._s.add(CalendarEventRow(person_id=person_id, uid=uid, digest=digest,
                                             sequence=sequence))  # fmt: skip
            else:
                row.digest, row.sequence = digest, sequence
        self._s.flush()
