"""Who may use each route in team mode, generated from the app's own route table.

Every route (method × path) is asked by six people: no one signed in, the athlete, another
athlete, the athlete's coach, another coach and an admin. Path parameters are filled with the
athlete's real records (a measurement, a performance note, a logged set, a finished clip
analysis with its files, an uploaded photo and footprint, a session in progress); the others
name the athlete with ``?person=``. The route's rule in ``web/policies.py`` says what each
must get: not signed in -> the sign-in page (pages) or 401 (API); not theirs -> 404, exactly
as for an address that does not exist, with nothing of the athlete's in the answer; theirs ->
through the gate (any answer but 401, 404 or the sign-in page; a 422 for an empty form is
fine).

The athlete's record ids are also tried by the other athlete and by the other coach in their
own name (no ``?person=`` of the athlete): ids must not open someone else's records. Answers
to the athlete and their coach must not show the other athlete's records either.

A route without a rule fails here by name, and so does a rule left for a route that is gone.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from fastapi import FastAPI
from fastapi.routing import APIWebSocketRoute, iter_route_contexts
from fastapi.testclient import TestClient
from team_support import Team, browser, page_token, sign_in, team_app

from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.domain.exercises import EXERCISES
from footwork.domain.protocols import PROTOCOLS
from footwork.services import accounts
from footwork.synth.footprint import random_photo
from footwork.synth.motion import squat
from footwork.vision.pose.landmark_csv import write_landmark_csv
from footwork.web.policies import POLICIES, WEBSOCKET, Policy, Rule

ACTORS = ("anonymous", "athlete", "other_athlete", "coach", "other_coach", "admin")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The last word of a path whose request uses its record up.
DESTRUCTIVE_ENDS = ("delete", "finish", "save", "leave", "revoke")
JOB_WAIT_S = 30.0


# The routes -----------------------------------------------------------------------------------


def app_routes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """(method, path, whether FastAPI's dependencies run for it) for every route of the app."""
    found = []
    for context in iter_route_contexts(app.routes):
        methods = getattr(context, "methods", None) or set()
        path = context.path
        is_api_route = hasattr(context, "dependant")
        for method in sorted(set(methods) & set(METHODS)):
            found.append((method, path, is_api_route))
    return sorted(set(found))


def websocket_routes(app: FastAPI) -> set[tuple[str, str]]:
    """("WEBSOCKET", path) for each WebSocket route: its rule is checked at the handshake,
    and who may open it is tested with the socket itself (tests/web/test_live_socket.py)."""
    return {(WEBSOCKET, c.path) for c in iter_route_contexts(app.routes)
            if isinstance(c.original_route, APIWebSocketRoute)}  # fmt: skip


def test_every_route_has_a_rule_and_every_rule_a_route(settings: Settings):
    app = team_app(settings)
    routes = app_routes(app)
    assert len(routes) > 60, routes  # the walk found the app's routes
    known = {(m, p) for m, p, _ in routes} | websocket_routes(app)
    every = [(m, p) for m, p, _ in routes] + sorted(websocket_routes(app))
    missing = [f"{m} {p}" for m, p in every if (m, p) not in POLICIES]
    assert not missing, (
        "these routes have no access rule in web/policies.py POLICIES (team mode answers 500 "
        f"for them): {missing}"
    )
    stale = [f"{m} {p}" for m, p in POLICIES if (m, p) not in known]
    assert not stale, f"POLICIES has rules for routes the app no longer has: {stale}"


# The club's records ---------------------------------------------------------------------------


MARKERS = {  # what of each athlete's records must not show to anyone else
    "athlete": ("ali@club.test", "ali-marker-note", "ali-squats.csv", "ali-footprint.png"),
    "other_athlete": ("bo@club.test", "bo-marker-note", "bo-squats.csv"),
}


def png(image: np.ndarray) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()


def photo_bytes() -> bytes:
    image = np.full((300, 300, 3), 200, np.uint8)
    cv2.line(image, (100, 200), (200, 200), (40, 40, 40), 6)
    return png(image)


@dataclass
class World:
    """The app, the club, a browser signed in as each, and the athlete's records."""

    app: FastAPI
    team: Team
    settings: Settings
    clients: dict[str, TestClient]
    ids: dict[str, str] = field(default_factory=dict)
    squats_csv: bytes = b""
    footprint_png: bytes = b""

    @property
    def me(self) -> TestClient:
        return self.clients["athlete"]

    # Records made as their owner would, through the API and pages.

    def measurement(self, who: str = "athlete") -> str:
        note = MARKERS[who][1]
        r = self.clients[who].post(
            "/api/measurements",
            json=[{"kind": "big-toe-extension", "side": "left", "value": 51, "note": note}],
        )
        assert r.status_code == 201, r.text
        return str(r.json()[0]["id"])

    def outcome(self, who: str = "athlete") -> str:
        r = self.clients[who].post(
            "/api/outcomes", json={"kind": "squat-1rm", "value": 80, "note": MARKERS[who][1]}
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def live_session(self, who: str = "athlete") -> str:
        r = self.clients[who].post("/api/sessions", json={})
        assert r.status_code == 201, r.text
        return str(r.json()["token"])

    def logged_set(self, who: str = "athlete") -> str:
        token = self.live_session(who)
        client = self.clients[who]
        r = client.post(
            f"/api/sessions/{token}/sets",
            json={"exercise": "outward-roll", "side": "left", "reps_done": 10, "reps_target": 10,
                  "note": MARKERS[who][1]},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        r = client.post(f"/api/sessions/{token}/finish", json={"note": MARKERS[who][1]})
        assert r.status_code == 200, r.text
        sets = [
            s
            for p in client.get("/api/export").json()["people"]
            for x in p["sessions"]
            for s in x["sets"]
        ]
        return self.set_id(who, len(sets))

    def set_id(self, who: str, count: int) -> str:
        from footwork.services import records

        person = accounts.viewable_person(self.settings, getattr(self.team, who), None)
        assert person is not None
        found = records.list_sets(self.settings, person.name)
        assert len(found) >= 1
        return str(max(s.id for s in found))

    def analysis(self, who: str = "athlete") -> str:
        client = self.clients[who]
        name = MARKERS[who][2]
        r = client.post(
            "/api/analyses",
            files={"file": (name, self.squats_csv, "text/csv")},
            data={"exercise": "banded-squat"},
        )
        assert r.status_code == 202, r.text
        job_id = str(r.json()["id"])
        until = time.monotonic() + JOB_WAIT_S
        while time.monotonic() < until:
            status = client.get(f"/api/jobs/{job_id}").json()["status"]
            if status in ("done", "failed"):
                break
            time.sleep(0.05)
        assert status == "done", client.get(f"/api/jobs/{job_id}").json()
        return job_id

    def spare_coach(self) -> str:
        """A new coach the athlete joined (for leaving one without losing their coach)."""
        n = len(self.ids)
        email = f"spare-coach{n}@club.test"
        coach = accounts.add_user(self.settings, email, Role.COACH, name=f"Spare {n}")
        accounts.join_coach(self.settings, accounts.join_link(self.settings, email),
                            self.team.athlete)  # fmt: skip
        self.ids[email] = str(coach.id)
        return str(coach.id)

    def calendar_secret(self) -> str:
        from footwork.services.calendar_feed import feed_secret

        return feed_secret(self.settings, self.team.athlete.id)

    def api_token(self) -> str:
        token, _ = accounts.create_token(self.settings, self.team.athlete.email, "matrix")
        return str(token.id)

    def photo(self) -> str:
        r = self.me.post(
            "/photo",
            files={"file": ("ali-photo.png", photo_bytes(), "image/png")},
            data={"preset": "lunge", "side": "left"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        found = re.match(r"/photo/([0-9a-f]{32})", r.headers["location"])
        assert found, r.headers["location"]
        return found.group(1)

    def photo_file(self) -> str:
        names = sorted(p.name for p in (self.settings.home / "uploads" / "photos").iterdir())
        token = self.ids["photo"]
        return next(n for n in names if n.startswith(token))

    def footprint(self) -> str:
        r = self.me.post(
            "/footprint", files={"file": (MARKERS["athlete"][3], self.footprint_png, "image/png")}
        )
        assert r.status_code == 200, r.text
        found = re.search(r"/footprint/([0-9a-f]{32})/save", r.text)
        assert found, "no save form on the footprint page"
        return found.group(1)


def make_world(settings: Settings, team: Team) -> World:
    app = team_app(settings)
    anonymous = browser(app)
    anonymous.headers["X-CSRF-Token"] = page_token(anonymous)
    clients = {"anonymous": anonymous}
    for who in ACTORS[1:]:
        clients[who] = sign_in(app, getattr(team, who).email)
    world = World(app, team, settings, clients)
    world.squats_csv = _squats_csv(settings)
    world.footprint_png = png(random_photo(200, both_feet=True).image)
    for who in ("athlete", "other_athlete"):
        world.measurement(who)
        world.outcome(who)
        world.logged_set(who)
        world.ids[f"{who}:analysis"] = world.analysis(who)
    world.ids["measurement"] = world.measurement()
    world.ids["outcome"] = world.outcome()
    world.ids["set"] = world.logged_set()
    world.ids["analysis"] = world.ids["athlete:analysis"]
    world.ids["live"] = world.live_session()
    world.ids["photo"] = world.photo()
    world.ids["footprint"] = world.footprint()
    world.ids["link"] = accounts.password_link(settings, team.athlete.email)[1]
    spare = accounts.add_user(settings, "spare@club.test", Role.ATHLETE, name="Spare")
    world.ids["spare"] = str(spare.id)
    return world


def _squats_csv(settings: Settings) -> bytes:
    path = settings.home.parent / "squats.csv"
    write_landmark_csv(squat(reps=2, seed=3).seq, path)
    return path.read_bytes()


# Filling in a path ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """What a path parameter is filled with; ``owned``: it names one of the athlete's
    records, so only those who may see the athlete's records may use it. ``fresh`` makes a new
    record for a request that uses its record up (deleting it, finishing a session)."""

    get: Callable[[World], str]
    owned: bool = False
    fresh: Callable[[World], str] | None = None


def mine(key: str, make: Callable[[World], str] | None = None) -> Value:
    """One of the athlete's records made with the world (``make``: a new one)."""
    return Value(lambda w: w.ids[key], True, make)


def made(make: Callable[[World], str]) -> Value:
    """One of the athlete's records, made anew for every request."""
    return Value(make, True, make)


# (a path pattern, a parameter name) -> its value; the first match wins. A parameter no
# pattern matches fails the test, naming the route: add it here.
VALUES: list[tuple[str, str, Value]] = [
    (r"^/assess/", "key", Value(lambda w: PROTOCOLS[0].key)),
    (r"exercises/", "key", Value(lambda w: next(iter(EXERCISES)))),
    (r"^/assets/swagger/", "name", Value(lambda w: "swagger-ui.css")),
    (r"^/assets/mediapipe-pose/", "name", Value(lambda w: "LICENSE")),
    (r"^/export/", "name", Value(lambda w: "measurements")),
    (r"^/analyses/", "name", Value(lambda w: "plot.png")),
    (r"^/uploads/", "name", Value(lambda w: w.photo_file(), True)),
    (r"", "what", Value(lambda w: "measurements")),
    (r"^/data/sets/", "record_id", mine("set", World.logged_set)),
    (r"^/data/outcomes/", "record_id", mine("outcome", World.outcome)),
    (r"", "record_id", mine("measurement", World.measurement)),
    (r"", "measurement_id", mine("measurement", World.measurement)),
    (r"", "outcome_id", mine("outcome", World.outcome)),
    (r"", "set_id", mine("set", World.logged_set)),
    (r"", "analysis_id", mine("analysis")),
    (r"", "job_id", mine("analysis")),
    (r"^/api/sessions/", "token", mine("live", World.live_session)),
    (r"^/footprint/", "token", mine("footprint", World.footprint)),
    (r"photo", "token", mine("photo")),
    (r"^/links/", "secret", Value(lambda w: w.ids["link"])),
    (r"^/calendar/", "secret", Value(World.calendar_secret)),
    (r"^/account/coaches/", "coach_id", made(World.spare_coach)),
    (r"^/account/tokens/", "token_id", made(World.api_token)),
    (r"^/admin/coaches/", "account_id", Value(lambda w: str(w.team.coach.id))),
    (r"^/admin/", "account_id", Value(lambda w: w.ids["spare"])),
    (r"", "person", Value(lambda w: w.team.athlete_uid, True)),
    (r"", "person_uid", Value(lambda w: w.team.athlete_uid, True)),
    (r"", "athlete_uid", Value(lambda w: w.team.athlete_uid, True)),
    (r"", "uid", Value(lambda w: w.team.athlete_uid, True)),
]
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
# A valid body for the routes that change a record named in their path, so that another
# person's try reaches the record's owner check (an empty one is refused before it: 422).
PROBE_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/api/measurements/{measurement_id}"): {
        "json": {"kind": "big-toe-extension", "side": "left", "value": 1}},
    ("PUT", "/api/outcomes/{outcome_id}"): {"json": {"kind": "squat-1rm", "value": 1}},
    ("POST", "/api/sessions/{token}/sets"): {
        "json": {"exercise": "outward-roll", "reps_done": 1, "reps_target": 1}},
    ("POST", "/api/sessions/{token}/finish"): {"json": {}},
    ("POST", "/data/measurements/{record_id}/edit"): {
        "data": {"value": "1", "side": "left", "method": "goniometer", "day": "2026-11-01"}},
    ("POST", "/data/sets/{record_id}/edit"): {"data": {"reps_done": "1", "reps_target": "1"}},
    ("POST", "/data/outcomes/{record_id}/edit"): {
        "data": {"kind": "squat-1rm", "day": "2026-11-01"}},
    ("POST", "/photo/{token}"): {
        "data": {"points": "1,1;2,2", "preset": "lunge", "side": "left"}},
}  # fmt: skip


def values_of(path: str) -> dict[str, Value]:
    found = {}
    for name in PARAM.findall(path):
        for pattern, param, value in VALUES:
            if param == name and re.search(pattern, path):
                found[name] = value
                break
        else:
            raise AssertionError(
                f"{path}: no value for the path parameter {{{name}}}; add one to VALUES in "
                "tests/web/test_access_matrix.py (and say whether it names the athlete's records)"
            )
    return found


def destructive(method: str, path: str) -> bool:
    return method == "DELETE" or path.rstrip("/").rsplit("/", 1)[-1] in DESTRUCTIVE_ENDS


def fill(world: World, method: str, path: str, fresh: bool) -> str:
    values = values_of(path)

    def one(match: re.Match[str]) -> str:
        value = values[match.group(1)]
        if fresh and value.fresh is not None:
            return value.fresh(world)
        return value.get(world)

    return PARAM.sub(one, path)


# What each person must get ----------------------------------------------------------------------


ALLOWED: dict[Rule, set[str]] = {
    Rule.PUBLIC: set(ACTORS),
    Rule.SIGNED_IN: set(ACTORS) - {"anonymous"},
    Rule.ATHLETE: {"athlete", "coach"},
    Rule.ATHLETE_ONLY: {"athlete"},
    Rule.COACH_OF: {"coach"},
    Rule.COACH: {"coach", "other_coach"},
    Rule.ADMIN: {"admin"},
    Rule.LOCAL: set(),
}


def allowed(policy: Policy, who: str, owned: bool) -> bool:
    people = ALLOWED[policy.rule]
    if owned and policy.rule is Rule.SIGNED_IN:
        people = {"athlete"}  # something of the athlete's own account
    if owned and policy.rule is Rule.COACH:
        people = {"coach"}  # a coach's page about one athlete: their coach's alone
    return who in people


@dataclass
class Matrix:
    world: World
    failures: list[str] = field(default_factory=list)
    asked: int = 0

    def ask(self, who: str, method: str, path: str, *, person: str | None, fresh: bool,
            body: dict[str, Any] | None = None) -> Any:  # fmt: skip
        url = fill(self.world, method, path, fresh)
        if person is not None:
            url += ("&" if "?" in url else "?") + f"person={person}"
        self.asked += 1
        client = self.world.clients[who]
        return url, client.request(method, url, follow_redirects=False, **(body or {}))

    def check(self, label: str, answer: Any, expect: str, leak_of: str | None) -> None:
        status = answer.status_code
        location = answer.headers.get("location", "")
        api = label.split(" ", 2)[1].startswith("/api/")
        if expect == "sign-in":
            wanted = 401 if api else 303
            if status != wanted or (not api and not location.startswith("/login")):
                self.failures.append(f"{label}: {status} {location}, wanted the sign-in {wanted}")
        elif expect == "denied":
            if status == 422 and "own name" in label:
                self.failures.append(
                    f"{label}: 422, not 404: the route worked on the athlete's record without "
                    "checking whose it is, or refused the test's body before checking (give "
                    f"it a valid one in PROBE_BODIES): {answer.text[:150]!r}"
                )
            elif status != 404:
                self.failures.append(f"{label}: {status} {location}, wanted 404")
        else:
            if status in (401, 403, 404) or status >= 500 or location.startswith("/login?"):
                self.failures.append(
                    f"{label}: {status} {location} {answer.text[:150]!r}, wanted it let through"
                )
        if leak_of is not None:
            body = answer.text
            shown = [m for m in MARKERS[leak_of] if m in body]
            if leak_of == "athlete" and re.search(r"\bAli\b", body):
                shown.append("the athlete's name")
            if shown:
                self.failures.append(f"{label}: the answer shows {leak_of}'s {shown}")


def leaks_to_check(policy: Policy, who: str, ok: bool) -> str | None:
    """Whose records must not show in the answer: the athlete's to anyone refused, and to
    the other athlete and coach on their own pages; the other athlete's on the athlete's.
    (An address holding its own secret, like a calendar feed, shows its owner's by design;
    the admin's pages list accounts.)"""
    if not ok:
        return "athlete"
    if who in ("athlete", "coach"):
        return "other_athlete"
    if who in ("other_athlete", "other_coach") and policy.rule is not Rule.PUBLIC:
        return "athlete"
    return None


def test_every_route_answers_each_person_as_its_rule_says(settings: Settings, team: Team):
    world = make_world(settings, team)
    matrix = Matrix(world)
    uids = {"athlete": None, "coach": team.athlete_uid}
    routes = [(m, p) for m, p, deps in app_routes(world.app) if deps]
    # The sign-out last, or it would end the browsers the other requests use.
    routes.sort(key=lambda r: r == ("POST", "/logout"))
    for method, path in routes:
        policy = POLICIES.get((method, path))
        assert policy is not None, f"{method} {path} has no access rule in web/policies.py"
        values = values_of(path)
        owned = any(v.owned for v in values.values())
        # Those who get nothing first, so a request that uses a record up comes after them.
        for who in ("anonymous", "other_athlete", "other_coach", "admin", "coach", "athlete"):
            ok = allowed(policy, who, owned)
            if policy.rule is Rule.LOCAL:
                expect = "denied"
            elif who == "anonymous" and policy.rule is not Rule.PUBLIC:
                expect = "sign-in"
            else:
                expect = "allowed" if ok else "denied"
            person = uids.get(who, team.athlete_uid)
            fresh = ok and destructive(method, path)
            url, answer = matrix.ask(who, method, path, person=person, fresh=fresh)
            leak_of = leaks_to_check(policy, who, ok)
            label = f"{method} {url} as {who} ({policy.rule})"
            matrix.check(label, answer, expect, leak_of)
        if owned and policy.rule in (Rule.ATHLETE, Rule.ATHLETE_ONLY, Rule.COACH_OF, Rule.COACH,
                                     Rule.SIGNED_IN):  # fmt: skip
            # The athlete's ids tried by others in their own name.
            for who, person in (("other_athlete", None),
                                ("other_coach", team.other_athlete_uid)):  # fmt: skip
                if policy.rule is Rule.COACH_OF and who == "other_athlete":
                    continue
                if policy.rule is Rule.ATHLETE_ONLY and who == "other_coach":
                    continue
                body = PROBE_BODIES.get((method, path))
                url, answer = matrix.ask(who, method, path, person=person, fresh=False, body=body)
                matrix.check(f"{method} {url} as {who} in their own name ({policy.rule})",
                             answer, "denied", "athlete")  # fmt: skip
    assert not matrix.failures, (
        f"{len(matrix.failures)} of {matrix.asked} requests answered against their rule:\n"
        + "\n".join(matrix.failures)
    )
    assert matrix.asked > 400
