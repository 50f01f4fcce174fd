"""Measuring from pictures (a photo angle by clicking points, a footprint with its overlay) and
"Check my form" (a clip analysed in the background, with progress, then kept in the history).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from footwork.config import Settings
from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import NORMS, hernandez_corvo_band
from footwork.errors import NotFound
from footwork.services import analyses
from footwork.services import jobs as job_service
from footwork.services.analyses import CLIP_EXERCISES, analyses_dir, is_analysis_id
from footwork.services.user_files import discard
from footwork.web import upload_actions
from footwork.web.coach_plan_pages import clip_comments_context
from footwork.web.deps import (
    JobsDep,
    OptionsDep,
    PersonDep,
    SettingsDep,
    TeamPersonDep,
    TemplatesDep,
)
from footwork.web.jobs import stage_text
from footwork.web.reviews import note_coach_review
from footwork.web.upload_actions import IMAGE_TYPES, start_clip, store_photo, uploaded_photo
from footwork.web.uploads import (
    check_upload_owner,
    claim_upload,
    find_upload,
    save_upload,
    upload_dir,
)

router = APIRouter(include_in_schema=False)
ANALYSIS_FILE = re.compile(r"^(annotated\.(mp4|webm)|plot\.png)$")
UPLOAD_FILE = re.compile(r"^[0-9a-f]{32}(-angle|-overlay)?\.(jpg|jpeg|png|webp|bmp)$")
NAME_MAX = 255  # a file name, as file systems allow
PresetName = Literal["big-toe-extension", "lunge"]
SideName = Literal["left", "right"]
PRESET_KIND = {"big-toe-extension": MeasureKind.BIG_TOE_EXTENSION,
               "lunge": MeasureKind.ANKLE_DORSIFLEXION}  # fmt: skip
POINT_LABELS = {
    "big-toe-extension": [
        "a point on the long bone behind the big toe (first metatarsal), towards the heel",
        "the centre of the joint at the base of the big toe",
        "a point along the big toe itself",
    ],
    "lunge": ["the centre of the knee", "the centre of the ankle (outer ankle bone)"],
}


@router.get("/measure", response_class=HTMLResponse)
def measure(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "measure.html", {})


# Photo angle -------------------------------------------------------------------------------


@router.post("/photo")
async def photo_upload(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    file: Annotated[UploadFile, File()],
    preset: Annotated[PresetName, Form()],
    side: Annotated[SideName, Form()],
) -> RedirectResponse:
    path = await store_photo(settings, options, file)
    await run_in_threadpool(claim_upload, request, path.stem)
    query = urlencode({"preset": preset, "side": side, "name": shown_name(file, path)})
    return RedirectResponse(f"/photo/{path.stem}?{query}", status_code=303)


def shown_name(file: UploadFile, stored: Path) -> str:
    """The person's own name for an upload (pages carry it along, so that messages and saved
    measurements say it rather than the random name it is stored under)."""
    return Path(file.filename or "").name[:NAME_MAX] or f"the file ({stored.suffix})"


@router.get("/photo/{token}", response_class=HTMLResponse)
def photo_page(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    token: str,
    preset: PresetName = "big-toe-extension",
    side: SideName = "left",
    name: Annotated[str, Query(max_length=NAME_MAX)] = "",
) -> HTMLResponse:
    check_upload_owner(request, token)
    path = uploaded_photo(settings.home, token)
    context = {"image": path.name, "token": token, "preset": preset, "side": side,
               "labels": POINT_LABELS[preset], "name": name}  # fmt: skip
    return templates.TemplateResponse(request, "photo.html", context)


@router.post("/photo/{token}", response_class=HTMLResponse)
def photo_measure(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    person: PersonDep,
    token: str,
    points: Annotated[str, Form(min_length=1, max_length=200)],
    preset: Annotated[PresetName, Form()],
    side: Annotated[SideName, Form()],
    save: Annotated[bool, Form()] = False,
    name: Annotated[str, Form(max_length=NAME_MAX)] = "",
) -> HTMLResponse:
    check_upload_owner(request, token)
    path = uploaded_photo(settings.home, token)
    annotated = path.with_name(f"{token}-angle.png")
    outcome = upload_actions.photo_angle(
        settings, path, name or None, points=points, preset=preset, side=side,
        annotate=annotated, person=person, save=save,
    )  # fmt: skip
    if save:  # the angle is stored; the photo is not kept (its overlay goes with the sweep)
        discard(path)
    kind = PRESET_KIND[preset]
    context = {"outcome": outcome, "a": outcome.result.angle, "token": token, "points": points,
               "preset": preset, "side": side, "annotated": annotated.name,
               "spec": KINDS[kind], "norm": NORMS[kind], "name": name}  # fmt: skip
    return templates.TemplateResponse(request, "photo_result.html", context)


@router.get("/uploads/{name}")
def uploaded_picture(request: Request, settings: SettingsDep, name: str) -> FileResponse:
    for purpose in ("photos", "footprints"):
        path = settings.home / "uploads" / purpose / name
        if UPLOAD_FILE.match(name) and path.is_file():
            check_upload_owner(request, name[:32])
            return FileResponse(path)
    raise NotFound("No such picture.")


# Footprint ---------------------------------------------------------------------------------


@router.post("/footprint", response_class=HTMLResponse)
async def footprint_upload(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    templates: TemplatesDep,
    person: PersonDep,
    file: Annotated[UploadFile, File()],
    side: Annotated[str, Form(max_length=8)] = "",
    kind: Annotated[str, Form(max_length=12)] = "",
) -> HTMLResponse:
    folder = upload_dir(settings.home, "footprints")
    path = await save_upload(file, folder, IMAGE_TYPES, options.max_upload_bytes)
    await run_in_threadpool(claim_upload, request, path.stem)
    name = shown_name(file, path)
    try:
        return await run_in_threadpool(
            partial(_footprint, request, settings, templates, person, path, save=False,
                    name=name, side=side, kind=kind)
        )  # fmt: skip
    except BaseException:
        discard(path, path.with_name(f"{path.stem}-overlay.png"))
        raise


@router.post("/footprint/{token}/save", response_class=HTMLResponse)
def footprint_save(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    person: PersonDep,
    token: str,
    name: Annotated[str, Form(max_length=NAME_MAX)] = "",
    side: Annotated[str, Form(max_length=8)] = "",
    kind: Annotated[str, Form(max_length=12)] = "",
) -> HTMLResponse:
    check_upload_owner(request, token)
    path = find_upload(upload_dir(settings.home, "footprints"), token)
    if path is None:
        raise NotFound("That footprint photo is not here any more.", hint="Upload it again.")
    page = _footprint(request, settings, templates, person, path, save=True, name=name,
                      side=side, kind=kind)  # fmt: skip
    discard(path)  # the measurements are stored; the photo is not kept
    return page


def _footprint(
    request: Request,
    settings: Settings,
    templates: Jinja2Templates,
    person: str | None,
    path: Path,
    *,
    save: bool,
    name: str = "",
    side: str = "",
    kind: str = "",
) -> HTMLResponse:
    overlay = path.with_name(f"{path.stem}-overlay.png")
    outcome = upload_actions.footprint(settings, path, name or None, annotate=overlay,
                                       person=person, save=save, side=side, kind=kind)  # fmt: skip
    context = {"outcome": outcome, "report": outcome.report, "token": path.stem,
               "overlay": overlay.name, "norm": NORMS[MeasureKind.ARCH_INDEX],
               "name": name, "side": side, "kind": kind,
               "hc_type": lambda pct: hernandez_corvo_band(pct).label}  # fmt: skip
    return templates.TemplateResponse(request, "footprint_result.html", context)


# Check my form -----------------------------------------------------------------------------


@router.get("/check", response_class=HTMLResponse)
def check(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    templates: TemplatesDep,
    jobs: JobsDep,
    person: TeamPersonDep,
) -> HTMLResponse:
    pending = job_service.open_or_failed(settings, person=person)
    context = {
        "exercises": CLIP_EXERCISES,
        "history": analyses.list_analyses(settings, person),
        "pending": [(j, stage_text(j, jobs.waiting_text(j))) for j in pending],
        "delete_video": options.delete_video_after_analysis,
    }
    return templates.TemplateResponse(request, "check.html", context)


@router.post("/check")
async def check_upload(
    settings: SettingsDep,
    options: OptionsDep,
    person: PersonDep,
    jobs: JobsDep,
    file: Annotated[UploadFile, File()],
    exercise: Annotated[str, Form(max_length=40)] = "",
) -> RedirectResponse:
    job_id = await start_clip(settings, options, person, jobs, file, exercise)
    return RedirectResponse(f"/check/{job_id}", status_code=303)


@router.get("/check/{analysis_id}", response_class=HTMLResponse)
def check_result(
    request: Request, settings: SettingsDep, templates: TemplatesDep, jobs: JobsDep,
    analysis_id: str,
) -> HTMLResponse:  # fmt: skip
    if is_analysis_id(analysis_id):
        note_coach_review(request, settings, analysis_id)  # the coach has seen it now
    record = analyses.load_analysis(settings, analysis_id) if is_analysis_id(analysis_id) else None
    if record is not None:
        comments = clip_comments_context(request, settings, analysis_id)
        return templates.TemplateResponse(request, "check_result.html", {"r": record, **comments})
    job = job_service.get(settings, analysis_id) if is_analysis_id(analysis_id) else None
    if job is None:
        raise NotFound("There is no analysis with that number.", hint="Upload the clip again.")
    context = {"job": job, "stage": stage_text(job, jobs.waiting_text(job))}
    return templates.TemplateResponse(request, "check_job.html", context)


@router.get("/analyses/{analysis_id}/{name}")
def analysis_file(settings: SettingsDep, analysis_id: str, name: str) -> FileResponse:
    path = analyses_dir(settings) / analysis_id / name
    if not (is_analysis_id(analysis_id) and ANALYSIS_FILE.match(name) and path.is_file()):
        raise NotFound("No such analysis file.")
    return FileResponse(path)
