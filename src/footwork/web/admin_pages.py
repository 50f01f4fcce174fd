"""The admin's pages (team mode): the accounts, adding one with its invite link, disabling
and enabling, a password-reset link, a coach's join link for athletes.

The admin sees accounts, never health records: nothing here reads an athlete's data. Links
are shown once, as full addresses to send (no email server is assumed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from footwork.config import Settings
from footwork.domain.accounts import Account, LinkPurpose, Role
from footwork.errors import FootworkError, InvalidInput, NotFound
from footwork.services import accounts
from footwork.web.deps import SettingsDep, TemplatesDep
from footwork.web.team import viewer

router = APIRouter(include_in_schema=False)
RoleName = Annotated[str, Form(max_length=10)]


@dataclass(frozen=True)
class AccountLine:
    """One row of the accounts table."""

    account: Account
    state: str  # active | disabled | invited
    coaches: int | None  # an athlete's coaches (None for others)
    athletes: int | None  # a coach's athletes (None for others)


@dataclass(frozen=True)
class ShownLink:
    """A one-time link shown once: what it is for, for whom, its full address."""

    what: str
    who: str
    url: str


def account_lines(settings: Settings) -> list[AccountLine]:
    lines = []
    for a in accounts.list_users(settings):
        state = "disabled" if a.disabled else "active" if a.has_password else "invited"
        coaches = len(accounts.coaches_of(settings, a.id)) if a.role is Role.ATHLETE else None
        athletes = len(accounts.athletes_of(settings, a.id)) if a.role is Role.COACH else None
        lines.append(AccountLine(a, state, coaches, athletes))
    return lines


def link_url(request: Request, settings: Settings, secret: str) -> str:
    """The full address of a link: the configured public address, else this request's."""
    base = settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}/links/{secret}"


def render(request: Request, settings: Settings, templates: Jinja2Templates,
           status: int = 200, **extra: Any) -> HTMLResponse:  # fmt: skip
    me = viewer(request)
    context = {"me": me.account if me else None, "lines": account_lines(settings),
               "roles": [r.value for r in Role], "link": None, "error": None,
               "form": {}, **extra}  # fmt: skip
    return templates.TemplateResponse(request, "admin.html", context, status_code=status)


def _account(settings: Settings, account_id: int) -> Account:
    found = accounts.get_account(settings, account_id)
    if found is None:
        raise NotFound("There is no account with that number.")
    return found


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, settings: SettingsDep, templates: TemplatesDep) -> HTMLResponse:
    return render(request, settings, templates)


@router.post("/admin/accounts", response_class=HTMLResponse)
def add_account(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    email: Annotated[str, Form(max_length=254)],
    role: RoleName,
    name: Annotated[str, Form(max_length=120)] = "",
) -> HTMLResponse:
    try:
        added = accounts.add_user(settings, email, role, name=name)
    except FootworkError as problem:
        form = {"email": email, "name": name, "role": role}
        return render(request, settings, templates, 400, error=problem, form=form)
    _, secret = accounts.password_link(settings, added.email)
    link = ShownLink("invite link", added.label, link_url(request, settings, secret))
    return render(request, settings, templates, link=link)


@router.post("/admin/accounts/{account_id}/disable")
def disable(request: Request, settings: SettingsDep, account_id: int) -> Response:
    account = _account(settings, account_id)
    me = viewer(request)
    if me is not None and me.account.id == account.id:
        raise InvalidInput(
            "You cannot disable your own account: no one could manage the accounts then.",
            hint="Ask another admin to do it.",
        )
    accounts.set_disabled(settings, account.email, True)
    return RedirectResponse("/admin#accounts", status_code=303)


@router.post("/admin/accounts/{account_id}/enable")
def enable(settings: SettingsDep, account_id: int) -> Response:
    accounts.set_disabled(settings, _account(settings, account_id).email, False)
    return RedirectResponse("/admin#accounts", status_code=303)


@router.post("/admin/accounts/{account_id}/reset-link", response_class=HTMLResponse)
def reset_link(
    request: Request, settings: SettingsDep, templates: TemplatesDep, account_id: int
) -> HTMLResponse:
    account = _account(settings, account_id)
    purpose, secret = accounts.password_link(settings, account.email)
    what = "invite link" if purpose is LinkPurpose.INVITE else "password reset link"
    link = ShownLink(what, account.label, link_url(request, settings, secret))
    return render(request, settings, templates, link=link)


@router.post("/admin/coaches/{account_id}/join-link", response_class=HTMLResponse)
def coach_join_link(
    request: Request, settings: SettingsDep, templates: TemplatesDep, account_id: int
) -> HTMLResponse:
    coach = _account(settings, account_id)
    if coach.role is not Role.COACH:
        raise NotFound("There is no coach with that number.")
    secret = accounts.join_link(settings, coach.email)
    link = ShownLink(f"link for athletes to join {coach.label}", coach.label,
                     link_url(request, settings, secret))  # fmt: skip
    return render(request, settings, templates, link=link)
