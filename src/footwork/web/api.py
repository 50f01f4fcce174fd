"""The JSON API: the same features as the pages, documented at /docs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from footwork.domain.assessment import AssessmentReport
from footwork.domain.exercises import EXERCISES, Exercise, get_exercise
from footwork.domain.measures import (
    KINDS,
    Measurement,
    NewMeasurement,
    parse_kind,
    parse_method,
)
from footwork.domain.norms import NORMS
from footwork.domain.plan import Plan, PlanItem
from footwork.domain.session import SetLog
from footwork.domain.sides import Direction, Side
from footwork.domain.units import parse_unit
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
from footwork.services.progress import ProgressReport
from footwork.services.session_script import session_script
from footwork.web.api_errors import DocumentedRoute
from footwork.web.deps import LiveSessionsDep, OptionsDep, PersonDep, SettingsDep
from footwork.web.steps import step_dict
from footwork.web.upload_actions import import_named
from footwork.web.uploads import save_upload, upload_dir

router = APIRouter(prefix="/api", route_class=DocumentedRoute)


# People and measurements -------------------------------------------------------------------


@router.get("/people", tags=["people"])
def list_people(settings: SettingsDep) -> list[S.PersonPublic]:
    return [S.PersonPublic(**p.__dict__) for p in people.list_profiles(settings)]


@router.post("/people", status_code=201, tags=["people"])
def add_person(settings: SettingsDep, body: S.PersonCreate) -> S.PersonPublic:
    p = people.add(settings, body.name, body.sport, body.goals)
    return S.PersonPublic(**p.__dict__)


def to_new(m: S.MeasurementCreate) -> NewMeasurement:
    kind = parse_kind(m.kind)
    spec = KINDS[kind]
    return NewMeasurement(
        kind=kind, side=Side(m.side), value=m.value,
        unit=parse_unit(m.unit) if m.unit else spec.unit,
        method=parse_method(m.method) if m.method else spec.methods[0],
        taken_at=m.taken_at or datetime.now().replace(microsecond=0), note=m.note,
    )  # fmt: skip


def measurement_public(m: Measurement) -> S.MeasurementPublic:
    return S.MeasurementPublic(
        id=m.id, kind=m.kind.value, side=m.side.value, value=m.value, unit=m.unit.value,
        method=m.method.value, taken_at=m.taken_at, note=m.note,
    )  # fmt: skip


@router.post("/measurements", status_code=201, tags=["assessment"])
def add_measurements(
    settings: SettingsDep, person: PersonDep, body: list[S.MeasurementCreate]
) -> list[S.MeasurementPublic]:
    """Record several measurements at once: all are stored, or none if any is refused."""
    saved = measurements.record(settings, [to_new(m) for m in body], person)
    return [measurement_public(m) for m in saved]


@router.get("/measurements", tags=["assessment"])
def list_measurements(settings: SettingsDep, person: PersonDep) -> list[S.MeasurementPublic]:
    return [measurement_public(m) for m in measurements.list_all(settings, person)]


@router.put("/measurements/{measurement_id}", tags=["assessment"])
def update_measurement(
    settings: SettingsDep, person: PersonDep, measurement_id: int, body: S.MeasurementCreate
) -> S.MeasurementPublic:
    """Correct one measurement: it is checked as a new one would be."""
    return measurement_public(
        records.update_measurement(settings, person, measurement_id, to_new(body))
    )


@router.delete("/measurements/{measurement_id}", status_code=204, tags=["assessment"])
def delete_measurement(settings: SettingsDep, person: PersonDep, measurement_id: int) -> Response:
    """Delete one measurement; nothing else changes."""
    records.delete_measurement(settings, person, measurement_id)
    return Response(status_code=204)


def assessment_public(name: str, r: AssessmentReport) -> S.AssessmentPublic:
    return S.AssessmentPublic(
        person=name,
        findings=[
            S.FindingPublic(
                kind=f.kind.value, title=f.title, side=f.side.value, value=f.value, unit=f.unit,
                method=f.method, band=f.band, meaning=f.meaning, target=f.target,
                gap_to_target=f.gap_to_target, mdc=f.mdc, evidence=f.evidence,
                sources=list(f.sources),
            )
            for f in r.findings
        ],
        side_differences=[
            S.SideDifferencePublic(kind=d.kind.value, left=d.left, right=d.right,
                                   difference=d.difference, threshold=d.threshold,
                                   notable=d.notable)
            for d in r.side_differences
        ],
        missing=[{"kind": k.value, "side": s.value} for k, s in r.missing],
        note=r.note,
    )  # fmt: skip


@router.get("/assessment", tags=["assessment"])
def assessment(settings: SettingsDep, person: PersonDep) -> S.AssessmentPublic:
    """The latest result of each test on each foot against its target and norms."""
    return assessment_public(*planning.assessment(settings, person))


# Plan, exercises, sessions -----------------------------------------------------------------


def plan_public(person: str, p: Plan) -> S.PlanPublic:
    return S.PlanPublic(
        person=person, start=p.start, week=p.week, retest_on=p.retest_on,
        sessions_per_week=p.sessions_per_week, items=[_item_public(i) for i in p.items],
        notes=p.notes,
    )  # fmt: skip


def _item_public(i: PlanItem) -> S.PlanItemPublic:
    dose = {
        side.value: S.DosePublic(
            text=d.describe(each_foot=False), sets=d.sets, reps=d.reps, reps_max=d.reps_max,
            per=d.per.value, bouts_per_day=d.bouts_per_day, stop_rule=d.stop_rule,
            out_s=d.tempo.out_s, hold_s=d.tempo.pause_s, back_s=d.tempo.back_s,
        )
        for side, d in i.dose_by_side.items()
    }  # fmt: skip
    ex = i.exercise
    return S.PlanItemPublic(
        exercise=ex.key, name=ex.name, purpose=ex.purpose, stage=i.stage, dose=dose,
        reasons=i.reasons, regression_advised=i.regression_advised, regression=ex.regression,
    )  # fmt: skip


@router.get("/plan", tags=["plan"])
def plan(settings: SettingsDep, person: PersonDep) -> S.PlanPublic:
    """This week's programme, with the reason for each dose."""
    pp = planning.current_plan(settings, person)
    return plan_public(pp.person, pp.plan)


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


def progress_public(rep: ProgressReport) -> S.ProgressPublic:
    a = rep.adherence
    return S.ProgressPublic(
        person=rep.person, today=rep.today, session_days=rep.session_days,
        series=[
            S.SeriesPublic(
                kind=s.kind.value, side=s.side.value, method=s.method.value,
                unit=KINDS[s.kind].unit.value, target=s.target,
                mdc=(m.value if (m := NORMS[s.kind].mdc_for(s.method)) else None),
                verdict=s.verdict,
                points=[S.PointPublic(taken_at=p.taken_at, value=p.value) for p in s.points],
            )
            for s in rep.series
        ],
        adherence=S.AdherencePublic(
            window_days=a.window_days, planned_days=a.planned_days, done_days=a.done_days,
            rate=round(a.rate, 3), current_streak=a.current_streak,
            longest_streak=a.longest_streak, last_session=a.last_session,
        ),
        outcomes=[S.OutcomePublic(**o.__dict__) for o in rep.outcomes],
    )  # fmt: skip


@router.get("/progress", tags=["progress"])
def progress_report(settings: SettingsDep, person: PersonDep) -> S.ProgressPublic:
    """Each measure over time with its target and measurement error; adherence; notes."""
    return progress_public(progress.report(settings, person))


@router.post("/outcomes", status_code=201, tags=["progress"])
def add_outcome(settings: SettingsDep, person: PersonDep, body: S.OutcomeCreate) -> S.OutcomePublic:
    """Record your own outcome: a lift, a run time, pain (0-10) or a free note."""
    o = progress.add_outcome(
        settings, body.kind, body.value, body.note, body.unit, person, body.recorded_at
    )
    return S.OutcomePublic(**o.__dict__)


@router.get("/outcomes", tags=["progress"])
def list_outcomes(settings: SettingsDep, person: PersonDep) -> list[S.OutcomePublic]:
    return [S.OutcomePublic(**o.__dict__) for o in records.list_outcomes(settings, person)]


@router.put("/outcomes/{outcome_id}", tags=["progress"])
def update_outcome(
    settings: SettingsDep, person: PersonDep, outcome_id: int, body: S.OutcomeCreate
) -> S.OutcomePublic:
    """Correct one outcome note: it is checked as a new one would be."""
    old = records.outcome(settings, person, outcome_id)
    change = records.OutcomeRecord(
        id=outcome_id, recorded_at=body.recorded_at or old.recorded_at, kind=body.kind,
        value=body.value, unit=body.unit if body.unit is not None else old.unit, note=body.note,
    )  # fmt: skip
    return S.OutcomePublic(**records.update_outcome(settings, person, outcome_id, change).__dict__)


@router.delete("/outcomes/{outcome_id}", status_code=204, tags=["progress"])
def delete_outcome(settings: SettingsDep, person: PersonDep, outcome_id: int) -> Response:
    """Delete one outcome note; nothing else changes."""
    records.delete_outcome(settings, person, outcome_id)
    return Response(status_code=204)


@router.get("/export", tags=["data"])
def export(settings: SettingsDep) -> dict[str, Any]:
    """Everything stored, in the footwork export format (version 1)."""
    return transfer.export_document(settings)


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
    return S.ImportPreviewPublic(
        applied=result.applied, people_new=result.people_new,
        people_existing=result.people_existing, new=result.new, duplicate=result.duplicate,
    )  # fmt: skip
