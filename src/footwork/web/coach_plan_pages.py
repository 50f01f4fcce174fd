"""What a coach adds to an athlete's training (team mode), and the athlete's calendar
subscription:

- the plan editor (``/coach/athletes/{person}/plan``): sets and reps per exercise and foot,
  pausing and resuming, a note, one reason for all of it, and the history of changes;
- comments on an analysed clip, on one rep or the whole clip;
- the calendar feed at a secret address (``/calendar/{secret}.ics``) a calendar app reads
  without signing in, and the button that replaces that address.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from footwork.config import Settings
from footwork.domain.accounts import Account, Role
from footwork.domain.exercises import EXERCISES, Per
from footwork.domain.records import Person
from footwork.domain.sides import Side
from footwork.errors import InvalidInput, NotFound
from footwork.services import accounts, calendar_feed, clip_comments, plan_changes
from footwork.services.plan_changes import ExerciseEdit
from footwork.web.deps import PersonDep, SettingsDep, TemplatesDep
from footwork.web.team import team_person_name, viewer

router = APIRouter(include_in_schema=False)
PLAN_WORDS = "your plan"  # as the athlete's access log words it
TEXT_MAX = 4000  # a form field's length before the domain's own, clearer limit


# The plan editor ----------------------------------------------------------------------------


@router.get("/coach/athletes/{person}/plan", response_class=HTMLResponse)
def plan_editor(
    request: Request, settings: SettingsDep, templates: TemplatesDep, person: str
) -> HTMLResponse:
    coach = request.state.account
    athlete = _coached(settings, coach, person)
    accounts.log_access(settings, athlete.id, coach, "viewed", PLAN_WORDS)
    request.state.person = athlete  # the banner and the athlete's pages are about them
    context = {"editor": plan_changes.editor(settings, athlete.name), "athlete": athlete,
               "per_bout": Per.BOUT, "sides": list(Side)}  # fmt: skip
    return templates.TemplateResponse(request, "coach_plan.html", context)


@router.post("/coach/athletes/{person}/plan")
async def change_plan(request: Request, settings: SettingsDep, person: str) -> RedirectResponse:
    # The form's fields are named per exercise and foot, so it is read whole here; the
    # database work runs off the event loop, as in the synchronous routes.
    form = await request.form()
    coach = request.state.account
    athlete = await run_in_threadpool(_coached, settings, coach, person)

    def record() -> None:
        plan_changes.edit_plan(
            settings, athlete.name, coach, read_edits(form),
            reason=_text(form, "reason"), note=_text(form, "note"),
        )  # fmt: skip
        accounts.log_access(settings, athlete.id, coach, "changed", PLAN_WORDS)

    await run_in_threadpool(record)
    return RedirectResponse(f"/coach/athletes/{athlete.uid}/plan#history", status_code=303)


def _coached(settings: Settings, coach: Account, person_uid: str) -> Person:
    """The coach's athlete with this id; 404 for anyone else's (as if there were none)."""
    athlete = accounts.viewable_person(settings, coach, person_uid)
    if athlete is None or athlete.id == coach.person_id:
        raise NotFound("There is no athlete of yours with that id.",
                       hint="Open your athletes from your list of athletes.")  # fmt: skip
    return athlete


def read_edits(form: FormData) -> list[ExerciseEdit]:
    """The editor's numbers per exercise and foot (``<key>-<side>-sets``; for an exercise done
    with both feet at once ``<key>-sets``), and its pause boxes (``<key>-paused``). A blank
    number leaves it as it is."""
    edits = []
    for key, ex in EXERCISES.items():
        if f"{key}-shown" not in form:
            continue
        sets: dict[Side, int | None] = {}
        reps: dict[Side, int | None] = {}
        for side in Side:
            prefix = key if ex.dose.per is Per.BOUT else f"{key}-{side.value}"
            where = ex.name if ex.dose.per is Per.BOUT else f"{ex.name}, {side.value} foot"
            sets[side] = _whole(form, f"{prefix}-sets", f"Sets for the {where}", "sets")
            reps[side] = _whole(form, f"{prefix}-reps", f"Reps for the {where}", "reps")
        edits.append(ExerciseEdit(key, sets, reps, paused=f"{key}-paused" in form))
    return edits


def _whole(form: FormData, name: str, what: str, field: str) -> int | None:
    text = _text(form, name).strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"{what}: {text!r} is not a whole number.",
                           hint="Type a whole number, or leave it blank to keep it.",
                           field=field)  # fmt: skip
    return int(text)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:TEXT_MAX] if isinstance(value, str) else ""


# Comments on a clip -------------------------------------------------------------------------


@router.post("/check/{analysis_id}/comments")
def comment_on_clip(
    request: Request,
    settings: SettingsDep,
    person: PersonDep,
    analysis_id: str,
    text: Annotated[str, Form(max_length=TEXT_MAX)] = "",
    rep: Annotated[str, Form(max_length=10)] = "",
) -> RedirectResponse:
    coach = request.state.account
    number = int(rep) if rep.strip().isdigit() else None
    if rep.strip() and number is None:
        raise InvalidInput(f"Rep {rep!r} is not a rep number.",
                           hint="Give the rep's number, or leave it blank for the whole clip.",
                           field="rep")  # fmt: skip
    clip_comments.add_comment(settings, person, analysis_id, coach, number, text)
    who = request.state.person
    return RedirectResponse(f"/check/{analysis_id}?person={who.uid}#comments", status_code=303)


def clip_comments_context(request: Request, settings: Settings, analysis_id: str) -> dict[str, Any]:
    """The clip page's comments (team mode): what the athlete and their coach read, and
    whether the one looking may write one (the athlete's coach)."""
    person = team_person_name(request)
    looking = viewer(request)
    if person is None or looking is None:
        return {}
    can_comment = looking.account.role is Role.COACH and not looking.is_owner
    return {
        "comments": clip_comments.comments_for(settings, person, analysis_id),
        "can_comment": can_comment,
        "person_uid": looking.person.uid if looking.person else "",
    }


# The calendar subscription ------------------------------------------------------------------


@router.get("/calendar/{secret}.ics")
def calendar_subscription(settings: SettingsDep, secret: str) -> Response:
    body = calendar_feed.feed(settings, secret)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "no-store"})  # fmt: skip


@router.post("/plan/calendar-link")
def new_calendar_link(request: Request, settings: SettingsDep) -> RedirectResponse:
    calendar_feed.feed_secret(settings, request.state.account.id, renew=True)
    return RedirectResponse("/plan#calendar-link", status_code=303)


def calendar_address(request: Request, settings: Settings) -> str | None:
    """The athlete's own calendar subscription address (made on first view), in team mode;
    None for anyone else, and in the single-user app."""
    looking = viewer(request)
    if looking is None or not looking.is_owner:
        return None
    secret = calendar_feed.feed_secret(settings, looking.account.id)
    base = getattr(settings, "public_url", None) or str(request.base_url)
    return f"{base.rstrip('/')}/calendar/{secret}.ics"
