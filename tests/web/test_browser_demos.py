"""The exercise demonstrations in a real headless Chromium: each page draws its demonstration,
names the phase being shown, steps through the phases in time, shows still frames when the
visitor asks for reduced motion, and raises no page error. Screenshots of a few moments of each
go to artifacts/screenshots/ (demo-<exercise>-<moment>.png) for a person to judge.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from browser_support import SHOTS, needs_chromium

from footwork.services.demonstrations import demonstration

pytestmark = [needs_chromium, pytest.mark.slow]

EXERCISE_KEYS = ("outward-roll", "heel-circle", "banded-squat")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _drawn_pixels(page) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "(() => { const c = document.getElementById('demo');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 0; i < d.length; i += 4) n += d[i] < 200; return n; })()"
    )


@pytest.mark.parametrize("key", EXERCISE_KEYS)
def test_each_demonstration_plays_its_phases_in_time(page, key: str) -> None:  # type: ignore[no-untyped-def]
    demo = demonstration(key)
    console: list[str] = []  # a script refused by the Content-Security-Policy shows up here
    page.on("console", lambda m: m.type == "error" and console.append(m.text))
    page.clock.install(time=START)
    page.clock.pause_at(START + timedelta(seconds=5))  # now time moves only when the test says
    page.goto(f"/exercises/{key}")
    first = demo.phases[0]
    assert page.text_content("#demo-phase") == f"{first.label} ({first.seconds:g} s)"
    assert _drawn_pixels(page) > 1000, "the demonstration was not drawn"
    # Visit the middle of a few phases of the first foot, as a person watching would.
    moments = [p for p in demo.phases if p.kind != "switch"][:4]
    elapsed_ms = 0.0
    for n, phase in enumerate(moments):
        target_ms = (phase.start + phase.end) / 2 / demo.fps * 1000
        page.clock.run_for(int(target_ms - elapsed_ms))
        elapsed_ms = target_ms
        shown = page.text_content("#demo-phase")
        assert shown == f"{phase.label} ({phase.seconds:g} s)", (n, shown)
        page.locator("figure.demo").screenshot(path=str(SHOTS / f"demo-{key}-{n + 1}.png"))
    assert page.errors == []  # type: ignore[attr-defined]
    assert console == []


@pytest.mark.parametrize("key", EXERCISE_KEYS)
def test_reduced_motion_shows_still_frames_with_phase_names(browser, server, key: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=server, reduced_motion="reduce"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"/exercises/{key}")
    assert page.text_content("#demo-toggle") == "Play"  # nothing moves until asked
    stills = page.locator("#demo-stills figcaption").all_text_contents()
    demo = demonstration(key)
    first_foot = []
    for p in demo.phases:
        if p.kind == "switch":
            break
        if f"{p.label}: {p.seconds:g} s" not in first_foot:
            first_foot.append(f"{p.label}: {p.seconds:g} s")
    assert stills == first_foot
    page.screenshot(path=str(SHOTS / f"demo-{key}-still-phone.png"), full_page=True)
    assert errors == []
    context.close()
