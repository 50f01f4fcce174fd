"""The account page's own sections (team mode): an athlete's coaches (leave one), who looked
at their records, their data (export, delete the account for good); everyone's API tokens.

``sections`` gives the account page what these sections show; the routes below change them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from footwork.config import Settings
from footwork.domain.accounts import AccessEvent, Account, Role
from footwork.errors import InvalidInput, NotFound
from footwork.services import account_removal, accounts
from footwork.web.deps import SettingsDep, TemplatesDep
from footwork.web.team import Viewer, end_session, viewer

router = APIRouter(include_in_schema=False)


def sections(settings: Settings, account: Account) -> dict[str, Any]:
    """What the account page shows beyond the account itself."""
    found: dict[str, Any] = {"tokens": accounts.list_tokens(settings, account.email),
                             "coaches": [], "access": []}  # fmt: skip
    if account.role is Role.ATHLETE:
        found["coaches"] = accounts.coaches_of(settings, account.id)
        if account.person_id is not None:
            events = accounts.access_log(settings, account.person_id)
            found["access"] = [access_line(e) for e in events]
    return found


def access_line(event: AccessEvent, today: datetime | None = None) -> str:
    """A line of the access log: "your coach Sam Lee viewed your progress, 25 Nov 10:02"
    (with the year when it is not this one)."""
    year = (today or datetime.now()).year
    when = f"{event.at.day} {event.at:%b}" + ("" if event.at.year == year else f" {event.at.year}")
    return f"{event.sentence()}, {when} {event.at:%H:%M}"


def render(
    request: Request, settings: Settings, templates: Jinja2Templates, account: Account,
    status: int = 200, **extra: Any,
) -> HTMLResponse:  # fmt: skip
    """The account page with its sections (``extra``: a new token, an error of a section)."""
    context = {"me": account, "changed": False, "error": None, **sections(settings, account),
               **extra}  # fmt: skip
    return templates.TemplateResponse(request, "account.html", context, status_code=status)


def _me(request: Request) -> Viewer:
    me = viewer(request)
    assert me is not None  # the route's rule saw to it
    return me


# Coaches -------------------------------------------------------------------------------------


@router.post("/account/coaches/{coach_id}/leave")
def leave_coach(request: Request, settings: SettingsDep, coach_id: int) -> Response:
    me = _me(request)
    accounts.leave_coach(settings, me.account.id, coach_id)  # NotFound: not their coach
    return RedirectResponse("/account?left=1#coaches", status_code=303)


# API tokens ----------------------------------------------------------------------------------


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    name: Annotated[str, Form(max_length=120)] = "",
) -> HTMLResponse:
    me = _me(request)
    token, secret = accounts.create_token(settings, me.account.email, name)
    return render(request, settings, templates, me.account, new_token=secret,
                  new_token_row=token)  # fmt: skip


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, settings: SettingsDep, token_id: int) -> Response:
    me = _me(request)
    mine = accounts.list_tokens(settings, me.account.email)
    if not any(t.id == token_id for t in mine):
        raise NotFound("You have no token with that number.")
    accounts.revoke_token(settings, str(token_id), me.account.email)
    return RedirectResponse("/account?revoked=1#tokens", status_code=303)


# Deleting the account ------------------------------------------------------------------------


@router.post("/account/delete", response_class=HTMLResponse)
def delete_account(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    me = _me(request)
    try:
        account_removal.delete_own_account(settings, me.account.id, password)
    except InvalidInput as problem:
        return render(request, settings, templates, me.account, 400, delete_error=problem)
    response = RedirectResponse("/login?deleted=1", status_code=303)
    end_session(request, response)
    return response
