"""Team mode's sign-in pages: sign in and out, one-time links (invite, password reset, joining
a coach), and the account page. Each route parses its input, calls the accounts service,
renders a template.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from footwork.domain.accounts import PASSWORD_MIN, LinkPurpose, OneTimeLink, Role
from footwork.errors import FootworkError, InvalidInput, NotFound, TooManyAttempts
from footwork.services import accounts
from footwork.web.account_actions import sections
from footwork.web.deps import SettingsDep, TemplatesDep
from footwork.web.team import (
    SESSION_COOKIE,
    end_session,
    safe_next,
    start_session,
    viewer,
)

router = APIRouter(include_in_schema=False)
HTML = HTMLResponse


def page(templates: Any, request: Request, template: str, status: int = 200,
         **context: Any) -> HTMLResponse:  # fmt: skip
    return templates.TemplateResponse(request, template, context, status_code=status)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login", response_class=HTML)
def login_form(request: Request, templates: TemplatesDep, next: str = "") -> Response:
    me = viewer(request)
    if me is not None:
        return RedirectResponse(safe_next(next, me.account), status_code=303)
    return page(templates, request, "login.html", next=next, email="", error=None)


@router.post("/login", response_class=HTML)
async def login(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    old = request.cookies.get(SESSION_COOKIE)
    try:
        account, secret = await run_in_threadpool(
            accounts.sign_in, settings, email, password, _address(request)
        )
    except TooManyAttempts as locked:
        paused = page(templates, request, "login.html", 429, next=next, email=email,
                      error=locked)  # fmt: skip
        paused.headers["Retry-After"] = str(locked.retry_after_s)
        return paused
    except InvalidInput as wrong:
        return page(templates, request, "login.html", 401, next=next, email=email, error=wrong)
    if old:  # the browser's earlier session (perhaps planted) ends here
        await run_in_threadpool(accounts.sign_out, settings, old)
    response = RedirectResponse(safe_next(next, account), status_code=303)
    start_session(request, response, secret)
    return response


@router.post("/logout")
def logout(request: Request, settings: SettingsDep) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        accounts.sign_out(settings, secret)
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response)
    return response


# One-time links ------------------------------------------------------------------------------


def _link_page(request: Request, settings: Any, templates: Any, secret: str, status: int = 200,
               error: FootworkError | None = None, **form: str) -> HTMLResponse:  # fmt: skip
    link = accounts.open_link(settings, secret)
    me = viewer(request)
    context: dict[str, Any] = {
        "link": link, "secret": secret, "error": error, "form": form, "me": me,
        "password_min": PASSWORD_MIN, "coach": None, "account": None,
    }  # fmt: skip
    if link.purpose is LinkPurpose.JOIN and link.coach_id is not None:
        context["coach"] = accounts.get_account(settings, link.coach_id)
    elif link.account_id is not None:
        context["account"] = accounts.get_account(settings, link.account_id)
    return page(templates, request, "link.html", status, **context)


@router.get("/links/{secret}", response_class=HTML)
def link_form(
    request: Request, settings: SettingsDep, templates: TemplatesDep, secret: str
) -> HTMLResponse:
    return _link_page(request, settings, templates, secret)


@router.post("/links/{secret}", response_class=HTML)
def use_link(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    secret: str,
    password: Annotated[str, Form(max_length=1024)] = "",
    repeat: Annotated[str, Form(max_length=1024)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    link: OneTimeLink = accounts.open_link(settings, secret)
    me = viewer(request)
    try:
        if link.purpose is LinkPurpose.JOIN and me is not None:
            accounts.join_coach(settings, secret, me.account)
            return RedirectResponse("/account?joined=1", status_code=303)
        if password != repeat:
            raise InvalidInput(
                "The two passwords differ.", hint="Type the same password twice.",
                field="repeat",
            )  # fmt: skip
        if link.purpose is LinkPurpose.JOIN:
            account = accounts.sign_up_by_link(settings, secret, email, name, password)
        else:
            account = accounts.set_password_by_link(settings, secret, password)
        _, session = accounts.sign_in(settings, account.email, password, _address(request))
    except NotFound:
        raise
    except FootworkError as problem:
        return _link_page(request, settings, templates, secret, 400, problem, email=email,
                          name=name)  # fmt: skip
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        accounts.sign_out(settings, old)
    target = "/" if account.role is Role.ATHLETE else safe_next(None, account)
    response = RedirectResponse(target, status_code=303)
    start_session(request, response, session)
    return response


# The account page ----------------------------------------------------------------------------


@router.get("/account", response_class=HTML)
def account_page(
    request: Request, settings: SettingsDep, templates: TemplatesDep, changed: str = ""
) -> HTMLResponse:
    me = viewer(request)
    assert me is not None  # the rule SIGNED_IN saw to it
    return page(templates, request, "account.html", me=me.account, changed=bool(changed),
                error=None, **sections(settings, me.account))  # fmt: skip


@router.post("/account/password", response_class=HTML)
def change_password(
    request: Request,
    settings: SettingsDep,
    templates: TemplatesDep,
    current: Annotated[str, Form(max_length=1024)],
    password: Annotated[str, Form(max_length=1024)],
    repeat: Annotated[str, Form(max_length=1024)],
) -> Response:
    me = viewer(request)
    assert me is not None
    try:
        if password != repeat:
            raise InvalidInput("The two new passwords differ.", hint="Type the same one twice.",
                               field="repeat")  # fmt: skip
        accounts.change_password(settings, me.account.id, current, password,
                                 request.cookies.get(SESSION_COOKIE))  # fmt: skip
    except InvalidInput as problem:
        return page(templates, request, "account.html", 400, me=me.account, changed=False,
                    error=problem, **sections(settings, me.account))  # fmt: skip
    return RedirectResponse("/account?changed=1", status_code=303)
