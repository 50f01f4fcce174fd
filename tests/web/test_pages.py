"""The server-rendered pages: each route on a real database, including bad input, which must
answer with a clear 4xx message and store nothing."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.domain.session import SessionLog, SetLog
from footwork.services import measurements, people, progress
from footwork.services.sessions import record_session

BIG_TOE = {
    "tests": "big-toe,lunge",
    "value-big-toe-extension-left": "48",
    "value-big-toe-extension-right": "52",
    "unit-big-toe-extension": "deg",
    "method-big-toe-extension": "goniometer",
}


def stored(settings: Settings) -> int:
    return len(measurements.list_all(settings))


def test_a_first_visit_goes_to_the_welcome_page(client: TestClient):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/welcome"
    page = client.get("/welcome").text
    assert "Which tests can you do now?" in page
    assert 'name="tests" value="big-toe"' in page


def test_onboarding_creates_the_profile_and_leads_into_the_chosen_tests(
    client: TestClient, settings: Settings
):
    r = client.post(
        "/welcome",
        data={
            "name": "Ana",
            "sport": "lifting",
            "goals": "deeper squat",
            "tests": ["lunge", "arch"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/assess?tests=lunge,arch"
    assert client.cookies.get("footwork_person") == "Ana"
    assert [(p.name, p.sport, p.goals) for p in people.list_profiles(settings)] == [
        ("Ana", "lifting", "deeper squat")
    ]
    first = client.get("/assess?tests=lunge,arch")
    assert first.url.path == "/assess/lunge"
    assert "Knee-to-wall lunge" in first.text and "Test 1 of 2" in first.text


def test_onboarding_without_tests_shows_the_standard_plan(client: TestClient):
    r = client.post("/welcome", data={"name": "Ana"})
    assert r.url.path == "/plan"
    assert "Until you do the tests this is the standard programme" in r.text


def test_onboarding_without_a_name_is_refused_and_stores_nobody(
    client: TestClient, settings: Settings
):
    r = client.post("/welcome", data={"sport": "running"})
    assert r.status_code == 422
    assert "name is missing" in r.text
    assert people.list_profiles(settings) == []


def test_onboarding_with_an_unknown_test_is_refused(client: TestClient, settings: Settings):
    r = client.post("/welcome", data={"name": "Ana", "tests": ["hop"]})
    assert r.status_code == 404 and "no test called &#39;hop&#39;" in r.text
    assert people.list_profiles(settings) == []


def test_the_assessment_wizard_stores_both_feet_and_moves_to_the_next_test(
    sam: TestClient, settings: Settings
):
    r = sam.post("/assess/big-toe", data=BIG_TOE, follow_redirects=False)
    assert r.headers["location"] == "/assess/lunge?tests=big-toe,lunge"
    lunge = {
        "tests": "big-toe,lunge",
        "value-lunge-distance-left": "95",
        "unit-lunge-distance": "mm",
        "method-lunge-distance": "tape",
        "value-ankle-dorsiflexion-right": "38,5",
        "unit-ankle-dorsiflexion": "deg",
        "method-ankle-dorsiflexion": "inclinometer",
    }
    r = sam.post("/assess/lunge", data=lunge, follow_redirects=False)
    assert r.headers["location"] == "/results"
    values = {(m.kind.value, m.side.value): m.value for m in measurements.list_all(settings)}
    assert values == {
        ("big-toe-extension", "left"): 48,
        ("big-toe-extension", "right"): 52,
        ("lunge-distance", "left"): 9.5,  # typed in mm, stored in cm
        ("ankle-dorsiflexion", "right"): 38.5,
    }


def test_a_test_page_shows_how_to_do_it_with_units_and_methods(sam: TestClient):
    page = sam.get("/assess/big-toe").text
    assert "Keep the ball of the foot on the floor" in page
    assert '<option value="rad">' in page and 'value="goniometer" selected' in page
    assert "Target: 65°" in page


def test_an_impossible_angle_is_refused_with_the_reason_and_nothing_is_stored(
    sam: TestClient, settings: Settings
):
    r = sam.post("/assess/big-toe", data=BIG_TOE | {"value-big-toe-extension-left": "400"})
    assert r.status_code == 422
    assert "outside what a human foot shows" in r.text
    assert stored(settings) == 0  # the good right foot was not stored either


def test_centimetres_for_a_toe_angle_are_refused(sam: TestClient, settings: Settings):
    r = sam.post("/assess/big-toe", data=BIG_TOE | {"unit-big-toe-extension": "cm"})
    assert r.status_code == 422
    assert "Big-toe extension is an angle" in r.text
    assert stored(settings) == 0


def test_text_where_a_number_belongs_is_refused(sam: TestClient, settings: Settings):
    r = sam.post("/assess/big-toe", data=BIG_TOE | {"value-big-toe-extension-right": "lots"})
    assert r.status_code == 422 and "is not a number" in r.text
    assert stored(settings) == 0


def test_an_unknown_test_page_is_not_found(sam: TestClient):
    assert sam.get("/assess/hop").status_code == 404


def test_results_show_each_foot_against_target_with_measurement_error_and_evidence(
    sam: TestClient,
):
    sam.post("/assess/big-toe", data=BIG_TOE)
    page = sam.get("/results").text
    assert "below target" in page and "65°" in page
    assert "±18.7°" in page  # goniometer MDC
    assert "Treat 65° as a training goal" in page  # evidence note
    assert "Root, Orien &amp; Weed 1977" in page  # source
    assert "Not measured yet" in page


def test_the_dashboard_shows_todays_plan_streak_and_retest_date(sam: TestClient):
    page = sam.get("/").text
    assert "Hello Sam" in page
    assert "Start today's session" in page
    assert 'id="streak">0<' in page
    assert "days to re-test" in page
    assert "Outward Roll" in page and "Why:" in page


def test_the_plan_page_gives_a_reason_for_every_dose(sam: TestClient):
    sam.post("/assess/big-toe", data=BIG_TOE)
    page = sam.get("/plan").text
    assert "Extra Heel Circle set on the left foot" in page
    assert "Why this dose" in page and "Re-test on" in page


def test_the_calendar_file_keeps_its_event_ids_between_downloads(sam: TestClient):
    first, second = sam.get("/plan.ics"), sam.get("/plan.ics")
    assert first.headers["content-type"].startswith("text/calendar")
    assert "attachment" in first.headers["content-disposition"]
    assert "VERSION:2.0" in first.text and "DTSTAMP" in first.text
    uids = re.findall(r"UID:(\S+)", first.text)
    assert len(uids) == 4 * 7 * 3 + 1 and uids == re.findall(r"UID:(\S+)", second.text)
    assert sam.get("/plan.ics?weeks=99").status_code == 422


def test_the_exercise_library_has_purpose_steps_dose_cues_and_faults(client: TestClient):
    assert all(n in client.get("/exercises").text for n in ("Outward Roll", "Heel Circle"))
    page = client.get("/exercises/banded-squat").text
    for text in ("Strengthens the arch", "Set-up", "the band makes an X", "Common faults",
                 "Knees falling inward", "mini-sets through the day", "Knees out."):  # fmt: skip
        assert text in page
    assert client.get("/exercises/plank").status_code == 404


def test_the_session_page_carries_todays_timed_steps(sam: TestClient):
    page = sam.get("/session?speed=20").text
    steps = json.loads(re.search(r'id="steps" type="application/json">(.*?)</script>', page)[1])
    kinds = {s["kind"] for s in steps}
    assert {"setup", "get-ready", "out", "hold", "back", "switch", "set-done"} <= kinds
    assert {s["direction"] for s in steps} >= {"clockwise", "counter-clockwise"}
    assert 'data-scale="20.0"' in page
    assert sam.get("/session?speed=0").status_code == 422


def test_the_progress_page_draws_charts_with_the_served_plotly(sam: TestClient, settings: Settings):
    sam.post("/assess/big-toe", data=BIG_TOE)
    page = sam.get("/progress").text
    assert '<script src="/assets/plotly.min.js">' in page
    figures = json.loads(re.search(r'id="figures" type="application/json">(.*?)</script>', page)[1])
    fig = figures[0]
    assert fig["id"] == "chart-big-toe-extension"
    names = [t["name"] for t in fig["data"]]
    assert "left (goniometer): ±18.7 of the first reading = noise" in names
    assert "target 65°" in names
    assert any(s["y0"] == 65 for s in fig["layout"]["shapes"])
    assert 'class="calendar"' in page


def test_an_outcome_note_is_added_from_the_progress_page(sam: TestClient, settings: Settings):
    r = sam.post("/progress/outcomes", data={"kind": "squat-1rm", "value": "120,5", "note": "easy"})
    assert r.url.path == "/progress" and "squat-1rm" in r.text and "120.5 kg" in r.text
    [o] = progress.report(settings).outcomes
    assert (o.kind, o.value, o.unit, o.note) == ("squat-1rm", 120.5, "kg", "easy")


def test_a_bad_outcome_value_is_refused_and_not_stored(sam: TestClient, settings: Settings):
    assert sam.post("/progress/outcomes", data={"kind": "pain", "value": "12"}).status_code == 422
    assert sam.post("/progress/outcomes", data={"kind": "pain", "value": "x"}).status_code == 422
    assert sam.post("/progress/outcomes", data={"value": "3"}).status_code == 422
    assert progress.report(settings).outcomes == []


def test_the_printable_report_has_results_plan_adherence_and_print_styles(sam: TestClient):
    sam.post("/assess/big-toe", data=BIG_TOE)
    page = sam.get("/report").text
    assert "Foot training report: Sam" in page
    assert "data-print" in page and "Heel Circle" in page and "below target" in page
    assert "@media print" in sam.get("/static/app.css").text


def test_profiles_can_be_chosen_when_several_share_the_app(client: TestClient, settings: Settings):
    people.add(settings, "Ana")
    people.add(settings, "Ben")
    r = client.get("/")
    assert r.status_code == 422 and "Choose a profile" in r.text
    r = client.post("/people/choose", data={"name": "Ben"})
    assert "Hello Ben" in r.text


def test_each_exercise_page_carries_a_moving_demonstration(client: TestClient):
    for key in ("outward-roll", "heel-circle", "banded-squat"):
        page = client.get(f"/exercises/{key}").text
        raw = re.search(r'id="demo-data" type="application/json">(.*?)</script>', page)[1]
        demo = json.loads(raw)
        frames = demo["frames"]
        assert demo["fps"] == 15 and len(frames) > 100
        assert frames[0] != frames[len(frames) // 2]  # the figure moves
        assert all(0 <= a < len(frames[0]) and 0 <= b < len(frames[0]) for a, b, _ in demo["bones"])


def test_the_dashboard_nudges_after_two_days_without_training(sam: TestClient, settings: Settings):
    three_days_ago = datetime.now() - timedelta(days=3)
    done = SetLog("banded-squat", None, None, reps_done=4, reps_target=5)
    record_session(settings, SessionLog(started_at=three_days_ago, sets=[done]))
    page = sam.get("/").text
    assert "Nothing logged for 3 days" in page
    assert 'href="/session?only=banded-squat"' in page
    steps = sam.get("/api/session/steps", params={"only": "banded-squat"}).json()
    assert {s["exercise"] for s in steps} == {"banded-squat"}


def _pango_missing() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the system's Pango library is not installed
        return True
    return False


@pytest.mark.skipif(_pango_missing(), reason="WeasyPrint cannot load the system's Pango library")
def test_the_report_downloads_as_a_pdf_with_the_chart(sam: TestClient, settings: Settings):
    sam.post("/assess/big-toe", data=BIG_TOE)
    r = sam.get("/report.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and len(r.content) > 20_000
    assert 'filename="footwork-report-Sam-' in r.headers["content-disposition"]
    assert not list(settings.home.rglob("chart-*.png"))  # the chart images are not kept


def test_without_pango_the_pdf_answers_with_what_to_do(
    sam: TestClient, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be loaded
    r = sam.get("/report.pdf")
    assert r.status_code == 503
    assert "PDF export is not available" in r.text and "Save as PDF" in r.text


@pytest.mark.parametrize("name", ["Zoë Li", "李雷", 'Jo "JJ"; Smith'])
def test_any_name_can_be_remembered_by_the_browser(client: TestClient, name: str):
    client.post("/welcome", data={"name": "someone else"})
    client.cookies.clear()
    r = client.post("/welcome", data={"name": name})
    assert r.status_code == 200
    assert f"Programme for {name}" in r.text.replace("&#34;", '"').replace("&quot;", '"')
