"""Progress (interactive charts, adherence calendar, outcome notes) and the printable report."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.domain.limits import NOTE_MAX_CHARS, OUTCOME_KINDS, OUTCOME_UNITS, parse_number
from footwork.domain.measures import KINDS
from footwork.services import progress
from footwork.services.progress import ProgressReport
from footwork.services.share_report import share_report
from footwork.web.charts import measure_figures, outcome_figures
from footwork.web.deps import PersonDep, SettingsDep, TemplatesDep
from footwork.web.pdf import html_to_pdf, stylesheet

router = APIRouter(include_in_schema=False)
CALENDAR_WEEKS = 6
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class CalendarDay:
    day: date
    done: bool
    future: bool


def calendar_weeks(rep: ProgressReport, weeks: int = CALENDAR_WEEKS) -> list[list[CalendarDay]]:
    """The last ``weeks`` weeks, Monday first, each day marked done or not."""
    done = set(rep.session_days)
    monday = rep.today - timedelta(days=rep.today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    days = [first + timedelta(days=n) for n in range(weeks * 7)]
    cells = [CalendarDay(d, d in done, d > rep.today) for d in days]
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def _context(rep: ProgressReport) -> dict[str, Any]:
    return {
        "rep": rep, "kinds": KINDS, "weeks": calendar_weeks(rep),
        "figures": measure_figures(rep) + outcome_figures(rep),
        "outcome_kinds": OUTCOME_KINDS, "outcome_units": OUTCOME_UNITS,
    }  # fmt: skip


@router.get("/progress", response_class=HTMLResponse)
def progress_page(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> HTMLResponse:
    rep = progress.report(settings, person)
    return templates.TemplateResponse(request, "progress.html", _context(rep))


@router.post("/progress/outcomes")
def add_outcome(
    settings: SettingsDep,
    person: PersonDep,
    kind: Annotated[str, Form(min_length=1, max_length=60)],
    value: Annotated[str, Form(max_length=30)] = "",
    unit: Annotated[str | None, Form(max_length=20)] = None,
    note: Annotated[str, Form(max_length=NOTE_MAX_CHARS)] = "",
) -> RedirectResponse:
    number = parse_number(value, "The value") if value.strip() else None
    progress.add_outcome(settings, kind, number, note.strip(), unit or None, person=person)
    return RedirectResponse("/progress#outcomes", status_code=303)


@router.get("/report.pdf")
def report_pdf(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> Response:
    from footwork.services.charts import panel_images  # matplotlib only when drawing

    share = share_report(settings, person)
    with tempfile.TemporaryDirectory(prefix="footwork-report-") as folder:
        # One image per chart panel, so the PDF's pages break between panels, never inside one.
        panels = panel_images(share.progress, Path(folder))
        html = templates.get_template("report_pdf.html").render(
            _context(share.progress) | {
                "pp": share.plan, "today": date.today(), "pdf": True, "css": stylesheet(STATIC),
                "chart_panels": [{"title": p.title, "url": p.path.as_uri()} for p in panels],
            }
        )  # fmt: skip
        body = html_to_pdf(html)
    name = f"footwork-report-{share.plan.person}-{date.today().isoformat()}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{_safe(name)}"'}
    return Response(body, media_type="application/pdf", headers=headers)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)


@router.get("/report", response_class=HTMLResponse)
def report(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> HTMLResponse:
    share = share_report(settings, person)
    context = _context(share.progress) | {"pp": share.plan, "today": date.today()}
    return templates.TemplateResponse(request, "report.html", context)
