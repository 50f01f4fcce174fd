"""Export all data as JSON (complete) and CSV (for spreadsheets), and import it back.

Import is all or nothing: the file is parsed and every record validated before one transaction
writes anything. Records are matched by ``uid``, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from footwork.config import Settings
from footwork.domain.limits import (
    OUTCOME_KIND_MAX_CHARS,
    check_moment,
    check_name,
    parse_number,
)
from footwork.domain.measures import (
    MeasureKind,
    Measurement,
    Method,
    NewMeasurement,
    new_measurement,
    parse_kind,
    parse_method,
    validate,
)
from footwork.domain.records import (
    DEFAULT_PERSON,
    OutcomeRecord,
    Person,
    SetRecord,
    StoredSession,
)
from footwork.domain.sides import Direction, Side, parse_side
from footwork.domain.units import parse_unit
from footwork.errors import Fix, FootworkError, ImportRejected, InvalidInput
from footwork.services import transfer_schema as schema
from footwork.services.store import UnitOfWork, open_store

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MEASUREMENT_COLUMNS = ["uid", "person", "kind", "side", "value", "unit", "method", "taken_at",
                       "note", "source"]  # fmt: skip
SET_COLUMNS = ["session_uid", "started_at", "source", "exercise", "side", "direction",
               "set_number", "reps_done", "reps_target", "effort", "pain", "completed",
               "stop_reason", "note", "person", "uid"]  # fmt: skip
OUTCOME_COLUMNS = ["uid", "person", "recorded_at", "kind", "value", "unit", "note"]


# Export ------------------------------------------------------------------------------------


def export_document(settings: Settings, person: str | None = None) -> dict:
    """Everyone's records; given ``person``, only theirs."""
    with open_store(settings).unit_of_work() as uow:
        chosen = uow.people.all() if person is None else [uow.people.resolve(person)]
        people = [_person_dict(uow, p) for p in chosen]
    return {
        "format": schema.FORMAT_NAME,
        "version": schema.FORMAT_VERSION,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "people": people,
    }


def _person_dict(uow: UnitOfWork, p: Person) -> dict:
    return {
        "uid": p.uid, "name": p.name, "sport": p.sport, "goals": p.goals,
        "created_at": p.created_at.isoformat() if p.created_at else None,
        "plan_start": p.plan_start.isoformat() if p.plan_start else None,
        "measurements": [_measurement_dict(uid, m)
                         for uid, m in uow.measurements.all_with_uids(p.id)],
        "sessions": [_session_dict(x) for x in uow.sessions.all(p.id)],
        "outcomes": [_outcome_dict(o) for o in uow.outcomes.all(p.id)],
    }  # fmt: skip


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _measurement_dict(uid: str, m: Measurement) -> dict:
    return {
        "uid": uid, "kind": m.kind.value, "side": m.side.value, "value": m.value,
        "unit": m.unit.value, "method": m.method.value, "taken_at": _iso(m.taken_at),
        "note": m.note, "source": m.source, "details": m.details,
    }  # fmt: skip


def _session_dict(x: StoredSession) -> dict:
    return {
        "uid": x.uid, "started_at": _iso(x.started_at), "ended_at": _iso(x.ended_at),
        "source": x.source, "note": x.note, "plan_week": x.plan_week, "details": x.details,
        "sets": [_set_dict(st) for st in x.sets],
    }  # fmt: skip


def _set_dict(st: SetRecord) -> dict:
    return {
        "uid": st.uid, "exercise": st.exercise, "side": st.side, "direction": st.direction,
        "set_number": st.set_number, "reps_done": st.reps_done, "reps_target": st.reps_target,
        "effort": st.effort, "pain": st.pain, "note": st.note, "completed": st.completed,
        "stop_reason": st.stop_reason,
    }  # fmt: skip


def _outcome_dict(o: OutcomeRecord) -> dict:
    return {"uid": o.uid, "recorded_at": _iso(o.recorded_at), "kind": o.kind, "value": o.value,
            "unit": o.unit, "note": o.note}  # fmt: skip


def export_to(settings: Settings, folder: Path, person: str | None = None) -> list[Path]:
    """Write footwork.json plus measurements.csv, sets.csv and outcomes.csv into ``folder``
    (given ``person``, only theirs)."""
    doc = export_document(settings, person)
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "footwork.json"
    main.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    files = [main]
    files.append(
        _write_csv(folder / "measurements.csv", MEASUREMENT_COLUMNS, _rows(doc, "measurements"))
    )
    files.append(_write_csv(folder / "sets.csv", SET_COLUMNS, _set_rows(doc)))
    files.append(_write_csv(folder / "outcomes.csv", OUTCOME_COLUMNS, _rows(doc, "outcomes")))
    return files


def _rows(doc: dict, key: str) -> list[dict]:
    return [{**r, "person": p["name"]} for p in doc["people"] for r in p[key]]


def _set_rows(doc: dict) -> list[dict]:
    return [
        {**x, "session_uid": sess["uid"], "started_at": sess["started_at"],
         "source": sess["source"], "person": p["name"]}
        for p in doc["people"] for sess in p["sessions"] for x in sess["sets"]
    ]  # fmt: skip


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


# Import ------------------------------------------------------------------------------------


@dataclass
class ImportPreview:
    source: str
    people_new: list[str] = field(default_factory=list)
    people_existing: list[str] = field(default_factory=list)
    new: dict[str, int] = field(default_factory=dict)
    duplicate: dict[str, int] = field(default_factory=dict)
    applied: bool = False

    @property
    def total_new(self) -> int:
        return sum(self.new.values())


def load_document(path: Path, person: str | None = None) -> schema.ExportFile:
    """Read a footwork.json or a measurements CSV into the export model, or refuse it."""
    if not path.is_file():
        raise ImportRejected(f"No file at {path}.", hint="Give the path of footwork.json or a CSV.")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ImportRejected(
            f"{path.name} is larger than {MAX_IMPORT_BYTES // 2**20} MB.",
            hint="Split it, or import the JSON export instead of a CSV.",
        )
    if path.suffix.lower() == ".csv":
        return _document_from_csv(path, person)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return schema.ExportFile.model_validate(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportRejected(
            f"{path.name} is not valid JSON ({exc}).",
            hint="Import the footwork.json file that footwork's export wrote.",
            fix=Fix.EXPORT_FILE,
        ) from exc
    except ValidationError as exc:
        raise ImportRejected(
            f"{path.name} does not match footwork's export format: " + _first_errors(exc),
            hint="See docs/export-format.md for the fields.",
        ) from exc


def _first_errors(exc: ValidationError, n: int = 3) -> str:
    parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:n]]
    more = len(exc.errors()) - n
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


CSV_DEFAULT_PERSON_UID = "csv-default-person"
CSV_DELIMITERS = ",;\t"  # spreadsheets in many countries write ';' because ',' is their decimal
MEASUREMENT_NEEDS = {"kind", "side", "value", "unit", "method", "taken_at"}
MEASUREMENT_CSV_NEEDS = {"kind", "side", "value"}  # to record: the rest has defaults
SET_NEEDS = {"session_uid", "started_at", "exercise", "reps_done", "reps_target"}
OUTCOME_NEEDS = {"recorded_at", "kind"}
_PERSON_NAMESPACE = uuid.UUID("5b0a3c2e-6f1d-4e0b-9a57-2f1c8d4e7a10")


def _person_uid(name: str) -> str:
    """The same 36-character id for the same name, however long the name is."""
    return str(uuid.uuid5(_PERSON_NAMESPACE, name))


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV written with ',', ';' or tabs (the delimiter is read from the header)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            header = fh.readline()
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                    header, CSV_DELIMITERS
                )
            except csv.Error:
                dialect = csv.excel
            fh.seek(0)
            if fh.read(1) != "\ufeff":
                fh.seek(0)
            return [
                {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(fh, dialect=dialect)
            ]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportRejected(f"{path.name} is not a readable CSV file ({exc}).") from exc


def read_measurement_file(path: Path) -> list[NewMeasurement]:
    """The measurements of a CSV with a header row, or of a JSON list of objects: kind, side
    and value, and if wanted unit and method (else the measure's own unit and default method),
    taken_at (else now) and note. A CSV is read like an imported one (',', ';' or tab between
    columns, a decimal comma where it cannot mean thousands), and every row is checked: one bad
    row refuses the file, naming the lines (or JSON entries) to fix."""
    if not path.is_file():
        raise ImportRejected(f"No file at {path}.", hint="Check the path.")
    is_csv = path.suffix.lower() == ".csv"
    rows = _read_csv(path) if is_csv else _read_json_rows(path)
    if not rows:
        raise ImportRejected(
            f"{path.name} holds no measurements.", hint="Add rows under the header."
        )
    missing = sorted(MEASUREMENT_CSV_NEEDS - set().union(*(row.keys() for row in rows)))
    if missing:
        raise ImportRejected(
            f"{path.name} lacks the columns: {', '.join(missing)}.",
            hint="Each row needs kind, side and value; unit, method, taken_at (ISO date/time) "
            "and note may be given.",
        )
    found, errors = [], []
    now = datetime.now().replace(microsecond=0)
    first, where = (2, "line") if is_csv else (1, "entry")
    for n, row in enumerate(rows, start=first):
        try:
            new = new_measurement(
                str(row["kind"]), str(row["side"]), parse_number(str(row["value"]), "The value"),
                _text(row.get("unit")), _text(row.get("method")),
                _csv_moment(str(row["taken_at"])) if row.get("taken_at") else now,
                note=_text(row.get("note")) or "",
            )  # fmt: skip
            validate(new)
            found.append(new)
        except KeyError as exc:
            errors.append(f"{where} {n}: no {exc.args[0]}")
        except (ValueError, FootworkError) as exc:
            errors.append(f"{where} {n}: {exc}")
    _raise_row_errors(path, errors)
    return found


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _read_json_rows(path: Path) -> list[dict[str, Any]]:
    """A JSON list of objects, or ImportRejected saying what the file should hold."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportRejected(
            f"Cannot read {path.name}: {exc}.",
            hint="Give a JSON list of objects or a CSV with a header row.",
        ) from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ImportRejected(
            f"{path.name} is not a list of measurements.",
            hint="Give a JSON list of objects, each with kind, side and value.",
        )
    return rows


def _document_from_csv(path: Path, person: str | None) -> schema.ExportFile:
    rows = _read_csv(path)
    columns = set(rows[0].keys()) if rows else set()
    if not rows:
        raise ImportRejected(
            f"{path.name} has no rows.", hint="Export from footwork, or add rows under the header."
        )
    readers = (
        (MEASUREMENT_NEEDS, _csv_measurement, "measurements"),
        (SET_NEEDS, _csv_set, "sessions"),
        (OUTCOME_NEEDS, _csv_outcome, "outcomes"),
    )
    for needs, read_row, key in readers:
        if needs <= columns:
            return _csv_document(path, rows, person, read_row, key)
    missing = sorted(MEASUREMENT_NEEDS - columns)
    raise ImportRejected(
        f"{path.name} lacks the columns: {', '.join(missing)}.",
        hint="Measurements need kind, side, value, unit, method, taken_at (ISO date/time); "
        "outcome notes need recorded_at and kind; sets need session_uid, started_at, exercise, "
        "reps_done and reps_target.",
    )


def _csv_document(path: Path, rows: list[dict[str, str]], person: str | None, read_row: Any,
                  key: str) -> schema.ExportFile:  # fmt: skip
    by_person: dict[str | None, list[Any]] = {}
    errors: list[str] = []
    for n, row in enumerate(rows, start=2):
        try:
            name = person or row.get("person") or None
            item = read_row(row)
            by_person.setdefault(check_name(name) if name else None, []).append(item)
        except (ValueError, FootworkError) as exc:
            errors.append(f"line {n}: {exc}")
    _raise_row_errors(path, errors)
    now = datetime.now()
    people = []
    for name, items in by_person.items():
        records: dict[str, Any] = {key: _merge_sessions(items) if key == "sessions" else items}
        people.append(schema.PersonIn(
            uid=CSV_DEFAULT_PERSON_UID if name is None else _person_uid(name),
            name=name or DEFAULT_PERSON, created_at=now, **records,
        ))  # fmt: skip
    return schema.ExportFile(format="footwork-export", version=1, exported_at=now, people=people)


def _csv_measurement(row: dict[str, str]) -> schema.MeasurementIn:
    new = _new_measurement(
        row["kind"],
        row["side"],
        parse_number(row["value"], "The value"),
        row["unit"],
        row["method"],
        _csv_moment(row["taken_at"]),
    )
    validate(new)
    m = schema.MeasurementIn(
        uid=row.get("uid") or "pending",
        kind=new.kind.value,
        side=new.side.value,
        value=new.value,
        unit=new.unit.value,
        method=new.method.value,
        taken_at=new.taken_at,
        note=row.get("note") or "",
        source=row.get("source") or "",
    )
    if not row.get("uid"):
        m.uid = _content_uid(m)
    return m


def _csv_moment(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"Cannot read the date {text!r}.", hint="Use YYYY-MM-DD.") from None
    return check_moment(when, date.today())


def _csv_int(row: dict[str, str], key: str) -> int | None:
    text = row.get(key) or ""
    if not text:
        return None
    number = parse_number(text, key)
    if number != int(number):
        raise InvalidInput(f"{key} {text!r} is not a whole number.")
    return int(number)


def _csv_outcome(row: dict[str, str]) -> schema.OutcomeIn:
    value = parse_number(row["value"], "The value") if row.get("value") else None
    o = schema.OutcomeIn(
        uid=row.get("uid") or "pending", recorded_at=_csv_moment(row["recorded_at"]),
        kind=check_name(row["kind"], "outcome name", OUTCOME_KIND_MAX_CHARS), value=value,
        unit=row.get("unit") or "", note=row.get("note") or "",
    )  # fmt: skip
    if not row.get("uid"):
        key = "|".join((o.kind, repr(o.value), o.unit, o.recorded_at.isoformat(), o.note))
        o.uid = "csv-" + hashlib.sha1(key.encode()).hexdigest()[:32]
    return o


def _csv_set(row: dict[str, str]) -> tuple[dict[str, Any], schema.SetIn]:
    session = {"uid": row["session_uid"], "started_at": _csv_moment(row["started_at"]),
               "source": row.get("source") or "coach"}  # fmt: skip
    fields = {k: row.get(k) or None for k in ("side", "direction")}
    counts = {k: _csv_int(row, k) for k in ("set_number", "reps_done", "reps_target", "effort",
                                            "pain")}  # fmt: skip
    completed = (row.get("completed") or "true").lower() not in ("false", "0", "no")
    parts = (row["session_uid"], row["exercise"], *fields.values(), *counts.values())
    digest = hashlib.sha1("|".join(str(v) for v in parts).encode()).hexdigest()[:32]
    uid = row.get("uid") or "csv-" + digest
    entry = schema.SetIn(
        uid=uid, exercise=row["exercise"], **fields, set_number=counts["set_number"] or 1,
        reps_done=counts["reps_done"] or 0, reps_target=counts["reps_target"] or 0,
        effort=counts["effort"], pain=counts["pain"], note=row.get("note") or "",
        completed=completed, stop_reason=row.get("stop_reason") or "",
    )  # fmt: skip
    return session, entry


def _merge_sessions(items: list[tuple[dict[str, Any], schema.SetIn]]) -> list[schema.SessionIn]:
    """The rows of sets.csv grouped back into their sessions."""
    sessions: dict[str, schema.SessionIn] = {}
    for session, entry in items:
        found = sessions.setdefault(session["uid"], schema.SessionIn(**session))
        found.sets.append(entry)
    return list(sessions.values())


def _content_uid(m: schema.MeasurementIn) -> str:
    """A stable id for a CSV row without one, made from its parsed content, so re-importing
    the same CSV (even re-saved by a spreadsheet as 4.0 instead of 4) adds nothing.
    """
    key = "|".join((m.kind, m.side, repr(float(m.value)), m.unit, m.method, m.taken_at.isoformat()))
    return "csv-" + hashlib.sha1(key.encode()).hexdigest()[:32]


def _new_measurement(
    kind: str, side: str, value: float, unit: str, method: str, taken_at: datetime
) -> NewMeasurement:
    return NewMeasurement(
        kind=parse_kind(kind),
        side=parse_side(side),
        value=value,
        unit=parse_unit(unit),
        method=parse_method(method),
        taken_at=taken_at,
    )


def _raise_row_errors(path: Path, errors: list[str]) -> None:
    if errors:
        shown = "; ".join(errors[:5]) + (
            f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        )
        raise ImportRejected(
            f"{path.name} has invalid rows, so nothing was imported: {shown}",
            hint="Fix those rows and import again.",
        )


def _validate_document(path: Path, doc: schema.ExportFile) -> None:
    """Check every measurement, and rewrite it as footwork stores it: canonical names, and the
    value in the measure's own unit (a CSV in inches is stored in cm, as 'measure add' does).
    """
    errors = []
    for p in doc.people:
        for m in p.measurements:
            try:
                valid = validate(
                    _new_measurement(m.kind, m.side, m.value, m.unit, m.method, m.taken_at)
                )
            except FootworkError as exc:
                errors.append(f"{p.name}, measurement {m.uid}: {exc}")
                continue
            m.kind, m.side, m.method = valid.kind.value, valid.side.value, valid.method.value
            m.value, m.unit = valid.value, valid.unit.value
        errors += _date_errors(p)
    _raise_row_errors(path, errors)


def _date_errors(p: schema.PersonIn) -> list[str]:
    """Sessions and outcome notes dated before 1900 or after today (measurements are checked
    with the rest of their values)."""
    today, errors = date.today(), []
    dated = [(f"session {x.uid}", x.started_at) for x in p.sessions] + [
        (f"outcome {o.uid}", o.recorded_at) for o in p.outcomes
    ]
    for what, when in dated:
        try:
            check_moment(when, today)
        except FootworkError as exc:
            errors.append(f"{p.name}, {what}: {exc}")
    return errors


def import_file(
    settings: Settings, path: Path, *, preview: bool = False, person: str | None = None
) -> ImportPreview:
    """Preview (nothing written) or apply an import in one transaction."""
    doc = load_document(path, person)
    _validate_document(path, doc)
    result = ImportPreview(source=str(path))
    try:
        with open_store(settings).unit_of_work() as uow:
            for p in doc.people:
                _import_person(uow, p, result, write=not preview)
            if preview:
                raise _RollBack
    except _RollBack:
        pass
    result.applied = not preview
    return result


class _RollBack(Exception):
    """Raised inside a preview so its transaction writes nothing."""


def _find_or_create(uow: UnitOfWork, p: schema.PersonIn, result: ImportPreview) -> Person:
    found: Person | None
    if p.uid == CSV_DEFAULT_PERSON_UID:
        found = uow.people.resolve(None)
    else:
        found = uow.people.by_uid(p.uid) or uow.people.find(p.name)
    if found is not None:
        result.people_existing.append(found.name)
        return found
    empty_default = _empty_default_profile(uow)
    result.people_new.append(p.name)
    if empty_default is not None:  # restoring a backup where only a blank 'me' was made
        return uow.people.restore(empty_default.id, p.uid, p.name, p.sport, p.goals,
                                  p.created_at, p.plan_start)  # fmt: skip
    return uow.people.add_imported(p.uid, p.name, p.sport, p.goals, p.created_at, p.plan_start)


def _empty_default_profile(uow: UnitOfWork) -> Person | None:
    """The automatically made 'me' profile, if it is the only one and holds nothing yet."""
    people = uow.people.all()
    if len(people) != 1 or people[0].name != DEFAULT_PERSON:
        return None
    who = people[0]
    if who.sport or who.goals or uow.people.holds_records(who.id):
        return None
    return who


def _count(result: ImportPreview, key: str, new: int, dup: int) -> None:
    result.new[key] = result.new.get(key, 0) + new
    result.duplicate[key] = result.duplicate.get(key, 0) + dup


def _import_person(uow: UnitOfWork, p: schema.PersonIn, result: ImportPreview, *,
                   write: bool) -> None:  # fmt: skip
    who = _find_or_create(uow, p, result)
    seen = uow.measurements.existing_uids([m.uid for m in p.measurements])
    fresh = [m for m in p.measurements if m.uid not in seen]
    _count(result, "measurements", len(fresh), len(p.measurements) - len(fresh))
    if write:
        uow.measurements.add_many(who.id, [(m.uid, _measurement(m)) for m in fresh])
    seen = uow.sessions.existing_uids([x.uid for x in p.sessions])
    sessions = [x for x in p.sessions if x.uid not in seen]
    _count(result, "sessions", len(sessions), len(p.sessions) - len(sessions))
    if write:
        uow.sessions.add_imported(who.id, [_session(x) for x in sessions])
    seen = uow.outcomes.existing_uids([o.uid for o in p.outcomes])
    outcomes = [o for o in p.outcomes if o.uid not in seen]
    _count(result, "outcomes", len(outcomes), len(p.outcomes) - len(outcomes))
    if write:
        uow.outcomes.add_imported(who.id, [_outcome(o) for o in outcomes])


def _measurement(m: schema.MeasurementIn) -> Measurement:
    """A measurement of the file, already rewritten as footwork stores it."""
    return Measurement(
        kind=MeasureKind(m.kind), side=Side(m.side), value=m.value, method=Method(m.method),
        taken_at=m.taken_at, note=m.note, source=m.source, details=m.details,
    )  # fmt: skip


def _session(x: schema.SessionIn) -> StoredSession:
    return StoredSession(
        id=0, uid=x.uid, started_at=x.started_at, ended_at=x.ended_at, source=x.source,
        note=x.note, plan_week=x.plan_week, details=x.details,
        sets=tuple(SetRecord(
            id=0, started_at=x.started_at, exercise=st.exercise,
            side=Side(st.side) if st.side else None,
            direction=Direction(st.direction) if st.direction else None, set_number=st.set_number,
            reps_done=st.reps_done,
            reps_target=st.reps_target, effort=st.effort, pain=st.pain, note=st.note,
            completed=st.completed, stop_reason=st.stop_reason, uid=st.uid,
        ) for st in x.sets),
    )  # fmt: skip


def _outcome(o: schema.OutcomeIn) -> OutcomeRecord:
    return OutcomeRecord(id=0, recorded_at=o.recorded_at, kind=o.kind, value=o.value,
                         unit=o.unit, note=o.note, uid=o.uid)  # fmt: skip
