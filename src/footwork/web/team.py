"""Team mode's gate: who is asking (a session cookie or an API token), and whether the route's
rule in ``policies.py`` lets them. Runs before every route, as an app-wide dependency.

In the local single-user app it only hides team mode's own pages. In team mode it:
- finds the account (``Authorization: Bearer fw_…`` for scripts, else the session cookie);
- sends someone not signed in to the sign-in page (pages) or answers 401 (the API);
- answers 404 for records that are not the asker's to see, exactly as for an unknown address;
- picks whose records an athlete route is about (``request.state.person``): an athlete's own,
  or for a coach the athlete named by ``?person=<id>`` or chosen on the dashboard;
- writes to the athlete's access log when someone else reads or changes their records.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import HTTPException, Request, Response, WebSocketException
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.requests import HTTPConnection

from footwork.config import Settings
from footwork.domain.accounts import Account, Role
from footwork.domain.records import Person
from footwork.services import accounts
from footwork.services import jobs as job_service
from footwork.services.analyses import is_analysis_id
from footwork.web.policies import WEBSOCKET, Rule, policy_for

SESSION_COOKIE = "footwork_session"
ATHLETE_COOKIE = "footwork_athlete"  # the athlete a coach's browser is looking at (person id)
SESSION_COOKIE_AGE = 30 * 24 * 3600


class SignInNeeded(Exception):
    """Raised for a route that needs an account when none was given."""


class ChooseAthlete(Exception):
    """A coach opened an athlete's page without saying which athlete."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking, and whose records they are looking at."""

    account: Account
    person: Person | None = None

    @property
    def is_owner(self) -> bool:
        return self.person is not None and self.person.id == self.account.person_id


def enforce(request: HTTPConnection) -> None:
    """The app-wide check (see the module doc). A WebSocket's handshake is checked as the
    ``WEBSOCKET`` method of its path; a refusal closes it before it is accepted."""
    if request.scope["type"] != "websocket":
        _enforce(request, request.scope["method"])
        return
    try:
        _enforce(request, WEBSOCKET)
    except (HTTPException, SignInNeeded, ChooseAthlete) as refused:
        raise WebSocketException(1008, "Not yours, or not signed in.") from refused


def _enforce(request: HTTPConnection, method: str) -> None:
    options = request.app.state.options
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    policy = policy_for(method, path) if path else None
    if not options.team:
        if policy is not None and policy.team_only:
            raise HTTPException(404)
        return
    if policy is None:
        raise HTTPException(500, "This address has no access rule yet, so it stays closed.")
    if policy.rule is Rule.LOCAL:
        raise HTTPException(404)
    settings: Settings = request.app.state.settings
    account = authenticate(settings, request)
    request.state.account = account
    if policy.rule is Rule.PUBLIC:
        return
    if account is None:
        raise SignInNeeded()
    if policy.rule is Rule.SIGNED_IN:
        return
    if policy.rule is Rule.COACH:
        if account.role is not Role.COACH:
            raise HTTPException(404)
        return
    if policy.rule is Rule.ADMIN:
        if account.role is not Role.ADMIN:
            raise HTTPException(404)
        return
    asked = request.query_params.get("person")
    if asked is None and account.role is Role.COACH:
        asked = request.cookies.get(ATHLETE_COOKIE)
    person = accounts.viewable_person(settings, account, asked)
    if person is None:
        if account.role is Role.COACH and asked is None:
            raise ChooseAthlete()
        raise HTTPException(404)
    if policy.rule is Rule.ATHLETE_ONLY and person.id != account.person_id:
        raise HTTPException(404)
    if policy.rule is Rule.COACH_OF and person.id == account.person_id:
        raise HTTPException(404)  # viewable and not their own: only their coach gets here
    check_path_records(request, settings, person)
    request.state.person = person
    if person.id != account.person_id:
        action = "viewed" if method in ("GET", "HEAD") else "changed"
        accounts.log_access(settings, person.id, account, action, policy.what)


# Path parameters that name a record outside the tables' own owner checks: whose it is.
ANALYSIS_PARAMS = ("analysis_id", "job_id")  # a clip analysis is its job's
LIVE_SESSION_PATH = "/api/sessions/{token}"  # a training session open in this process


def check_path_records(request: HTTPConnection, settings: Settings, person: Person) -> None:
    """404 unless the clip analysis or open session the path names is ``person``'s (records
    in the database check their owner in storage; uploads in ``web/uploads.py``)."""
    params = request.path_params
    for name in ANALYSIS_PARAMS:
        if name in params:
            job = job_service.get(settings, params[name]) if is_analysis_id(params[name]) else None
            if job is None or job.person != person.name:
                raise HTTPException(404)
    route_path = getattr(request.scope.get("route"), "path", "")
    in_session = route_path.startswith(LIVE_SESSION_PATH + "/")
    if in_session and request.app.state.live_sessions.owner(params["token"]) != person.name:
        raise HTTPException(404)


def authenticate(settings: Settings, request: HTTPConnection) -> Account | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return accounts.token_account(settings, credentials.strip())
    secret = request.cookies.get(SESSION_COOKIE)
    return accounts.session_account(settings, secret) if secret else None


def viewer(request: Request) -> Viewer | None:
    """Who is asking, in team mode (None in the local app, or when no one is signed in)."""
    account = getattr(request.state, "account", None)
    if account is None:
        return None
    return Viewer(account, getattr(request.state, "person", None))


def team_person_name(request: HTTPConnection) -> str | None:
    """In team mode, the name of the person a route is about (set by ``enforce``)."""
    person = getattr(request.state, "person", None)
    return person.name if person is not None else None


def start_session(request: Request, response: Response, secret: str) -> None:
    """Put a new session's secret in the cookie (a new one at every sign-in: the old cookie,
    if any, names a session that is ended, so a planted one cannot be taken over)."""
    response.set_cookie(
        SESSION_COOKIE, secret, max_age=SESSION_COOKIE_AGE, httponly=True, samesite="lax",
        secure=secure(request), path="/",
    )  # fmt: skip


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=secure(request), httponly=True,
                           samesite="lax")  # fmt: skip
    response.delete_cookie(ATHLETE_COOKIE, path="/")


def secure(request: Request) -> bool:
    """Cookies only over HTTPS when the app is served over it (directly or behind a proxy
    that says so)."""
    return request.app.state.options.secure_cookies or request.url.scheme == "https"


def home_for(account: Account) -> str:
    return {Role.COACH: "/coach", Role.ADMIN: "/admin"}.get(account.role, "/")


def safe_next(target: str | None, account: Account) -> str:
    """Where to go after signing in: a path on this site, else the account's home."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return home_for(account)


async def sign_in_needed(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/") or request.headers.get("authorization"):
        return JSONResponse(
            {"detail": "Sign in first: this needs an account.",
             "hint": "Send an API token as 'Authorization: Bearer <token>'."},
            status_code=401, headers={"WWW-Authenticate": "Bearer"},
        )  # fmt: skip
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(wanted, safe='')}", status_code=303)


async def choose_athlete(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"detail": "Say which athlete: these records belong to one of your athletes.",
             "hint": "Add ?person=<the athlete's id> (listed at /api/coach/athletes).",
             "field": "person"},
            status_code=400,
        )  # fmt: skip
    return RedirectResponse("/coach", status_code=303)


def install(app) -> None:  # type: ignore[no-untyped-def]
    app.add_exception_handler(SignInNeeded, sign_in_needed)
    app.add_exception_handler(ChooseAthlete, choose_athlete)
