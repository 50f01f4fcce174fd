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
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from footwork.config import Settings
from footwork.domain.limits import (
    OUTCOME_KIND_MAX_CHARS,
    check_moment,
    check_name,
    parse_number,
)
from footwork.domain.measures import NewMeasurement, parse_kind, parse_method, validate
from footwork.domain.sides import parse_side
from footwork.domain.units import parse_unit
from footwork.errors import Fix, FootworkError, ImportRejected, InvalidInput
from footwork.services import transfer_schema as schema
from footwork.services.store import open_store
from footwork.storage import repository as repo
from footwork.storage.tables import MeasurementRow, OutcomeRow, PersonRow, SessionRow, SetRow

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MEASUREMENT_COLUMNS = ["uid", "person", "kind", "side", "value", "unit", "method", "taken_at",
                       "note", "source"]  # fmt: skip
SET_COLUMNS = ["session_uid", "started_at", "source", "exercise", "side", "direction",
               "set_number", "reps_done", "reps_target", "effort", "pain", "completed",
               "stop_reason", "note", "person", "uid"]  # fmt: skip
OUTCOME_COLUMNS = ["uid", "person", "recorded_at", "kind", "value", "unit", "note"]


# Export ------------------------------------------------------------------------------------


def export_document(settings: Settings) -> dict:
    with open_store(settings).transaction() as s:
        people = [_person_dict(s, p) for p in repo.list_people(s)]
    return {
        "format": schema.FORMAT_NAME,
        "version": schema.FORMAT_VERSION,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "people": people,
    }


def _person_dict(s: Session, p: PersonRow) -> dict:
    ms = s.scalars(
        select(MeasurementRow)
        .where(MeasurementRow.person_id == p.id)
        .order_by(MeasurementRow.taken_at, MeasurementRow.id)
    )
    return {
        "uid": p.uid, "name": p.name, "sport": p.sport, "goals": p.goals,
        "created_at": p.created_at.isoformat(),
        "plan_start": p.plan_start.isoformat() if p.plan_start else None,
        "measurements": [_row_dict(m, MeasurementRow) for m in ms],
        "sessions": [_session_dict(r) for r in repo.list_sessions(s, p)],
        "outcomes": [_row_dict(o, OutcomeRow) for o in repo.list_outcomes(s, p)],
    }  # fmt: skip


def _row_dict(row: object, table: type) -> dict:
    skip = {"id", "person_id", "session_id"}
    out = {}
    for col in table.__table__.columns:  # type: ignore[attr-defined]
        if col.name in skip:
            continue
        value = getattr(row, col.name)
        out[col.name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _session_dict(r: SessionRow) -> dict:
    d = _row_dict(r, SessionRow)
    d["sets"] = [_row_dict(x, SetRow) for x in r.sets]
    return d


def export_to(settings: Settings, folder: Path) -> list[Path]:
    """Write footwork.json plus measurements.csv, sets.csv and outcomes.csv into ``folder``."""
    doc = export_document(settings)
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
    people = [
        schema.PersonIn(uid=CSV_DEFAULT_PERSON_UID if name is None else _person_uid(name),
                        name=name or repo.DEFAULT_PERSON, created_at=now,
                        **{key: _merge_sessions(items) if key == "sessions" else items})
        for name, items in by_person.items()
    ]  # fmt: skip
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
        with open_store(settings).transaction() as s:
            for p in doc.people:
                _import_person(s, p, result, write=not preview)
            if preview:
                raise _RollBack
    except _RollBack:
        pass
    result.applied = not preview
    return result


class _RollBack(Exception):
    """Raised inside a preview so its transaction writes nothing."""


def _existing_uids(s: Session, table: type, uids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(uids), 500):
        chunk = uids[i : i + 500]
        found |= set(s.scalars(select(table.uid).where(table.uid.in_(chunk))))  # type: ignore[attr-defined]
    return found


def _find_or_create(s: Session, p: schema.PersonIn, result: ImportPreview) -> PersonRow:
    row: PersonRow | None
    if p.uid == CSV_DEFAULT_PERSON_UID:
        row = repo.resolve_person(s, None)
    else:
        row = s.scalars(select(PersonRow).where(PersonRow.uid == p.uid)).one_or_none()
        row = row or repo.find_person(s, p.name)
    if row is not None:
        result.people_existing.append(row.name)
        return row
    empty_default = _empty_default_profile(s)
    if empty_default is not None:  # restoring a backup where only a blank 'me' was made
        empty_default.uid, empty_default.name = p.uid, p.name
        empty_default.sport, empty_default.goals = p.sport, p.goals
        empty_default.created_at, empty_default.plan_start = p.created_at, p.plan_start
        s.flush()
        result.people_new.append(p.name)
        return empty_default
    row = PersonRow(
        uid=p.uid,
        name=p.name,
        sport=p.sport,
        goals=p.goals,
        created_at=p.created_at,
        plan_start=p.plan_start,
    )
    s.add(row)
    s.flush()
    result.people_new.append(p.name)
    return row


def _empty_default_profile(s: Session) -> PersonRow | None:
    """The automatically made 'me' profile, if it is the only one and holds nothing yet."""
    people = repo.list_people(s)
    if len(people) != 1 or people[0].name != repo.DEFAULT_PERSON:
        return None
    who = people[0]
    if who.sport or who.goals:
        return None
    has_data = any(
        s.scalar(select(table.id).where(table.person_id == who.id).limit(1)) is not None  # type: ignore[attr-defined]
        for table in (MeasurementRow, SessionRow, OutcomeRow)
    )
    return None if has_data else who


def _count(result: ImportPreview, key: str, new: int, dup: int) -> None:
    result.new[key] = result.new.get(key, 0) + new
    result.duplicate[key] = result.duplicate.get(key, 0) + dup


def _import_person(s: Session, p: schema.PersonIn, result: ImportPreview, *, write: bool) -> None:
    who = _find_or_create(s, p, result)
    seen = _existing_uids(s, MeasurementRow, [m.uid for m in p.measurements])
    fresh = [m for m in p.measurements if m.uid not in seen]
    _count(result, "measurements", len(fresh), len(p.measurements) - len(fresh))
    if write and fresh:  # one bulk INSERT: large imports stay fast
        s.execute(insert(MeasurementRow), [m.model_dump() | {"person_id": who.id} for m in fresh])
    seen = _existing_uids(s, SessionRow, [x.uid for x in p.sessions])
    sessions = [x for x in p.sessions if x.uid not in seen]
    _count(result, "sessions", len(sessions), len(p.sessions) - len(sessions))
    for x in sessions if write else []:
        data = x.model_dump(exclude={"sets"})
        row = SessionRow(
            person_id=who.id, **data, sets=[SetRow(**st.model_dump()) for st in x.sets]
        )
        s.add(row)
    seen = _existing_uids(s, OutcomeRow, [o.uid for o in p.outcomes])
    outcomes = [o for o in p.outcomes if o.uid not in seen]
    _count(result, "outcomes", len(outcomes), len(p.outcomes) - len(outcomes))
    for o in outcomes if write else []:
        s.add(OutcomeRow(person_id=who.id, **o.model_dump()))
    s.flush()
