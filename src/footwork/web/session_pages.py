"""The guided session in the browser: the page carries the whole timed script; the page logs
each set through the JSON API as it goes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from footwork.domain.exercises import EXERCISES
from footwork.services.session_script import session_script
from footwork.web.deps import OptionsDep, PersonDep, SettingsDep, TemplatesDep
from footwork.web.steps import step_dict

router = APIRouter(include_in_schema=False)


@router.get("/session", response_class=HTMLResponse)
def session(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    templates: TemplatesDep,
    person: PersonDep,
    only: Annotated[list[str] | None, Query()] = None,
    speed: Annotated[float, Query(gt=0, le=1000)] = 1.0,
) -> HTMLResponse:
    script = session_script(settings, person, only)
    context = {
        "pp": script.plan,
        "steps": [step_dict(s) for s in script.steps],
        "minutes": script.minutes,
        "exercise_count": len({s.exercise for s in script.steps}),
        "time_scale": options.time_scale * speed,
        "exercises": {
            k: {"name": e.name, "stop_rule": e.dose.stop_rule} for k, e in EXERCISES.items()
        },
        # Reasons to stop that belong to one exercise ("band slipped"), from the exercise data.
        "early_stops": sorted({e.early_stop for e in EXERCISES.values() if e.early_stop}),
    }
    return templates.TemplateResponse(request, "session.html", context)
