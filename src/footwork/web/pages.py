"""Pages for the first visit, the assessment, the plan, today's dashboard and the exercise
library. Each route parses its input, calls one service, renders a template.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from footwork.domain.exercises import BANDED_SQUAT, EXERCISES
from footwork.domain.measures import KINDS
from footwork.domain.norms import NORMS
from footwork.domain.protocols import PROTOCOLS
from footwork.domain.schedule import day_times
from footwork.domain.sides import Side
from footwork.errors import NotFound
from footwork.services import calendar_file, demonstrations, measurements, people, planning
from footwork.services.today import dashboard
from footwork.web import forms
from footwork.web.coach_plan_pages import calendar_address
from footwork.web.deps import PersonDep, SettingsDep, TemplatesDep, remember_person

router = APIRouter(include_in_schema=False)
HTML = HTMLResponse
TESTS_HELP = {
    "big-toe": "Lift my big toe and measure its angle (goniometer, phone app or a photo)",
    "lunge": "Knee-to-wall lunge against a wall with a tape measure",
    "arch": "A wet or inked footprint on paper (or an arch index I already know)",
}


def page(templates: Any, request: Request, template: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTML)
def today(request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep):
    board = dashboard(settings, person)
    if board is None:
        return RedirectResponse("/welcome", status_code=303)
    return page(templates, request, "today.html", board=board, plan=board.plan.plan)


@router.get("/welcome", response_class=HTML)
def welcome(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return page(templates, request, "welcome.html", tests=PROTOCOLS, tests_help=TESTS_HELP)


@router.post("/welcome")
def onboard(
    settings: SettingsDep,
    name: Annotated[str, Form(min_length=1, max_length=120)],
    sport: Annotated[str, Form(max_length=200)] = "",
    goals: Annotated[str, Form(max_length=1000)] = "",
    tests: Annotated[list[str] | None, Form()] = None,
) -> RedirectResponse:
    chosen = forms.parse_tests(",".join(tests or []))
    profile = people.add(settings, name, sport.strip(), goals.strip())
    target = f"/assess?tests={','.join(chosen)}" if tests else "/plan?welcome=1"
    response = RedirectResponse(target, status_code=303)
    remember_person(response, profile.name)
    return response


@router.get("/people", response_class=HTML)
def profiles(request: Request, settings: SettingsDep, templates: TemplatesDep) -> HTMLResponse:
    return page(templates, request, "people.html", profiles=people.list_profiles(settings))


@router.post("/people/choose")
def choose(name: Annotated[str, Form(min_length=1)]) -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    remember_person(response, name)
    return response


@router.get("/assess")
def assess_start(tests: Annotated[str | None, Query()] = None) -> RedirectResponse:
    chosen = forms.parse_tests(tests)
    return RedirectResponse(f"/assess/{chosen[0]}?tests={','.join(chosen)}", status_code=303)


@router.get("/assess/{key}", response_class=HTML)
def assess_test(
    request: Request,
    templates: TemplatesDep,
    key: str,
    tests: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    chosen = forms.parse_tests(tests)
    protocol = forms.protocol(key)
    return page(
        templates, request, "assess.html", protocol=protocol, fields=forms.field_specs(protocol),
        tests=chosen, position=chosen.index(key) + 1 if key in chosen else 1,
        protocols={p.key: p for p in PROTOCOLS}, norms=NORMS,
    )  # fmt: skip


@router.post("/assess/{key}")
async def assess_save(
    request: Request, settings: SettingsDep, person: PersonDep, key: str
) -> RedirectResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    protocol = forms.protocol(key)
    chosen = forms.parse_tests(form.get("tests"))
    items = forms.read_measurements(protocol, form, datetime.now().replace(microsecond=0))
    if items:
        measurements.record(settings, items, person)
    following = forms.next_test(key, chosen)
    target = f"/assess/{following}?tests={','.join(chosen)}" if following else "/results"
    return RedirectResponse(target, status_code=303)


@router.get("/results", response_class=HTML)
def results(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> HTMLResponse:
    name, report = planning.assessment(settings, person)
    kinds = list(dict.fromkeys(f.kind for f in report.findings))
    return page(
        templates, request, "results.html", name=name, report=report, kinds=KINDS, norms=NORMS,
        evidence=[(KINDS[k].title, NORMS[k]) for k in kinds],
        sources=list(dict.fromkeys(s for f in report.findings for s in f.sources)),
    )  # fmt: skip


@router.get("/plan", response_class=HTML)
def plan(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: PersonDep
) -> HTMLResponse:
    pp = planning.current_plan(settings, person)
    welcome = request.query_params.get("welcome") == "1"
    chosen = calendar_file.training_times(settings, pp.person)
    squat = pp.plan.find(BANDED_SQUAT.key)  # None: paused by the coach
    bouts = squat.dose_by_side[Side.LEFT].bouts_per_day if squat else 1
    return page(
        templates, request, "plan.html", pp=pp, plan=pp.plan, welcome=welcome, chosen=chosen,
        day_times=day_times(chosen.times, bouts), system_zone=calendar_file.system_zone().key,
        calendar_address=calendar_address(request, settings),
    )  # fmt: skip


@router.post("/plan/times")
async def training_times(
    request: Request, settings: SettingsDep, person: PersonDep
) -> RedirectResponse:
    form = await request.form()
    calendar_file.set_training_times(
        settings, person, times=str(form.get("times", "")), zone=str(form.get("time_zone", ""))
    )
    return RedirectResponse("/plan#training-times", status_code=303)


@router.post("/plan/restart")
def restart(settings: SettingsDep, person: PersonDep) -> RedirectResponse:
    planning.restart_plan(settings, person)
    return RedirectResponse("/plan", status_code=303)


@router.get("/plan.ics")
def calendar_download(
    settings: SettingsDep,
    person: PersonDep,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
) -> Response:
    body = calendar_file.export(settings, person, weeks=weeks)
    headers = {"Content-Disposition": 'attachment; filename="footwork-plan.ics"'}
    return Response(body, media_type="text/calendar", headers=headers)


@router.get("/exercises", response_class=HTML)
def library(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return page(templates, request, "exercises.html", exercises=list(EXERCISES.values()))


@router.get("/exercises/{key}", response_class=HTML)
def exercise(request: Request, templates: TemplatesDep, key: str) -> HTMLResponse:
    if key not in EXERCISES:
        raise NotFound(f"There is no exercise called {key!r}.", hint="Pick one from the library.")
    demo = demonstrations.demonstration(key)
    return page(templates, request, "exercise.html", ex=EXERCISES[key], demo=demo)
