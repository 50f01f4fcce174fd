"""The main flow in a real headless Chromium (Debian's /usr/bin/chromium, never a downloaded
browser) against a real uvicorn server: onboarding → assessment → plan → guided session →
progress chart. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from browser_support import CLIP, FOOT_PHOTO, FOOTPRINT, MEDIA, SHOTS, SPEED, needs_chromium

from footwork.config import Settings
from footwork.domain.session import SessionLog, SetLog
from footwork.services import measurements, progress, sessions

pytestmark = needs_chromium


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def onboard_and_assess(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.url.endswith("/welcome")
    page.fill("input[name=name]", "Robin")
    page.fill("input[name=sport]", "trail running")
    page.fill("textarea[name=goals]", "run downhill without knee pain")
    page.uncheck("input[value=arch]")
    shot(page, "01-welcome")
    page.click("button[type=submit]")
    page.wait_for_url("**/assess/big-toe?tests=big-toe,lunge")
    page.fill("input[name=value-big-toe-extension-left]", "44")
    page.fill("input[name=value-big-toe-extension-right]", "58")
    shot(page, "02-assess-big-toe")
    page.click("#measure-form button[type=submit]")
    page.wait_for_url("**/assess/lunge?tests=big-toe,lunge")
    page.fill("input[name=value-lunge-distance-left]", "7.5")
    page.fill("input[name=value-lunge-distance-right]", "11")
    page.fill("input[name=value-ankle-dorsiflexion-left]", "33")
    page.fill("input[name=value-ankle-dorsiflexion-right]", "41")
    page.click("#measure-form button[type=submit]")
    page.wait_for_url("**/results")
    assert page.locator("table.results tbody tr").count() == 6
    assert "below target" in page.inner_text("table.results")
    shot(page, "03-results")


def skip_a_set_and_stop(page) -> None:  # type: ignore[no-untyped-def]
    """At real speed: start, pause on the first timer, skip that set, finish."""
    page.goto("/session")
    page.click("#ready")
    page.wait_for_selector("#timer-box:not([hidden])")
    page.click("#pause")
    assert page.inner_text("#pause") == "Resume"
    shot(page, "05-session-timer")
    page.click("#skip")
    page.click("#finish")
    page.wait_for_selector("#done:not([hidden])")


def run_session(page) -> int:  # type: ignore[no-untyped-def]
    """Walk the whole guided session with fast timers, logging every set."""
    page.goto(f"/session?speed={SPEED}")
    logged = 0
    while True:
        page.wait_for_function(
            "['setup', 'log', 'done'].some(id => !document.getElementById(id).hidden)"
        )
        if page.is_visible("#done"):
            return logged
        if page.is_visible("#setup"):
            page.click("#ready")
            page.wait_for_selector("#setup", state="hidden")
            continue
        page.fill("#effort", "6")
        page.fill("#pain", "1" if logged else "2")
        if logged == 0:
            page.fill("#note", "left calf felt tight")
            shot(page, "06-session-log")
        page.click("#save-set")
        page.wait_for_selector("#log", state="hidden")
        logged += 1


@pytest.mark.slow
def test_the_main_flow_in_a_real_browser(page, settings_sqlite: Settings):  # type: ignore[no-untyped-def]
    onboard_and_assess(page)
    page.click("text=See my plan")
    page.wait_for_url("**/plan")
    assert "Extra Heel Circle set on the left foot" in page.inner_text("body")
    shot(page, "04-plan")

    skip_a_set_and_stop(page)
    logged = run_session(page)
    shot(page, "07-session-done")
    assert f"{logged} sets logged" in page.inner_text("#summary")
    stopped, coached = sessions.list_sessions(settings_sqlite, "Robin")
    [skipped] = stopped.sets
    assert (skipped.exercise, skipped.side, skipped.reps_done) == ("outward-roll", "left", 0)
    assert (skipped.completed, skipped.stop_reason) == (False, "skipped")
    assert coached.ended_at is not None and len(coached.sets) == logged == 11
    assert coached.sets[0].note == "left calf felt tight" and coached.sets[0].pain == 2
    assert [s.exercise for s in coached.sets][-1] == "banded-squat"

    page.goto("/progress")
    page.wait_for_selector("#chart-big-toe-extension .main-svg")
    assert page.locator(".chart .main-svg").count() >= 3
    assert page.locator("table.calendar td.done").count() == 1
    shot(page, "08-progress")
    page.goto("/")
    assert page.inner_text("#streak") == "0"  # the day's other two Banded Squat mini-sets to go
    assert "Banded Squat: 1 of 3 mini-sets done, 2 to go" in page.inner_text("#left-today")
    for n in (2, 3):
        squat = SetLog("banded-squat", None, None, 5, 5, n)
        sessions.record_session(settings_sqlite, SessionLog(datetime.now(), sets=[squat]), "Robin")
    page.goto("/")
    assert page.inner_text("#streak") == "1"
    assert page.inner_text("#today-status").startswith("Today's programme is done")
    shot(page, "09-today")
    assert progress.report(settings_sqlite, "Robin").adherence.current_streak == 1
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_dashboard_and_report_fit_a_phone_screen(page, settings_sqlite: Settings):  # type: ignore[no-untyped-def]
    onboard_and_assess(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    shot(page, "10-phone-today")
    page.goto("/session")
    shot(page, "11-phone-session")
    page.goto("/exercises/banded-squat")
    page.wait_for_timeout(1500)  # let the demonstration play a little
    drawn = page.evaluate(
        "(() => { const c = document.getElementById('demo');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) n += d[i] > 0; return n; })()"
    )
    assert drawn > 1000, "the demonstration figure was not drawn"
    shot(page, "18-phone-exercise-demo")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto("/report")
    page.wait_for_selector(".chart .main-svg")
    page.emulate_media(media="print")
    assert not page.is_visible("header.top")
    shot(page, "12-report-print")
    page.emulate_media(media="screen")
    page.goto("/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".opblock").count() > 10
    shot(page, "19-api-docs")
    assert page.errors == []  # type: ignore[attr-defined]


def suggest_lunge_points(page, still: Path) -> None:  # type: ignore[no-untyped-def]
    """A frame of a real clip as the lunge photo; the pose model places knee and ankle."""
    import cv2

    capture = cv2.VideoCapture(str(CLIP.with_name("squat_17.mp4")))
    capture.set(cv2.CAP_PROP_POS_FRAMES, 40)
    ok, frame = capture.read()
    capture.release()
    assert ok and cv2.imwrite(str(still), frame)
    page.goto("/measure")
    page.select_option("#photo-form select[name=preset]", "lunge")
    page.set_input_files("#photo-form input[type=file]", str(still))
    page.click("#photo-form button[type=submit]")
    page.click("#suggest")
    page.wait_for_function("document.querySelectorAll('#overlay circle').length === 2")
    assert page.inner_text("#live").endswith("°")
    shot(page, "14b-lunge-suggested")


def click_at(page, selector: str, fx: float, fy: float) -> None:  # type: ignore[no-untyped-def]
    """Click a point given as fractions of an element's width and height."""
    target = page.locator(selector)
    box = target.bounding_box()
    target.click(position={"x": fx * box["width"], "y": fy * box["height"]})


@pytest.mark.slow
@pytest.mark.skipif(
    not (FOOT_PHOTO.exists() and FOOTPRINT.exists() and CLIP.exists()),
    reason=f"real photos and clips not found under {MEDIA}",
)
def test_photo_angle_footprint_and_clip_check_in_a_real_browser(  # type: ignore[no-untyped-def]
    page, settings_sqlite: Settings, tmp_path: Path
):
    page.goto("/welcome")
    page.fill("input[name=name]", "Kim")
    page.click("button[type=submit]")
    page.goto("/measure")
    page.set_input_files("#photo-form input[type=file]", str(FOOT_PHOTO))
    page.click("#photo-form button[type=submit]")
    page.wait_for_function("document.getElementById('photo').naturalWidth > 0")
    for fx, fy in ((0.30, 0.70), (0.55, 0.68), (0.70, 0.55)):
        click_at(page, "#overlay", fx, fy)
    click_at(page, "#overlay", 0.9, 0.9)  # a fourth click adds nothing
    assert page.locator("#overlay circle").count() == 3
    assert page.inner_text("#live").endswith("°")
    shot(page, "13-photo-points")
    page.click("#measure")
    page.click("#save-angle button[type=submit]")
    page.wait_for_selector("#saved")
    shot(page, "14-photo-saved")
    [m] = measurements.list_all(settings_sqlite, "Kim")
    assert (m.kind.value, m.method.value) == ("big-toe-extension", "photo")

    suggest_lunge_points(page, tmp_path / "lunge.png")

    page.goto("/measure")
    page.set_input_files("#footprint-form input[type=file]", str(FOOTPRINT))
    page.click("#footprint-form button[type=submit]")
    page.click("#save-footprint button[type=submit]")
    page.wait_for_selector("#saved")
    shot(page, "15-footprint")

    page.goto("/check")
    page.select_option("select[name=exercise]", "squat")
    page.set_input_files("#check-form input[type=file]", str(CLIP))
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#stage")
    shot(page, "16-check-progress")
    page.wait_for_selector("#analysis, #job-error:not(:empty)", timeout=180_000)
    assert page.locator("#analysis").count(), page.inner_text("#job-error")
    page.wait_for_function("document.querySelector('video.result').readyState >= 2")
    assert "squat: 2 reps" in page.inner_text("h1")
    assert page.locator("#reps tbody tr").count() == 2
    shot(page, "17-check-result")
    assert page.errors == []  # type: ignore[attr-defined]
