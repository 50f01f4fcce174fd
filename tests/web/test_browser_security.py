"""In a real browser: no page breaks its Content-Security-Policy (charts and API docs work
without inline script), and a page on another local origin cannot change data."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import needs_chromium

from footwork.config import Settings
from footwork.services import people

pytestmark = [needs_chromium, pytest.mark.slow]
PAGES = ["/", "/plan", "/assess/big-toe", "/results", "/measure", "/check", "/session",
         "/exercises", "/exercises/heel-circle", "/progress", "/report", "/data", "/people",
         "/no-such-page", "/docs"]  # fmt: skip


def csp_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    problems: list[str] = []
    page.on("console", lambda m: ("Content Security Policy" in m.text or "Refused to" in m.text)
            and problems.append(m.text))  # fmt: skip
    return problems


def test_every_page_works_under_its_content_security_policy(browser, server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server)  # the policy in force, as users get it
    page = context.new_page()
    problems = csp_problems(page)
    page.goto("/welcome")
    page.fill("input[name=name]", "Robin")
    page.click("#onboarding button[type=submit]")
    page.wait_for_load_state()
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    for value, day in ((40, "2026-10-01"), (55, "2026-11-01")):
        r = page.request.post("/api/measurements", headers={"X-CSRF-Token": token}, data=[
            {"kind": "big-toe-extension", "side": side, "value": value, "taken_at": day}
            for side in ("left", "right")])  # fmt: skip
        assert r.status == 201, r.text()
    for path in PAGES:
        response = page.goto(path)
        assert "content-security-policy" in response.headers, path
        assert response.headers["x-frame-options"] == "DENY"
        page.wait_for_load_state("networkidle")
    page.goto("/progress")
    page.wait_for_selector(".chart .main-svg")  # Plotly drew under the policy
    page.goto("/report")
    page.wait_for_selector(".chart .main-svg")
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI started from its script file
    # "Try it out" in the API docs may change data: it sends the token like our pages.
    page.click("#operations-people-add_person_api_people_post .opblock-summary")
    page.click("text=Try it out")
    page.fill(".body-param textarea", '{"name": "Kim"}')
    page.click(".execute")
    page.wait_for_selector(".responses-table .response .response-col_status")
    assert "201" in page.inner_text(".live-responses-table")
    context.close()
    assert problems == []


@pytest.fixture
def other_origin(tmp_path: Path, server: str) -> Iterator[str]:
    """A web page on another port of this computer whose form posts to footwork."""
    attack = tmp_path / "attack"
    attack.mkdir()
    (attack / "index.html").write_text(
        f'<form id="f" method="post" action="{server}/welcome">'
        '<input name="name" value="Mallory"><button>Win a prize</button></form>'
        f'<form id="g" method="post" action="{server}/api/import?confirm=true" '
        'enctype="multipart/form-data"><input type="file" name="file"><button>Go</button>'
        "</form>"
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(attack))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    thread.join(timeout=10)
    httpd.server_close()


def test_a_form_on_another_local_origin_cannot_change_data(  # type: ignore[no-untyped-def]
    browser, server: str, other_origin: str, settings_sqlite: Settings, tmp_path: Path
):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "/welcome")  # the user has footwork open in the same browser
    page.goto(other_origin)
    with page.expect_navigation():
        page.click("#f button")
    assert "came from another web page" in page.inner_text("body")
    csv = tmp_path / "m.csv"
    csv.write_text("kind,side,value,unit,method,taken_at\n"
                   "big-toe-extension,left,50,deg,goniometer,2026-11-01\n")  # fmt: skip
    page.goto(other_origin)
    page.set_input_files("#g input[type=file]", str(csv))
    with page.expect_navigation():
        page.click("#g button")
    assert "came from another web page" in page.inner_text("body")
    context.close()
    assert people.list_profiles(settings_sqlite) == []
