"""The guided session in a real browser: the phase shown with each cue is the phase being
timed, and the session's length stays on the page while the script runs."""

from __future__ import annotations

import pytest
from browser_support import needs_chromium

from footwork.services import people

pytestmark = [needs_chromium, pytest.mark.slow]

RECORD = """() => {
  window.shown = [];
  const phase = document.getElementById("phase");
  new MutationObserver(() => window.shown.push(
    [phase.textContent, document.getElementById("cue").textContent])
  ).observe(phase, { childList: true, characterData: true, subtree: true });
}"""


def test_each_phase_is_shown_with_its_own_cue_and_the_length_stays(page, settings_sqlite):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    steps = page.request.get("/api/session/steps?only=outward-roll").json()
    timed = {(s["phase"], s["cue"]) for s in steps if s["seconds"]}

    page.goto("/session?only=outward-roll&speed=20")
    overview = page.inner_text("#overview")
    assert "1 exercise, about " in overview and " minute" in overview
    page.evaluate(RECORD)
    page.click("#ready")
    page.wait_for_selector("#log", state="visible", timeout=60_000)  # the left foot's set

    shown = [tuple(pair) for pair in page.evaluate("window.shown")]
    assert {"Get ready", "Roll out", "Hold", "Roll back"} <= {phase for phase, _ in shown}
    assert set(shown) <= timed, set(shown) - timed
    assert page.inner_text("#overview") == overview  # not overwritten by the script
    assert page.input_value("#reps") == "5"
    assert page.errors == []
