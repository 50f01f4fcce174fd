"""Who may use each route in team mode: one table, one rule per route.

Every route of the app must be listed here. A route missing from the table answers 500 in
team mode (it fails closed), and ``tests/web/test_access_matrix.py`` fails for it: the test
walks the app's route table and tries each route as anonymous, the athlete, another athlete,
the athlete's coach, another coach and an admin.

Rules:
- ``PUBLIC``: anyone, signed in or not (sign-in, links, static files, the calendar feed whose
  address holds its own secret).
- ``SIGNED_IN``: anyone signed in (their own account).
- ``ATHLETE``: one athlete's records: the athlete, or a coach they joined (naming the athlete
  with ``?person=`` or the athlete chosen on the dashboard). Anyone else gets 404, as if the
  records did not exist, so ids cannot be probed.
- ``ATHLETE_ONLY``: the athlete alone, not their coach (importing, deleting the account).
- ``COACH_OF``: the athlete's coach alone (editing the plan, commenting on a clip); the
  athlete is named as for ``ATHLETE``.
- ``COACH`` / ``ADMIN``: that role only (404 for others).
- ``LOCAL``: the single-user app only (profiles on one computer); 404 in team mode.
- ``TEAM``: team mode only, 404 in the local app (sign-in, accounts, dashboards); in team mode
  each such route also has one of the rules above, given as ``team_rule``.

``what`` words what an ``ATHLETE`` route reads or changes, for the athlete's access log
("your coach viewed *your progress*").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed-in"
    ATHLETE = "athlete"
    ATHLETE_ONLY = "athlete-only"
    COACH_OF = "coach-of"
    COACH = "coach"
    ADMIN = "admin"
    LOCAL = "local"


@dataclass(frozen=True)
class Policy:
    rule: Rule
    what: str = ""  # for the access log (ATHLETE routes)
    team_only: bool = False  # 404 in the local single-user app


def public(team_only: bool = False) -> Policy:
    return Policy(Rule.PUBLIC, team_only=team_only)


def athlete(what: str) -> Policy:
    return Policy(Rule.ATHLETE, what)


def athlete_only(what: str) -> Policy:
    return Policy(Rule.ATHLETE_ONLY, what)


def coach_of(what: str) -> Policy:
    return Policy(Rule.COACH_OF, what, team_only=True)


SIGNED_IN = Policy(Rule.SIGNED_IN, team_only=True)
COACH = Policy(Rule.COACH, team_only=True)
ADMIN = Policy(Rule.ADMIN, team_only=True)
LOCAL = Policy(Rule.LOCAL)
WEBSOCKET = "WEBSOCKET"  # the method a WebSocket route's handshake is checked as

# (method, path template) -> policy. HEAD follows GET.
POLICIES: dict[tuple[str, str], Policy] = {
    # Shared files and docs: nothing personal in them.
    ("GET", "/assets/plotly.min.js"): public(),
    ("GET", "/assets/swagger/{name}"): public(),
    ("GET", "/assets/mediapipe-pose/{name}"): public(),  # in-browser pose (browser_pose.py)
    ("GET", "/docs"): public(),
    ("GET", "/openapi.json"): public(),
    ("GET", "/exercises"): public(),
    ("GET", "/exercises/{key}"): public(),
    ("GET", "/api/exercises"): public(),
    ("GET", "/api/exercises/{key}/demonstration"): public(),
    # Profiles on one computer: in team mode, accounts take their place.
    ("GET", "/welcome"): LOCAL,
    ("POST", "/welcome"): LOCAL,
    ("GET", "/people"): LOCAL,
    ("POST", "/people/choose"): LOCAL,
    ("GET", "/api/people"): LOCAL,
    ("POST", "/api/people"): LOCAL,
    # Today, assessment and plan.
    ("GET", "/"): athlete("your Today page"),
    ("GET", "/assess"): athlete("your tests"),
    ("GET", "/assess/{key}"): athlete("your tests"),
    ("POST", "/assess/{key}"): athlete("your test results"),
    ("GET", "/results"): athlete("your test results"),
    ("GET", "/plan"): athlete("your plan"),
    ("POST", "/plan/times"): athlete("your training times"),
    ("POST", "/plan/restart"): athlete("your plan's start"),
    ("GET", "/plan.ics"): athlete("your training calendar"),
    ("GET", "/measure"): athlete("your measurements"),
    ("GET", "/session"): athlete("your session"),
    # Live camera coaching (web/live_camera.py): its live ids are checked against the owner.
    (WEBSOCKET, "/live/socket"): athlete("your live camera set"),
    ("GET", "/progress"): athlete("your progress"),
    ("POST", "/progress/outcomes"): athlete("your performance notes"),
    ("GET", "/report"): athlete("your progress report"),
    ("GET", "/report.pdf"): athlete("your progress report"),
    # Data: records listed, corrected, exported, imported.
    ("GET", "/data"): athlete("your records"),
    ("GET", "/export/footwork.json"): athlete("your records (an export)"),
    ("GET", "/export/{name}.csv"): athlete("your records (an export)"),
    ("POST", "/import"): athlete_only("your records (an import)"),
    ("POST", "/import/confirm"): athlete_only("your records (an import)"),
    ("GET", "/data/{what}/{record_id}/edit"): athlete("a record of yours"),
    ("GET", "/data/{what}/{record_id}/delete"): athlete("a record of yours"),
    ("POST", "/data/{what}/{record_id}/delete"): athlete("a record of yours"),
    ("POST", "/data/measurements/{record_id}/edit"): athlete("a measurement of yours"),
    ("POST", "/data/sets/{record_id}/edit"): athlete("a set you logged"),
    ("POST", "/data/outcomes/{record_id}/edit"): athlete("a performance note of yours"),
    # Photos, footprints and clips.
    ("POST", "/photo"): athlete("your photos"),
    ("GET", "/photo/{token}"): athlete("a photo of yours"),
    ("POST", "/photo/{token}"): athlete("a photo of yours"),
    ("GET", "/uploads/{name}"): athlete("a photo of yours"),
    ("POST", "/footprint"): athlete("your footprints"),
    ("POST", "/footprint/{token}/save"): athlete("your footprints"),
    ("GET", "/check"): athlete("your clips"),
    ("POST", "/check"): athlete("your clips"),
    ("GET", "/check/{analysis_id}"): athlete("a clip of yours"),
    ("GET", "/analyses/{analysis_id}/{name}"): athlete("a clip of yours"),
    # The JSON API.
    ("POST", "/api/measurements"): athlete("your measurements"),
    ("GET", "/api/measurements"): athlete("your measurements"),
    ("PUT", "/api/measurements/{measurement_id}"): athlete("a measurement of yours"),
    ("DELETE", "/api/measurements/{measurement_id}"): athlete("a measurement of yours"),
    ("GET", "/api/assessment"): athlete("your test results"),
    ("GET", "/api/plan"): athlete("your plan"),
    ("GET", "/api/plan.ics"): athlete("your training calendar"),
    ("GET", "/api/session/steps"): athlete("your session"),
    ("POST", "/api/sessions"): athlete("your sessions"),
    ("POST", "/api/sessions/{token}/sets"): athlete("your sessions"),
    ("POST", "/api/sessions/{token}/finish"): athlete("your sessions"),
    ("GET", "/api/progress"): athlete("your progress"),
    ("POST", "/api/outcomes"): athlete("your performance notes"),
    ("GET", "/api/outcomes"): athlete("your performance notes"),
    ("PUT", "/api/outcomes/{outcome_id}"): athlete("a performance note of yours"),
    ("DELETE", "/api/outcomes/{outcome_id}"): athlete("a performance note of yours"),
    ("GET", "/api/export"): athlete("your records (an export)"),
    ("POST", "/api/import"): athlete_only("your records (an import)"),
    ("POST", "/api/photo-angle"): athlete("your photos"),
    ("GET", "/api/photos/{token}/lunge-points"): athlete("a photo of yours"),
    ("POST", "/api/footprint"): athlete("your footprints"),
    ("POST", "/api/analyses"): athlete("your clips"),
    ("GET", "/api/analyses"): athlete("your clips"),
    ("GET", "/api/analyses/{analysis_id}"): athlete("a clip of yours"),
    ("GET", "/api/jobs/{job_id}"): athlete("a clip of yours"),
    # Signing in and the account (team mode).
    ("GET", "/login"): public(team_only=True),
    ("POST", "/login"): public(team_only=True),
    ("POST", "/logout"): SIGNED_IN,
    ("GET", "/links/{secret}"): public(team_only=True),
    ("POST", "/links/{secret}"): public(team_only=True),
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("POST", "/account/tokens"): SIGNED_IN,
    ("POST", "/account/tokens/{token_id}/revoke"): SIGNED_IN,
    ("POST", "/account/coaches/{coach_id}/leave"): Policy(
        Rule.ATHLETE_ONLY, "your coaches", team_only=True
    ),
    ("POST", "/account/delete"): Policy(Rule.ATHLETE_ONLY, "your account", team_only=True),
    # The admin's pages: accounts and links, no health records.
    ("GET", "/admin"): ADMIN,
    ("POST", "/admin/accounts"): ADMIN,
    ("POST", "/admin/accounts/{account_id}/disable"): ADMIN,
    ("POST", "/admin/accounts/{account_id}/enable"): ADMIN,
    ("POST", "/admin/accounts/{account_id}/reset-link"): ADMIN,
    ("POST", "/admin/coaches/{account_id}/join-link"): ADMIN,
    # The coach's dashboard and athlete pages (the handler checks the athlete is theirs).
    ("GET", "/coach"): COACH,
    ("GET", "/coach/athletes/{person}"): COACH,
    ("GET", "/api/coach/athletes"): COACH,
    # The coach's plan editor (the handler checks the athlete is theirs) and clip comments.
    ("GET", "/coach/athletes/{person}/plan"): COACH,
    ("POST", "/coach/athletes/{person}/plan"): COACH,
    ("POST", "/check/{analysis_id}/comments"): coach_of("your clips"),
    # The athlete's calendar subscription: its address holds its own secret.
    ("GET", "/calendar/{secret}.ics"): public(team_only=True),
    ("POST", "/plan/calendar-link"): Policy(
        Rule.ATHLETE_ONLY, "your calendar address", team_only=True
    ),
}


def policy_for(method: str, path: str) -> Policy | None:
    return POLICIES.get(("GET" if method == "HEAD" else method, path))
