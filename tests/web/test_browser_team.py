"""The whole coach-athlete relationship in team mode, in real browsers (one per person):
the admin gives the coach a join link, the athlete makes their account with it and has a
squat clip analysed, the coach sees the clip flagged, comments on a rep and changes a dose
with a reason, and the athlete sees both, and sees in their access log that the coach looked.
Phone-width screenshots of the coach's and the athlete's pages go to ``SHOTS``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from browser_support import CLIP, SHOTS, needs_chromium, serving
from test_browser_layout import overflow, settle

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.services import accounts
from footwork.web.app import create_app
from footwork.web.options import WebOptions

pytestmark = [
    needs_chromium,
    pytest.mark.slow,
    pytest.mark.skipif(not CLIP.exists(), reason=f"real squat clip not found at {CLIP}"),
]

PASSWORD = "good feet all day"
PHONE = {"width": 390, "height": 844}
REASON = "the left ankle is still stiff, so one more set on that side"
COMMENT = "Knees drift in at the bottom: push them out over your toes."


@contextmanager
def person(browser, base: str, viewport: dict[str, int] = PHONE) -> Iterator:  # type: ignore[no-untyped-def]
    """One person's browser: its own cookies, recording page errors and 4xx/5xx answers."""
    context = browser.new_context(viewport=viewport, base_url=base, bypass_csp=True)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("#login input[name=email]", email)
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button[type=submit]")
    page.wait_for_load_state("load")
    assert "/login" not in page.url, page.inner_text("main")


def on_phone(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page fits a 390 px phone (no sideways scrolling); a screenshot of it in SHOTS."""
    settle(page)
    assert overflow(page) is None, f"{name}: {overflow(page)}"
    page.screenshot(path=str(SHOTS / f"team-{name}.png"), full_page=True)


def test_coach_invites_athlete_joins_uploads_coach_reviews_and_changes_athlete_sees(  # type: ignore[no-untyped-def]
    browser, settings_sqlite: Settings
):
    settings = settings_sqlite
    # The operator's accounts (footwork user add): the club's admin and the coach.
    accounts.add_user(settings, "admin@club.test", Role.ADMIN, name="Ada Admin", password=PASSWORD)
    accounts.add_user(settings, "coach@club.test", Role.COACH, name="Sam Coach", password=PASSWORD)
    app = create_app(settings, WebOptions(team=True, max_upload_bytes=20 * 1024 * 1024))
    with (
        serving(app, free_port("127.0.0.1")) as base,
        person(browser, base, {"width": 1100, "height": 900}) as admin,
        person(browser, base) as coach,
        person(browser, base) as athlete,
    ):
        # 1. The coach signs in (no athletes yet); the admin makes the coach's join link.
        sign_in(coach, "coach@club.test")
        assert coach.url.endswith("/coach")
        assert coach.locator("#no-athletes").is_visible()
        sign_in(admin, "admin@club.test")
        admin.goto("/admin")
        row = admin.locator("#accounts tbody tr", has_text="coach@club.test")
        row.locator("form[action$='/join-link'] button").click()
        link = admin.locator("#shown-link code").inner_text().strip()
        assert link.startswith(f"{base}/links/"), link

        # 2. The athlete opens the link, makes their account, and lands on Today.
        athlete.goto(link)
        assert "Join Sam Coach" in athlete.inner_text("h1")
        form = athlete.locator("#link-form")
        form.locator("input[name=name]").fill("Ali")
        form.locator("input[name=email]").fill("ali@club.test")
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("input[name=repeat]").fill(PASSWORD)
        form.locator("button[type=submit]").click()
        athlete.wait_for_load_state("load")
        assert athlete.url == f"{base}/", athlete.inner_text("main")
        assert athlete.inner_text("h1") == "Hello Ali"
        assert athlete.locator("#from-coach").count() == 0

        # ... checks their squat on Check form and waits for the real analysis.
        athlete.goto("/check")
        athlete.select_option("#check-form select[name=exercise]", "squat")
        athlete.set_input_files("#check-form input[type=file]", str(CLIP))
        athlete.click("#check-form button[type=submit]")
        athlete.wait_for_selector("#analysis, #job-error:not(:empty)", timeout=180_000)
        assert athlete.locator("#analysis").count(), athlete.inner_text("#job-error")
        assert "squat: 2 reps" in athlete.inner_text("h1")
        clip_path = athlete.url.split(base, 1)[1].split("?")[0]  # /check/<id>
        assert athlete.locator("#comments").inner_text().count("No comments") == 1

        # 3. The coach sees Ali, with the clip to review, on the dashboard.
        ali = accounts.find_user(settings, "ali@club.test")
        person_uid = accounts.viewable_person(settings, ali, None).uid  # type: ignore[union-attr]
        coach.goto("/coach")
        roster_row = coach.locator(f"#roster tr[data-person='{person_uid}']")
        assert roster_row.locator(".flag-clip").inner_text() == "1 clip to review"
        on_phone(coach, "coach-dashboard")

        # ... opens Ali, then the clip, and comments on rep 2.
        roster_row.locator("a", has_text="Ali").click()
        coach.wait_for_load_state("load")
        assert coach.url.endswith(f"/coach/athletes/{person_uid}")
        assert coach.locator("#flags .flag-clip").count() == 1
        coach.locator("#clips a", has_text="squat_19.mp4").click()
        coach.wait_for_selector("#analysis")
        assert coach.url.split("?")[0] == f"{base}{clip_path}"
        assert "squat: 2 reps" in coach.inner_text("h1")
        coach.fill("#comment-form input[name=rep]", "2")
        coach.fill("#comment-form textarea[name=text]", COMMENT)
        coach.click("#comment-form button[type=submit]")
        coach.wait_for_selector("#comment-list")
        assert "on rep 2" in coach.inner_text("#comment-list")
        assert COMMENT in coach.inner_text("#comment-list")
        on_phone(coach, "coach-clip-comment")

        # The clip is reviewed now: the flag is gone from the dashboard.
        coach.goto("/coach")
        assert roster_row.locator(".flag-clip").count() == 0

        # ... opens the plan editor and gives the left foot one more set of Outward Roll.
        coach.goto(f"/coach/athletes/{person_uid}")
        coach.click("#plan-editor")
        coach.wait_for_selector("#plan-form")
        assert coach.url.endswith(f"/coach/athletes/{person_uid}/plan")
        on_phone(coach, "plan-editor")
        sets = coach.locator("#plan-form input[name=outward-roll-left-sets]")
        before = int(sets.input_value())
        after = before + 1 if before < 20 else before - 1
        sets.fill(str(after))
        coach.fill("#plan-form input[name=reason]", REASON)
        coach.click("#plan-form button[type=submit]")
        coach.wait_for_selector("#changes")
        assert coach.url.endswith(f"/coach/athletes/{person_uid}/plan#history")
        history = coach.inner_text("#changes")
        assert REASON in history and f"{after} sets" in history, history
        assert coach.errors == []  # type: ignore[attr-defined]

        # 4. The athlete's Today shows the change with its reason, and the comment.
        athlete.goto("/")
        from_coach = athlete.inner_text("#from-coach")
        assert "Your coach Sam Coach" in from_coach
        assert "Outward Roll" in from_coach and REASON in from_coach, from_coach
        assert f"{after} sets" in from_coach, from_coach
        assert COMMENT in from_coach, from_coach
        on_phone(athlete, "athlete-today")

        # ... opens the clip from there and reads the comment under it.
        athlete.locator("#from-coach a", has_text="On your clip").click()
        athlete.wait_for_selector("#comment-list")
        assert athlete.url.split("#")[0].split("?")[0] == f"{base}{clip_path}"
        comments = athlete.inner_text("#comment-list")
        assert "Sam Coach" in comments and "rep 2" in comments and COMMENT in comments
        assert athlete.locator("#comment-form").count() == 0  # the athlete reads, not writes
        on_phone(athlete, "athlete-clip-comment")

        # ... and sees on their account page that the coach looked and changed their plan.
        athlete.goto("/account")
        log = athlete.inner_text("#access")
        assert "Sam Coach viewed a clip of yours" in log, log
        assert "Sam Coach changed your plan" in log, log
        assert athlete.errors == []  # type: ignore[attr-defined]
        assert admin.errors == []  # type: ignore[attr-defined]
