"""The guided session in the browser: the page carries the whole timed script; the page logs
each set through the JSON API as it goes. With the camera on (static/live.js), each set is
counted live over /live/socket (web/live_camera.py); ``?live=<exercise>`` opens the camera
alone for one exercise (the lunge test, squats, heel raises), outside the programme.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from footwork.domain.exercises import EXERCISES
from footwork.errors import InvalidInput
from footwork.services.live_stream import live_exercise_key
from footwork.services.session_script import session_script
from footwork.web import browser_pose
from footwork.web.deps import OptionsDep, PersonDep, SettingsDep, TemplatesDep
from footwork.web.steps import step_dict

router = APIRouter(include_in_schema=False)

# The exercises the camera coaches that are not in the programme, as the page names them.
LIVE_NAMES = {"squat": "Squats", "heel-raise": "Heel raises",
              "lunge-test": "Knee-to-wall lunge test"}  # fmt: skip


@router.get("/session", response_class=HTMLResponse)
def session(
    request: Request,
    settings: SettingsDep,
    options: OptionsDep,
    templates: TemplatesDep,
    person: PersonDep,
    only: Annotated[list[str] | None, Query()] = None,
    speed: Annotated[float, Query(gt=0, le=1000)] = 1.0,
    live: Annotated[str | None, Query(description="One exercise with the camera alone.")] = None,
) -> HTMLResponse:
    live_only = _live_only(live)
    script = session_script(settings, person, only)
    context = {
        "live_only": live_only,
        "live_name": _live_name(live_only) if live_only else "",
        "browser_pose": browser_pose.installed(),  # its files (web/browser_pose.py)
        "pp": script.plan,
        "steps": [] if live_only else [step_dict(s) for s in script.steps],
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


def _live_only(live: str | None) -> str | None:
    if live is None:
        return None
    key = live_exercise_key(live)
    if key in EXERCISES:
        raise InvalidInput(
            f"{EXERCISES[key].name} is in your programme: its sets are counted in the session.",
            hint="Start the session and switch the camera on.",
            field="exercise",
        )
    return key


def _live_name(key: str) -> str:
    return LIVE_NAMES.get(key, key.replace("-", " ").capitalize())
