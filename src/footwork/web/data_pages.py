"""Export (JSON and CSV downloads) and import (upload, preview, then confirm)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from footwork.domain.measures import KINDS
from footwork.errors import NotFound
from footwork.services import measurements, records, transfer
from footwork.services.user_files import discard
from footwork.web import records_pages
from footwork.web.deps import OptionsDep, PersonDep, SettingsDep, TeamPersonDep, TemplatesDep
from footwork.web.upload_actions import import_named
from footwork.web.uploads import (
    check_upload_owner,
    claim_upload,
    find_upload,
    save_upload,
    upload_dir,
)

router = APIRouter(include_in_schema=False)
IMPORT_TYPES = (".json", ".csv")
CSV_FILES = {"measurements", "sets", "outcomes"}
router.include_router(records_pages.router)


@router.get("/data", response_class=HTMLResponse)
def data(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> HTMLResponse:
    context = {
        "measurements": list(reversed(measurements.list_all(settings, person))),
        "sets": list(reversed(records.list_sets(settings, person))),
        "outcomes": list(reversed(records.list_outcomes(settings, person))),
        "kinds": KINDS,
    }
    return templates.TemplateResponse(request, "data.html", context)


@router.get("/export/footwork.json")
def export_json(settings: SettingsDep, person: TeamPersonDep) -> JSONResponse:
    doc = transfer.export_document(settings, person)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    headers = {"Content-Disposition": f'attachment; filename="footwork-{stamp}.json"'}
    return JSONResponse(doc, headers=headers)


@router.get("/export/{name}.csv")
def export_csv(settings: SettingsDep, person: TeamPersonDep, name: str) -> FileResponse:
    if name not in CSV_FILES:
        raise NotFound(
            f"There is no {name}.csv export.", hint="Choose measurements, sets or outcomes."
        )
    folder = settings.home / "exports" / datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    transfer.export_to(settings, folder, person)
    return FileResponse(folder / f"{name}.csv", media_type="text/csv", filename=f"{name}.csv",
                        background=BackgroundTask(discard, folder))  # fmt: skip


@router.post("/import", response_class=HTMLResponse)
async def import_preview(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    templates: TemplatesDep,
    person: PersonDep,
    file: Annotated[UploadFile, File(description="footwork.json or a measurements CSV")],
) -> HTMLResponse:
    folder = upload_dir(settings.home, "imports")
    path = await save_upload(file, folder, IMPORT_TYPES, options.max_upload_bytes)
    try:
        preview = await run_in_threadpool(
            import_named, settings, path, file.filename, preview=True, person=person
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if not preview.total_new:  # nothing to confirm: the upload has done its work
        discard(path)
    else:
        # team mode: only this athlete may confirm it
        await run_in_threadpool(claim_upload, request, path.stem)
    context = {"preview": preview, "token": path.stem, "filename": file.filename}
    return templates.TemplateResponse(request, "import_preview.html", context)


@router.post("/import/confirm", response_class=HTMLResponse)
def import_confirm(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    person: PersonDep,
    token: Annotated[str, Form()],
    name: Annotated[str, Form(max_length=255)] = "",
) -> HTMLResponse:
    path = find_upload(upload_dir(settings.home, "imports"), token)
    if path is None:
        raise NotFound("That import is no longer waiting.", hint="Upload the file again.")
    check_upload_owner(request, token)
    try:
        result = import_named(settings, path, name, person=person)
    finally:  # imported, or refused with the reason: either way the upload has done its work
        path.unlink(missing_ok=True)
    return templates.TemplateResponse(request, "import_done.html", {"result": result})
