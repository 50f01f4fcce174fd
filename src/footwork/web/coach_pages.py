"""The coach's pages (team mode): the dashboard of their athletes, and one athlete's page
(progress charts, sessions with pain and notes, analysed clips, the way to the plan editor).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from footwork.domain.coaching import (
    LONG_WINDOW_DAYS,
    MISSED_IN_A_ROW,
    PAIN_FLAG_AT,
    PAIN_WINDOW_DAYS,
    SHORT_WINDOW_DAYS,
)
from footwork.domain.measures import KINDS
from footwork.errors import NotFound
from footwork.services import accounts, coaching
from footwork.services.coaching import RosterSort
from footwork.web.charts import measure_figures, outcome_figures
from footwork.web.deps import SettingsDep, TemplatesDep
from footwork.web.progress_pages import calendar_weeks
from footwork.web.team import ATHLETE_COOKIE, SESSION_COOKIE_AGE, secure

router = APIRouter(include_in_schema=False)

# The dashboard's columns a coach can sort by, with how each sorts.
SORTS = {
    RosterSort.NAME: "A to Z",
    RosterSort.LAST: "longest since the last session first",
    RosterSort.ADHERENCE_SHORT: "lowest first",
    RosterSort.ADHERENCE_LONG: "lowest first",
    RosterSort.FLAGS: "most flags first",
}
RULES = {
    "short": SHORT_WINDOW_DAYS, "long": LONG_WINDOW_DAYS, "pain": PAIN_FLAG_AT,
    "pain_days": PAIN_WINDOW_DAYS, "missed": MISSED_IN_A_ROW,
}  # fmt: skip
VIEWED = "your progress, sessions and clips"  # for the access log: "your coach ... viewed ..."


@router.get("/coach", response_class=HTMLResponse)
def dashboard(
    request: Request, settings: SettingsDep, templates: TemplatesDep,
    sort: RosterSort = RosterSort.FLAGS,
) -> HTMLResponse:  # fmt: skip
    rows = coaching.sort_roster(coaching.roster(settings, request.state.account.id), sort)
    context = {"rows": rows, "sort": sort, "sorts": SORTS, "rules": RULES}
    return templates.TemplateResponse(request, "coach.html", context)


@router.get("/coach/athletes/{person}", response_class=HTMLResponse)
def athlete(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: str
) -> HTMLResponse:
    coach = request.state.account
    who = accounts.viewable_person(settings, coach, person)
    if who is None or who.id == coach.person_id:
        raise NotFound("There is no athlete of yours with that id.",
                       hint="Open your athletes from your list of athletes.")  # fmt: skip
    accounts.log_access(settings, who.id, coach, "viewed", VIEWED)
    page = coaching.athlete_page(settings, coach.id, who)
    request.state.person = who  # the athlete's pages, and the banner, are about them now
    rep = page.progress
    context = {
        "page": page, "row": page.row, "rep": rep, "kinds": KINDS, "rules": RULES,
        "weeks": calendar_weeks(rep), "figures": measure_figures(rep) + outcome_figures(rep),
    }  # fmt: skip
    response = templates.TemplateResponse(request, "coach_athlete.html", context)
    response.set_cookie(ATHLETE_COOKIE, who.uid, max_age=SESSION_COOKIE_AGE, httponly=True,
                        samesite="lax", secure=secure(request), path="/")  # fmt: skip
    return response
