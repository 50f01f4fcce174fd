"""Dependencies, as ``Annotated`` aliases so route signatures read as prose."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Cookie, Depends, Query, Request, Response
from fastapi.templating import Jinja2Templates

from footwork.config import Settings
from footwork.web.jobs import Runner
from footwork.web.live_sessions import LiveSessions
from footwork.web.options import WebOptions
from footwork.web.team import team_person_name

PERSON_COOKIE = "footwork_person"
COOKIE_AGE = 3600 * 24 * 365


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_options(request: Request) -> WebOptions:
    return request.app.state.options


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def get_live_sessions(request: Request) -> LiveSessions:
    return request.app.state.live_sessions


def get_jobs(request: Request) -> Runner:
    return request.app.state.jobs


def get_person(
    request: Request,
    person: Annotated[
        str | None,
        Query(
            description="Whose data; default: the profile chosen in this browser. In team "
            "mode: the athlete's id, for their coach (an athlete always sees their own)."
        ),
    ] = None,
    footwork_person: Annotated[str | None, Cookie(include_in_schema=False)] = None,
) -> str | None:
    """The person a request is about: ?person=, else the browser's chosen profile, else the
    services' default (the only profile). In team mode, the one the access check chose."""
    if request.app.state.options.team:
        name = team_person_name(request)
        if name is None:  # a route without an athlete rule asked for one: never guess
            raise RuntimeError(f"{request.url.path} reads a person but its rule names none")
        return name
    return person or (unquote(footwork_person) if footwork_person else None)


def remember_person(response: Response, name: str) -> None:
    """Remember in this browser whose data it shows (percent-encoded: names may be any text)."""
    response.set_cookie(PERSON_COOKIE, quote(name, safe=""), max_age=COOKIE_AGE, samesite="lax")


SettingsDep = Annotated[Settings, Depends(get_settings)]
OptionsDep = Annotated[WebOptions, Depends(get_options)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
LiveSessionsDep = Annotated[LiveSessions, Depends(get_live_sessions)]
PersonDep = Annotated[str | None, Depends(get_person)]
JobsDep = Annotated[Runner, Depends(get_jobs)]
# In team mode, whose records a route is about (to keep lists to them); None in the local app,
# where lists show every profile as before.
TeamPersonDep = Annotated[str | None, Depends(team_person_name)]
