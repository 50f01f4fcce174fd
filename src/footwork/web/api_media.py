"""The JSON API for pictures and clips: a photo angle from points, a footprint, and "Check my
form" analyses run in the background with their progress."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from footwork.errors import NotFound
from footwork.services import analyses as analysis_service
from footwork.services import jobs as job_service
from footwork.services import pictures
from footwork.services import schemas as S
from footwork.services.analyses import AnalysisRecord, is_analysis_id
from footwork.web import upload_actions
from footwork.web.api import PublicJSON
from footwork.web.api_errors import DocumentedRoute
from footwork.web.deps import JobsDep, OptionsDep, PersonDep, SettingsDep, TeamPersonDep
from footwork.web.jobs import stage_text
from footwork.web.reviews import note_coach_review
from footwork.web.upload_actions import IMAGE_TYPES, start_clip, store_photo, uploaded_photo
from footwork.web.uploads import check_upload_owner, claim_upload, save_upload, upload_dir

router = APIRouter(prefix="/api", route_class=DocumentedRoute, default_response_class=PublicJSON)


@router.post("/photo-angle", tags=["pictures"])
async def photo_angle(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    person: PersonDep,
    file: Annotated[UploadFile, File(description="a side photo, JPEG or PNG")],
    points: Annotated[str, Form(description="'x,y x,y x,y' in the photo's pixels")],
    preset: Annotated[Literal["big-toe-extension", "lunge"], Form()],
    side: Annotated[S.SideName, Form()],
    save: Annotated[bool, Form()] = False,
) -> S.PhotoAnglePublic:
    """The angle clicked points define on a photo (big-toe extension: metatarsal, joint, toe;
    lunge: knee, ankle); stored as a measurement with save=true."""
    path = await store_photo(settings, options, file)
    await run_in_threadpool(claim_upload, request, path.stem)
    annotated = path.with_name(f"{path.stem}-angle.png")
    try:
        out = await run_in_threadpool(partial(
            upload_actions.photo_angle, settings, path, file.filename, points=points,
            preset=preset, side=side, annotate=annotated, person=person, save=save,
        ))  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    return S.photo_angle_public(out.result, out.saved, f"/uploads/{annotated.name}")


@router.get("/photos/{token}/lunge-points", tags=["pictures"])
def lunge_points(
    request: Request, settings: SettingsDep, token: str, side: S.SideName = "left"
) -> S.PointSuggestionPublic:
    """Knee and ankle of ``side`` found by the pose model on an uploaded lunge photo: a first
    guess the person drags into place before measuring."""
    check_upload_owner(request, token)
    path = uploaded_photo(settings.home, token)
    found = pictures.suggest_lunge_points(path, side)
    return S.PointSuggestionPublic(
        points=[list(p) for p in found.points], angle_deg=found.angle_deg, warnings=found.warnings
    )


@router.post("/footprint", tags=["pictures"])
async def footprint(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    person: PersonDep,
    file: Annotated[
        UploadFile, File(description="a photo of a footprint on paper or on a podoscope")
    ],
    save: Annotated[bool, Form()] = False,
    side: Annotated[
        str, Form(description="left or right: the foot of a one-print photo (empty: guessed)")
    ] = "",
    kind: Annotated[
        str, Form(description="paper or podoscope (empty: decided from the photo)")
    ] = "",
) -> S.FootprintPublic:
    """Arch index and related indices of each print, with the annotated overlay; stored with
    save=true."""
    folder = upload_dir(settings.home, "footprints")
    path = await save_upload(file, folder, IMAGE_TYPES, options.max_upload_bytes)
    await run_in_threadpool(claim_upload, request, path.stem)
    overlay = path.with_name(f"{path.stem}-overlay.png")
    try:
        out = await run_in_threadpool(partial(
            upload_actions.footprint, settings, path, file.filename,
            annotate=overlay, person=person, save=save, side=side, kind=kind,
        ))  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
    drawn = f"/uploads/{overlay.name}" if overlay.exists() else None
    return S.footprint_public(out.report, out.saved, drawn, source=file.filename or path.name)


@router.post("/analyses", status_code=202, tags=["video"])
async def start_analysis(
    settings: SettingsDep,
    options: OptionsDep,
    person: PersonDep,
    jobs: JobsDep,
    file: Annotated[UploadFile, File(description="a clip, or a landmark CSV")],
    exercise: Annotated[str, Form(description="empty: let footwork tell")] = "",
) -> S.AnalysisStarted:
    """Queue "Check my form" on a clip; poll the job, then read the analysis."""
    job_id = await start_clip(settings, options, person, jobs, file, exercise)
    return S.AnalysisStarted(id=job_id, job=f"/api/jobs/{job_id}", result=f"/api/analyses/{job_id}")


@router.get("/analyses", tags=["video"], response_model_exclude_unset=True)
def analyses(settings: SettingsDep, person: TeamPersonDep) -> list[AnalysisRecord]:
    """Every finished analysis, newest first (in team mode, the athlete's)."""
    return analysis_service.list_analyses(settings, person)


@router.get("/analyses/{analysis_id}", tags=["video"], response_model_exclude_unset=True)
def analysis(request: Request, settings: SettingsDep, analysis_id: str) -> AnalysisRecord:
    """One finished analysis: reps per foot and direction, timings, findings, file names."""
    found = (
        analysis_service.load_analysis(settings, analysis_id)
        if is_analysis_id(analysis_id)
        else None
    )
    if found is None:
        raise NotFound(
            "No finished analysis with that number.",
            hint="If it is still running, its progress is at /api/jobs/ID.",
        )
    note_coach_review(request, settings, analysis_id)  # the coach has seen it now
    return found


@router.get("/jobs/{job_id}", tags=["video"])
def job_status(settings: SettingsDep, jobs: JobsDep, job_id: str) -> S.JobPublic:
    """Progress of a background analysis, for the page to poll; a failed one says why and
    what to do (``message``, ``hint``)."""
    job = job_service.get(settings, job_id) if is_analysis_id(job_id) else None
    if job is None:
        raise NotFound("There is no analysis with that number.")
    return S.JobPublic(
        id=job.id, status=job.status, stage=stage_text(job, jobs.waiting_text(job)),
        done=job.done, total=job.total, fraction=round(job.fraction, 3), message=job.message,
        hint=job.hint, file_name=job.file_name, attempts=job.attempts, worker=job.worker,
    )  # fmt: skip
