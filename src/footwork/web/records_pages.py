"""Correcting stored records from the pages: edit or delete one measurement, logged set or
outcome note. Deleting asks first on its own page (no script needed), then posts a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from footwork.domain.limits import NOTE_MAX_CHARS, OUTCOME_UNITS, parse_number
from footwork.domain.measures import KINDS, new_measurement
from footwork.errors import InvalidInput, NotFound
from footwork.services import records
from footwork.web.deps import PersonDep, SettingsDep, TemplatesDep

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=30)]
NoteText = Annotated[str, Form(max_length=NOTE_MAX_CHARS)]


@dataclass(frozen=True)
class RecordKind:
    """One kind of stored record the pages correct: its name, where its list is, how to read
    and delete one."""

    label: str
    back: str
    read: Callable[[Any, str | None, int], Any]
    delete: Callable[[Any, str | None, int], None]


RECORDS = {
    "measurements": RecordKind("measurement", "/data#measurements", records.measurement,
                               records.delete_measurement),
    "sets": RecordKind("set", "/data#sets", records.set_record, records.delete_set),
    "outcomes": RecordKind("outcome note", "/data#outcomes", records.outcome,
                           records.delete_outcome),
}  # fmt: skip


def _kind(what: str) -> RecordKind:
    if what not in RECORDS:
        raise NotFound(f"There are no {what} to change.", hint="Go back to Your data.")
    return RECORDS[what]


def _record_page(
    request: Request, settings: Any, templates: Any, person: str | None, what: str,
    record_id: int, name: str,
) -> HTMLResponse:  # fmt: skip
    kind = _kind(what)
    record = kind.read(settings, person, record_id)
    context = {"what": what, "label": kind.label, "record": record, "kinds": KINDS,
               "outcome_units": OUTCOME_UNITS, "back": kind.back}  # fmt: skip
    return templates.TemplateResponse(request, name, context)


@router.get("/data/{what}/{record_id}/edit", response_class=HTMLResponse)
def edit_form(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    person: PersonDep,
    what: str,
    record_id: int,
) -> HTMLResponse:
    return _record_page(request, settings, templates, person, what, record_id, "record_edit.html")


@router.get("/data/{what}/{record_id}/delete", response_class=HTMLResponse)
def delete_confirm(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    person: PersonDep,
    what: str,
    record_id: int,
) -> HTMLResponse:
    return _record_page(request, settings, templates, person, what, record_id, "record_delete.html")


@router.post("/data/{what}/{record_id}/delete")
def delete(settings: SettingsDep, person: PersonDep, what: str, record_id: int) -> RedirectResponse:
    kind = _kind(what)
    kind.read(settings, person, record_id)  # another person's record answers 404
    kind.delete(settings, person, record_id)
    return RedirectResponse(kind.back, status_code=303)


def _day(text: str, old: datetime) -> datetime:
    """The day typed on the form, keeping the time of day it had."""
    try:
        return datetime.combine(datetime.fromisoformat(text.strip()).date(), old.time())
    except ValueError:
        raise InvalidInput(f"Cannot read the date {text!r}.", hint="Pick a day.") from None


def _whole(text: str, what: str) -> int | None:
    if not text.strip():
        return None
    number = parse_number(text, what)
    if number != int(number):
        raise InvalidInput(f"{what} {text!r} must be a whole number.")
    return int(number)


@router.post("/data/measurements/{record_id}/edit")
def edit_measurement(
    settings: SettingsDep,
    person: PersonDep,
    record_id: int,
    value: FormText,
    side: FormText,
    method: FormText,
    day: FormText,
    note: NoteText = "",
) -> RedirectResponse:
    old = records.measurement(settings, person, record_id)
    value_number = parse_number(value, f"{KINDS[old.kind].title}:")  # in the measure's own unit
    new = new_measurement(
        old.kind.value, side, value_number, None, method, _day(day, old.taken_at), note.strip()
    )
    records.update_measurement(settings, person, record_id, new)
    return RedirectResponse(RECORDS["measurements"].back, status_code=303)


@router.post("/data/sets/{record_id}/edit")
def edit_set(
    settings: SettingsDep,
    person: PersonDep,
    record_id: int,
    reps_done: FormText,
    reps_target: FormText,
    effort: FormText = "",
    pain: FormText = "",
    note: NoteText = "",
) -> RedirectResponse:
    change = records.SetChange(
        reps_done=_whole(reps_done, "Reps done") or 0,
        reps_target=_whole(reps_target, "Reps planned") or 0,
        effort=_whole(effort, "Effort"), pain=_whole(pain, "Pain"), note=note.strip(),
    )  # fmt: skip
    records.update_set(settings, person, record_id, change)
    return RedirectResponse(RECORDS["sets"].back, status_code=303)


@router.post("/data/outcomes/{record_id}/edit")
def edit_outcome(
    settings: SettingsDep,
    person: PersonDep,
    record_id: int,
    kind: Annotated[str, Form(max_length=60)],
    day: FormText,
    value: FormText = "",
    unit: FormText = "",
    note: NoteText = "",
) -> RedirectResponse:
    moment = None  # the form gives a day: keep the note's time of day
    if day:
        moment = _day(day, records.outcome(settings, person, record_id).recorded_at)
    change = records.OutcomeChange(
        kind=kind, value=parse_number(value, "The value") if value.strip() else None,
        note=note.strip(), unit=unit, recorded_at=moment,
    )  # fmt: skip
    records.update_outcome(settings, person, record_id, change)
    return RedirectResponse(RECORDS["outcomes"].back, status_code=303)
