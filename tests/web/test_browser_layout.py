"""Every page on a phone, and every page through axe-core's WCAG 2.2 AA rules.

A realistic person is seeded first (measurements by several methods over eight weeks, coached
sessions, outcome notes, a saved footprint, an analysed clip), so tables and charts are full.
The pages are found from the app's own routes, so a new page cannot be left out: a route with a
path parameter needs example URLs in ``examples``, or the test says which one is missing. Pages
that only a form shows (a measured photo, a footprint, an import, a failed clip analysis) are
reached through their forms, and the error pages are visited too.

axe-core is an npm package pinned in tests/web/axe/package.json; ``npm ci`` there (which
scripts/test.sh runs) puts it in node_modules/, and the test injects that file into each page.
Without it the audit skips with the reason. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from browser_support import FOOT_PHOTO, FOOTPRINT, SHOTS, needs_chromium

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Method, NewMeasurement
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.domain.units import Unit
from footwork.services import analyses, measurements, people, pictures, progress, sessions
from footwork.web.app import create_app
from footwork.web.policies import policy_for

pytestmark = [needs_chromium, pytest.mark.slow]

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONES = ({"width": 390, "height": 844}, {"width": 360, "height": 740})
DESKTOP = {"width": 1100, "height": 900}
NAME = "Robin Ashworth-Delacroix"  # a long name, as people have
CLIP_NAME = "PXL_20261125_071502123_banded_squat_landmarks.csv"  # a phone's unbreakable name
RECORDS = ("measurements", "sets", "outcomes")

# GET routes that are not pages: the JSON API, static files, the OpenAPI document, and routes
# that answer a file (a download, or a picture shown inside a page).
NOT_PAGES = re.compile(r"^/(api/|static|assets/|openapi\.json)")
FILES = re.compile(r"(\.[a-z]+|\{name\})$")


# A realistic person ---------------------------------------------------------------------------


def _m(kind: MeasureKind, side: Side, value: float, unit: Unit, method: Method, when: datetime):
    return NewMeasurement(kind, side, value, unit, method, when)


def seed_measurements(start: datetime) -> list[NewMeasurement]:
    """Every two weeks: big toe by goniometer or photo, lunge by tape and phone inclinometer."""
    items = []
    for week in range(0, 8, 2):
        when = start + timedelta(days=7 * week)
        toe_method = Method.GONIOMETER if week % 4 == 0 else Method.PHOTO
        for side, toe, lunge, ankle in ((Side.LEFT, 41, 7.0, 31), (Side.RIGHT, 55, 10.5, 39)):
            items += [
                _m(MeasureKind.BIG_TOE_EXTENSION, side, toe + 2.5 * week, Unit.DEG, toe_method,
                   when),
                _m(MeasureKind.LUNGE_DISTANCE, side, lunge + 0.4 * week, Unit.CM, Method.TAPE,
                   when),
                _m(MeasureKind.ANKLE_DORSIFLEXION, side, ankle + week, Unit.DEG,
                   Method.PHONE_INCLINOMETER, when),
            ]  # fmt: skip
    return items


def seed_session(when: datetime, day: int) -> SessionLog:
    rolls = [SetLog("outward-roll", side, None, 5, 5, effort=5, pain=2 if day < 20 else 0)
             for side in (Side.LEFT, Side.RIGHT)]  # fmt: skip
    circles = [SetLog("heel-circle", Side.LEFT, d, 5, 5, effort=6, note="calf tight at first")
               for d in (Direction.CLOCKWISE, Direction.COUNTER_CLOCKWISE)]  # fmt: skip
    squat = SetLog("banded-squat", None, None, 4, 5, effort=7, stop_reason="band slipped")
    return SessionLog(when, when + timedelta(minutes=7), [*rolls, *circles, squat])


def seed_person(settings: Settings) -> None:
    """Eight weeks of a trail runner's data: measures, sessions every third day, outcomes."""
    people.add(settings, NAME, sport="trail running", goals="run downhill without knee pain")
    start = datetime.now().replace(microsecond=0) - timedelta(days=56)
    measurements.record(settings, seed_measurements(start), NAME)
    for day in range(0, 56, 3):
        when = start + timedelta(days=day, hours=7)
        sessions.record_session(settings, seed_session(when, day), NAME)
    for week, kg, pain in ((0, 110, 4), (3, 115, 3), (6, 122.5, 1)):
        when = start + timedelta(days=7 * week)
        progress.add_outcome(settings, "squat-1rm", kg, "felt strong", person=NAME, when=when)
        progress.add_outcome(settings, "5k-time", 26.5 - week * 0.3, person=NAME, when=when)
        progress.add_outcome(settings, "pain", pain, "left knee after a long downhill",
                             person=NAME, when=when)  # fmt: skip


def seed_footprint(settings: Settings) -> None:
    if FOOTPRINT.exists():
        overlay = settings.home / "footprint-overlay.png"
        pictures.footprint(settings, FOOTPRINT, annotate=overlay, person=NAME, save=True,
                           note="footprint photo")  # fmt: skip


def seed_clip_analysis(settings: Settings, folder: Path) -> str:
    """A banded-squat analysis of generated landmarks (the pose model is not needed)."""
    from footwork.synth.motion import squat
    from footwork.vision.pose.landmark_csv import write_landmark_csv

    csv = write_landmark_csv(squat(reps=5, knees_out=0.3, seed=3).seq, folder / "squat.csv")
    analysis_id = uuid.uuid4().hex
    analyses.analyse_clip(settings, csv, "banded-squat", analysis_id,
                          original_name=CLIP_NAME, person=NAME, keep_clip=True)  # fmt: skip
    return analysis_id


@pytest.fixture
def seeded(settings_sqlite: Settings, tmp_path: Path) -> dict[str, str]:
    seed_person(settings_sqlite)
    seed_footprint(settings_sqlite)
    return {"analysis_id": seed_clip_analysis(settings_sqlite, tmp_path)}


# Every page -------------------------------------------------------------------------------------


def get_routes(settings: Settings, *, team: bool = False) -> list[str]:
    """The path of every GET route of the app that answers a page: the local app's, or with
    ``team`` the pages only team mode has (test_browser_team_layout.py walks those)."""
    app = create_app(settings)

    def walk(routes, prefix: str = "") -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
        for r in routes:
            if hasattr(r, "original_router"):  # FastAPI keeps an included router whole
                yield from walk(r.original_router.routes, prefix + r.include_context.prefix)
            else:
                yield prefix + getattr(r, "path", ""), r

    return sorted(
        path
        for path, r in walk(app.router.routes)
        if "GET" in (getattr(r, "methods", None) or ())
        and not NOT_PAGES.match(path)
        and not FILES.search(path)
        and _team_only(path) == team
    )


def _team_only(path: str) -> bool:
    policy = policy_for("GET", path)
    return policy is not None and policy.team_only


def examples(analysis_id: str, photo_token: str | None) -> dict[str, list[str]]:
    """URLs to visit for each route with a path parameter."""
    from footwork.domain.exercises import EXERCISES
    from footwork.domain.protocols import PROTOCOLS

    photo = [f"/photo/{photo_token}?preset=big-toe-extension&side=left"] if photo_token else []
    return {
        "/assess/{key}": [f"/assess/{p.key}" for p in PROTOCOLS],
        "/exercises/{key}": [f"/exercises/{key}" for key in EXERCISES],
        "/check/{analysis_id}": [f"/check/{analysis_id}"],
        "/photo/{token}": photo,
        "/data/{what}/{record_id}/edit": [f"/data/{w}/1/edit" for w in RECORDS],
        "/data/{what}/{record_id}/delete": [f"/data/{w}/1/delete" for w in RECORDS],
    }


def page_urls(settings: Settings, analysis_id: str, photo_token: str | None) -> list[str]:
    samples = examples(analysis_id, photo_token)
    urls: list[str] = []
    for path in get_routes(settings):
        if "{" not in path:
            urls.append(path)
            continue
        assert path in samples, f"add example URLs for the new route {path} to this test"
        urls += samples[path]
    # The camera alone for one test (the session's camera view itself needs a camera:
    # test_browser_live.py walks it on a fake one).
    urls.append("/session?live=lunge-test")
    # Error pages: an unknown address, an unknown record, a request that cannot be read.
    urls += ["/no-such-page", "/exercises/no-such-exercise", "/check/" + "0" * 32]
    if photo_token:
        urls.append(f"/photo/{photo_token}?preset=no-such-angle")
    return urls


def upload_photo(page) -> str | None:  # type: ignore[no-untyped-def]
    """Upload the real foot photo on /measure; the token of the page to mark its points."""
    if not FOOT_PHOTO.exists():
        return None
    page.goto("/measure")
    page.set_input_files("#photo-form input[type=file]", str(FOOT_PHOTO))
    page.click("#photo-form button[type=submit]")
    page.wait_for_url(re.compile(r"/photo/[0-9a-f]{32}"))
    return page.url.split("/photo/")[1].split("?")[0]


def form_pages(page, photo_token: str | None, folder: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Go to each page that only a form shows; yield its name once it is there."""
    if photo_token:
        page.goto(f"/photo/{photo_token}?preset=big-toe-extension&side=left")
        page.wait_for_function("document.getElementById('photo').naturalWidth > 0")
        overlay = page.locator("#overlay")
        box = overlay.bounding_box()
        for fx, fy in ((0.30, 0.70), (0.55, 0.68), (0.70, 0.55)):
            overlay.click(position={"x": fx * box["width"], "y": fy * box["height"]})
        page.click("#measure")
        page.wait_for_load_state()
        yield "photo-result"
    if FOOTPRINT.exists():
        page.goto("/measure")
        page.set_input_files("#footprint-form input[type=file]", str(FOOTPRINT))
        page.click("#footprint-form button[type=submit]")
        page.wait_for_load_state()
        yield "footprint-result"
    new = folder / "goniometer readings.csv"
    ago = timedelta(days=1, seconds=uuid.uuid4().int % 80000)  # new on every visit
    when = (datetime.now() - ago).replace(microsecond=0).isoformat()
    new.write_text(f"kind,side,value,unit,method,taken_at\n"
                   f"big-toe-extension,left,52,deg,goniometer,{when}\n")  # fmt: skip
    page.goto("/data")
    page.set_input_files("#import-form input[type=file]", str(new))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#confirm-import")
    yield "import-preview"
    page.click("#confirm-import button[type=submit]")
    page.wait_for_load_state()
    yield "import-done"
    short = folder / "two frames.csv"
    short.write_text((folder / "squat.csv").read_text().splitlines()[0] + "\n")
    page.goto("/check")
    page.set_input_files("#check-form input[type=file]", str(short))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#job-error:not(:empty)", timeout=30000)
    yield "check-job-failed"


# Checks ---------------------------------------------------------------------------------------


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page and its charts are drawn."""
    page.wait_for_load_state("load")
    if page.locator(".chart").count():
        page.wait_for_selector(".chart .main-svg", timeout=15000)
    page.wait_for_timeout(150)


def overflow(page) -> str | None:  # type: ignore[no-untyped-def]
    """None when the page fits the screen; else how wide it is and what sticks out."""
    return page.evaluate(
        """() => {
          const vw = window.innerWidth, sw = document.documentElement.scrollWidth;
          if (sw <= vw) return null;
          const sticksOut = e => e.getBoundingClientRect().right > vw + 1
            || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'
                && e.getBoundingClientRect().left + e.scrollWidth > vw + 1);
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => sticksOut(e) && ![...e.children].some(sticksOut))
            .slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                 + ' "' + (e.textContent || '').trim().slice(0, 40) + '"');
          return `${sw}px wide on a ${vw}px screen: ${wide.join(', ')}`;
        }"""
    )


def covered_titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Charts whose toolbar (shown when the chart is touched or hovered) lies over the title."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.chart')].filter(c => {
          const bar = c.querySelector('.modebar'), title = c.querySelector('.gtitle');
          if (!bar || !title) return false;
          const a = bar.getBoundingClientRect(), b = title.getBoundingClientRect();
          return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }).map(c => c.id)"""
    )


def phone_problems(page, name: str, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"(?!0{32})[0-9a-f]{32}", "id", name.lower())).strip(
        "-"
    )
    page.screenshot(path=str(SHOTS / f"phone{width}-{slug[:60] or 'today'}.png"), full_page=True)
    found = []
    if (wide := overflow(page)) is not None:
        found.append(f"{name} at {width}px: {wide}")
    if covered := covered_titles(page):
        found.append(f"{name} at {width}px: the chart toolbar covers the title of {covered}")
    return found


def axe_violations(page, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help, count: v.nodes.length,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))",
        AXE_TAGS,
    )
    return [f"{name}: {v['id']} ({v['help']}), {v['count']}x: {json.dumps(v['nodes'])}"
            for v in found]  # fmt: skip


def open_as_robin(browser, server: str, viewport: dict, *, axe: bool = False):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, base_url=server)
    if axe:  # an init script is the browser's own: the pages' Content-Security-Policy holds
        context.add_init_script(path=str(AXE))
    context.add_cookies([{"name": "footwork_person", "value": "Robin%20Ashworth-Delacroix",
                          "url": server}])  # fmt: skip
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(f"{page.url}: {exc}"))
    return context, page


def visit_every_page(page, settings: Settings, analysis_id: str, folder: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    token = upload_photo(page)
    for url in page_urls(settings, analysis_id, token):
        page.goto(url)
        settle(page)
        yield url
    for name in form_pages(page, token, folder):
        settle(page)
        yield name


def test_every_page_fits_a_phone_screen(server, browser, settings_sqlite, seeded, tmp_path):  # type: ignore[no-untyped-def]
    problems: list[str] = []
    for viewport in PHONES:
        context, page = open_as_robin(browser, server, viewport)
        for name in visit_every_page(page, settings_sqlite, seeded["analysis_id"], tmp_path):
            problems += phone_problems(page, name, viewport["width"])
        problems += page.errors
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `npm ci` in "
                    "tests/web/axe (scripts/test.sh does)")  # fmt: skip
@pytest.mark.parametrize("viewport", [PHONES[0], DESKTOP], ids=["phone", "desktop"])
def test_every_page_passes_the_wcag_2_2_aa_rules(  # type: ignore[no-untyped-def]
    server, browser, settings_sqlite, seeded, tmp_path, viewport
):
    context, page = open_as_robin(browser, server, viewport, axe=True)
    problems: list[str] = []
    for name in visit_every_page(page, settings_sqlite, seeded["analysis_id"], tmp_path):
        if name != "/docs":  # the API reference is Swagger UI's own page, not ours
            problems += axe_violations(page, name)
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_keyboard_user_can_skip_the_menu_and_sees_where_the_focus_is(server, browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONES[0], base_url=server)
    page = context.new_page()
    page.goto("/exercises")
    assert page.get_attribute("nav a[aria-current=page]", "href") == "/exercises"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the page's content"
    assert page.locator(".skip").bounding_box()["x"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return {inMain: !!e.closest('main'), outline: s.outlineStyle,"
        " width: s.outlineWidth}; })()"
    )
    assert focused["inMain"], "Enter on the skip link moves past the menu"
    assert focused["outline"] != "none" and focused["width"] != "0px", "focus is visible"
    context.close()
