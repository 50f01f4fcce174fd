"""The JSON API: the same features as the pages, documented at /docs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from footwork.domain.exercises import EXERCISES, Exercise, get_exercise
from footwork.domain.measures import NewMeasurement, new_measurement
from footwork.domain.session import SetLog
from footwork.domain.sides import Direction, Side
from footwork.services import (
    calendar_file,
    demonstrations,
    measurements,
    people,
    planning,
    progress,
    records,
    transfer,
)
from footwork.services import schemas as S
from footwork.services.session_script import session_script
from footwork.web.api_errors import DocumentedRoute
from footwork.web.deps import (
    LiveSessionsDep,
    OptionsDep,
    PersonDep,
    SettingsDep,
    TeamPersonDep,
)
from footwork.web.steps import step_dict
from footwork.web.upload_actions import import_named
from footwork.web.uploads import save_upload, upload_dir


class PublicJSON(JSONResponse):
    """The JSON text ``--json`` prints for the same resource (services.schemas.to_json)."""

    def render(self, content: Any) -> bytes:
        return S.to_json(content).encode("utf-8")


router = APIRouter(prefix="/api", route_class=DocumentedRoute, default_response_class=PublicJSON)


# People and measurements -------------------------------------------------------------------


@router.get("/people", tags=["people"])
def list_people(settings: SettingsDep) -> list[S.PersonPublic]:
    return [S.person_public(p) for p in people.list_profiles(settings)]


@router.post("/people", status_code=201, tags=["people"])
def add_person(settings: SettingsDep, body: S.PersonCreate) -> S.PersonPublic:
    return S.person_public(people.add(settings, body.name, body.sport, body.goals))


def to_new(m: S.MeasurementCreate) -> NewMeasurement:
    when = m.taken_at or datetime.now().replace(microsecond=0)
    return new_measurement(m.kind, m.side, m.value, m.unit, m.method, when, m.note)


@router.post("/measurements", status_code=201, tags=["assessment"])
def add_measurements(
    settings: SettingsDep, person: PersonDep, body: list[S.MeasurementCreate]
) -> list[S.MeasurementPublic]:
    """Record several measurements at once: all are stored, or none if any is refused."""
    saved = measurements.record(settings, [to_new(m) for m in body], person)
    return [S.measurement_public(m) for m in saved]


@router.get("/measurements", tags=["assessment"])
def list_measurements(settings: SettingsDep, person: PersonDep) -> list[S.MeasurementPublic]:
    return [S.measurement_public(m) for m in measurements.list_all(settings, person)]


@router.put("/measurements/{measurement_id}", tags=["assessment"])
def update_measurement(
    settings: SettingsDep, person: PersonDep, measurement_id: int, body: S.MeasurementCreate
) -> S.MeasurementPublic:
    """Correct one measurement: it is checked as a new one would be."""
    return S.measurement_public(
        records.update_measurement(settings, person, measurement_id, to_new(body))
    )


@router.delete("/measurements/{measurement_id}", status_code=204, tags=["assessment"])
def delete_measurement(settings: SettingsDep, person: PersonDep, measurement_id: int) -> Response:
    """Delete one measurement; nothing else changes."""
    records.delete_measurement(settings, person, measurement_id)
    return Response(status_code=204)


@router.get("/assessment", tags=["assessment"])
def assessment(settings: SettingsDep, person: PersonDep) -> S.AssessmentPublic:
    """The latest result of each test on each foot against its target and norms."""
    return S.assessment_public(*planning.assessment(settings, person))


# Plan, exercises, sessions -----------------------------------------------------------------


@router.get("/plan", tags=["plan"])
def plan(settings: SettingsDep, person: PersonDep) -> S.PlanPublic:
    """This week's programme, with the reason for each dose."""
    pp = planning.current_plan(settings, person)
    chosen = calendar_file.training_times(settings, pp.person)
    return S.plan_public(pp.person, pp.plan, chosen.text, chosen.zone.key)


@router.get("/plan.ics", tags=["plan"], response_class=Response)
def plan_calendar(
    settings: SettingsDep, person: PersonDep, weeks: Annotated[int, Query(ge=1, le=26)] = 4
) -> Response:
    """The plan as an RFC 5545 calendar file; re-importing it updates the same events."""
    body = calendar_file.export(settings, person, weeks=weeks)
    return Response(body, media_type="text/calendar")


def exercise_public(e: Exercise) -> S.ExercisePublic:
    return S.ExercisePublic(
        key=e.key, name=e.name, purpose=e.purpose, equipment=e.equipment, setup=list(e.setup),
        steps=list(e.steps), dose=e.dose.describe(), dose_reason=e.dose_reason,
        cues=list(e.cues), faults=list(e.faults), regression=e.regression,
    )  # fmt: skip


@router.get("/exercises", tags=["plan"])
def exercises() -> list[S.ExercisePublic]:
    return [exercise_public(e) for e in EXERCISES.values()]


@router.get("/exercises/{key}/demonstration", tags=["plan"])
def demonstration(key: str) -> S.DemonstrationPublic:
    """The exercise drawn from footwork's motion model: joint positions in image pixels per
    frame, which joints the bones join, and the named phases timed by the exercise's dose."""
    d = demonstrations.demonstration(key)
    return S.DemonstrationPublic(
        exercise=d.exercise, caption=d.caption, view=d.view, fps=d.fps, box=list(d.box),
        joints=list(d.joints), bones=[list(b) for b in d.bones], frames=d.frames,
        phases=[S.DemonstrationPhasePublic(**p.__dict__) for p in d.phases], colours=d.colours,
    )  # fmt: skip


@router.get("/session/steps", tags=["session"])
def steps(
    settings: SettingsDep, person: PersonDep, only: Annotated[list[str] | None, Query()] = None
) -> list[S.StepPublic]:
    """Today's coached session as timed steps: set-up, get ready, each rep's phases, switch."""
    return [S.StepPublic(**step_dict(s)) for s in session_script(settings, person, only).steps]


@router.post("/sessions", status_code=201, tags=["session"])
def start_session(
    settings: SettingsDep, person: PersonDep, live: LiveSessionsDep, body: S.SessionStart
) -> S.SessionStarted:
    """Open a session; each set logged to it is saved at once."""
    return S.SessionStarted(token=live.start(settings, person, body.plan_week), person=person)


def to_set_log(body: S.SetCreate) -> SetLog:
    get_exercise(body.exercise)  # refuses an unknown exercise with the list of known ones
    return SetLog(
        exercise=body.exercise, side=Side(body.side) if body.side else None,
        direction=Direction(body.direction) if body.direction else None,
        reps_done=body.reps_done, reps_target=body.reps_target, set_number=body.set_number,
        effort=body.effort, pain=body.pain, note=body.note.strip(), completed=body.completed,
        stop_reason=body.stop_reason.strip(),
    )  # fmt: skip


@router.post("/sessions/{token}/sets", status_code=201, tags=["session"])
def log_set(live: LiveSessionsDep, token: str, body: S.SetCreate) -> dict[str, bool]:
    """Log one set with its reps, effort and pain (0-10) and a note."""
    live.add_set(token, to_set_log(body))
    return {"saved": True}


@router.post("/sessions/{token}/finish", tags=["session"])
def finish_session(live: LiveSessionsDep, token: str, body: S.SessionFinish) -> S.SessionFinished:
    return S.SessionFinished(person=live.finish(token, body.note.strip()))


# Progress, outcomes, export and import -----------------------------------------------------


@router.get("/progress", tags=["progress"])
def progress_report(settings: SettingsDep, person: PersonDep) -> S.ProgressPublic:
    """Each measure over time with its target and measurement error; adherence; notes."""
    return S.progress_public(progress.report(settings, person))


@router.post("/outcomes", status_code=201, tags=["progress"])
def add_outcome(settings: SettingsDep, person: PersonDep, body: S.OutcomeCreate) -> S.OutcomePublic:
    """Record your own outcome: a lift, a run time, pain (0-10) or a free note."""
    o = progress.add_outcome(
        settings, body.kind, body.value, body.note, body.unit, person, body.recorded_at
    )
    return S.outcome_public(o)


@router.get("/outcomes", tags=["progress"])
def list_outcomes(settings: SettingsDep, person: PersonDep) -> list[S.OutcomePublic]:
    return [S.outcome_public(o) for o in records.list_outcomes(settings, person)]


@router.put("/outcomes/{outcome_id}", tags=["progress"])
def update_outcome(
    settings: SettingsDep, person: PersonDep, outcome_id: int, body: S.OutcomeCreate
) -> S.OutcomePublic:
    """Correct one outcome note: it is checked as a new one would be."""
    change = records.OutcomeChange(
        kind=body.kind, value=body.value, note=body.note, unit=body.unit,
        recorded_at=body.recorded_at,
    )  # fmt: skip
    return S.outcome_public(records.update_outcome(settings, person, outcome_id, change))


@router.delete("/outcomes/{outcome_id}", status_code=204, tags=["progress"])
def delete_outcome(settings: SettingsDep, person: PersonDep, outcome_id: int) -> Response:
    """Delete one outcome note; nothing else changes."""
    records.delete_outcome(settings, person, outcome_id)
    return Response(status_code=204)


@router.get("/export", tags=["data"])
def export(settings: SettingsDep, person: TeamPersonDep) -> dict[str, Any]:
    """Everything stored, in the footwork export format (version 1); in team mode, the
    records of the athlete asked about."""
    return transfer.export_document(settings, person)


@router.post("/import", tags=["data"])
async def import_data(
    settings: SettingsDep,
    options: OptionsDep,
    person: PersonDep,
    file: Annotated[UploadFile, File(description="footwork.json or a measurements CSV")],
    confirm: Annotated[bool, Query(description="false: only preview; true: import")] = False,
) -> S.ImportPreviewPublic:
    """Preview an import (nothing written), or import it with confirm=true. Records already
    stored are counted as duplicates and not added again."""
    folder = upload_dir(settings.home, "imports")
    path = await save_upload(file, folder, (".json", ".csv"), options.max_upload_bytes)
    try:
        result = await run_in_threadpool(
            import_named, settings, path, file.filename, preview=not confirm, person=person
        )
    finally:
        path.unlink(missing_ok=True)
    return S.import_preview_public(result)
