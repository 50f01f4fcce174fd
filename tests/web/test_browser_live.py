"""Live camera coaching in a real browser: Chromium's fake camera plays a shared squat clip
into the session page, which sends its frames to the server's pose model in real time; the
count shown must reach the clip's truth and the set be logged with it. Refused permission
must say so clearly, and the session goes on with timers.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from browser_support import ARGS, CHROMIUM, CLIP, SHOTS, fake_camera_file, needs_chromium
from test_browser_layout import AXE, axe_violations, overflow

from footwork.services import measurements, people, records

pytestmark = [needs_chromium, pytest.mark.slow]

TRUTH = 2  # squat_19.mp4: two squats (../shared/media/README.md)
LEAD_S = 4.0  # standing still before the clip: the model loads, counting gets ready
TAIL_S = 25.0  # the last frame held: Chromium loops the file, and a loop must add no rep
VIDEO_PLAYS = "() => document.getElementById('live-video').videoWidth > 0"
# The camera's track ends as when it is unplugged (a track stopped by the page fires nothing).
CAMERA_UNPLUGGED = """() => document.getElementById('live-video').srcObject
  .getVideoTracks()[0].dispatchEvent(new Event('ended'))"""
FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def camera_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """squat_19 as a y4m for Chromium's fake camera: 480x270 at 15 fps, standing still for
    LEAD_S before and TAIL_S after the two squats."""
    if not CLIP.exists():
        pytest.skip(f"real media not found at {CLIP}")
    out = tmp_path_factory.mktemp("camera") / "squat_19.y4m"
    return fake_camera_file(CLIP, out, size=(480, 270), lead_s=LEAD_S, tail_s=TAIL_S)


@contextmanager
def launch(camera: Path, *, allow: bool) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    args = [*ARGS, *FAKE_CAMERA, f"--use-file-for-fake-video-capture={camera}"]
    if allow:
        args.append("--use-fake-ui-for-media-stream")  # accept the camera prompt
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(chromium: Any, server: str) -> Any:
    # No bypass_csp: the page's own Content-Security-Policy must let it open the socket.
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, base_url=server)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    return page


def wait_until(check: Any, timeout_s: float, what: str, page: Any = None) -> Any:
    """``check()`` once it is true; a ``page`` waits in the browser's own loop, so that
    routed sockets and events are handled meanwhile."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if page is not None:
            page.wait_for_timeout(100)
        else:
            time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_camera_counts_a_real_squat_clip_live_and_logs_the_set(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, server)
        page.goto("/session?only=banded-squat")
        page.check("#camera-on")  # opens the camera: the fake file starts playing
        wait_until(lambda: page.evaluate(VIDEO_PLAYS), 10, "the camera's picture")
        page.click("#ready")  # the set-up step, then the set is counted live
        page.wait_for_selector("#live", state="visible", timeout=10_000)
        started = time.monotonic()
        seen = set()

        def reached() -> bool:
            seen.add(page.inner_text("#live-reps"))
            return page.inner_text("#live-reps") == str(TRUTH)

        wait_until(reached, LEAD_S + 6 + 15, "the count to reach the truth")
        took = time.monotonic() - started
        assert seen <= {str(n) for n in range(TRUTH + 1)}, seen  # counted up, one by one
        assert took < LEAD_S + 6 + 10, took  # in real time, not after a backlog
        fps = float(page.inner_text("#live-fps").split()[0])
        assert fps >= 5, fps
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "live-camera-squat.png"))
        print(f"count reached {TRUTH} after {took:.1f} s at {fps} fps")
        assert page.inner_text("#live-phase")  # the phase is shown
        page.wait_for_timeout(3000)  # standing still at the end: no rep is added
        assert page.inner_text("#live-reps") == str(TRUTH)
        page.click("#live-end")
        page.wait_for_selector("#log", state="visible", timeout=10_000)
        assert page.input_value("#reps") == str(TRUTH)
        assert "counted 2 reps" in page.inner_text("#log-live")
        assert "Saving in" in page.inner_text("#log-countdown")
        # Nobody edits the form: it saves itself after the countdown and goes on.
        page.wait_for_selector("#log", state="hidden", timeout=10_000)
        sets = wait_until(lambda: records.list_sets(settings_sqlite, "Kim"), 5, "the set")
        assert [(s.exercise, s.reps_done) for s in sets] == [("banded-squat", TRUTH)]
        assert "mini-set 1 of 3, 2 reps" in page.inner_text("#logged")  # the set, as saved
        assert page.errors == []


def test_a_counted_set_can_be_corrected_before_it_is_saved(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, server)
        start_live_set(page)
        page.click("#live-end")  # at once: nothing counted yet
        page.wait_for_selector("#log", state="visible", timeout=10_000)
        page.fill("#pain", "2")  # an edit stops the countdown
        assert "stopped" in page.inner_text("#log-countdown")
        page.wait_for_timeout(6000)
        assert page.is_visible("#log") and records.list_sets(settings_sqlite, "Kim") == []
        page.fill("#reps", "1")
        page.click("#save-set")
        sets = wait_until(lambda: records.list_sets(settings_sqlite, "Kim"), 5, "the set")
        assert [(s.reps_done, s.pain) for s in sets] == [(1, 2)]


def test_a_refused_camera_says_what_to_do_and_the_session_goes_on_with_timers(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=False) as chromium:
        page = new_page(chromium, server)
        page.goto("/session?only=banded-squat&speed=50")
        page.check("#camera-on")
        page.wait_for_selector("#camera-msg:not(:empty)", timeout=10_000)
        message = page.inner_text("#camera-msg")
        assert "permission was refused" in message and "Allow the camera" in message
        assert not page.is_checked("#camera-on")
        page.click("#ready")  # the set is timed as before
        page.wait_for_selector("#timer-box", state="visible", timeout=10_000)
        assert page.is_hidden("#live")


def start_live_set(page: Any) -> None:
    page.goto("/session?only=banded-squat")
    page.check("#camera-on")
    wait_until(lambda: page.evaluate(VIDEO_PLAYS), 10, "the camera's picture")
    page.click("#ready")
    page.wait_for_selector("#live", state="visible", timeout=10_000)


def test_a_dropped_connection_reconnects_and_keeps_every_counted_rep(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    sockets: list[dict[str, Any]] = []

    def through(route: Any) -> None:
        """Pass the socket through to the server, keeping each side to close it later."""
        upstream = route.connect_to_server()
        sockets.append({"url": route.url, "page": route, "server": upstream, "hello": None})
        mine = sockets[-1]

        def from_server(message: str | bytes) -> None:
            if isinstance(message, str) and '"hello"' in message and mine["hello"] is None:
                mine["hello"] = json.loads(message)
            route.send(message)

        route.on_message(upstream.send)
        upstream.on_message(from_server)

    with launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, server)
        page.route_web_socket(re.compile(r".*/live/socket.*"), through)
        start_live_set(page)
        wait_until(lambda: page.inner_text("#live-reps") == "1", LEAD_S + 10, "the first rep")
        first = sockets[0]
        first["server"].close()
        first["page"].close(code=1011)  # the network drops mid-set
        wait_until(lambda: "Reconnecting" in page.inner_text("#live-status") or len(sockets) > 1,
                   5, "the page to reconnect", page)  # fmt: skip
        assert page.inner_text("#live-reps") == "1"  # the counted rep stays
        wait_until(lambda: len(sockets) > 1 and sockets[1]["hello"], 10, "a new socket", page)
        again = sockets[1]
        assert f"resume={first['hello']['live']}" in again["url"]
        assert again["hello"]["resumed"] is True and again["hello"]["state"]["reps"] == 1
        wait_until(lambda: page.inner_text("#live-reps") == str(TRUTH), 15, "the second rep")
        page.click("#live-end")
        page.wait_for_selector("#log", state="visible", timeout=10_000)
        assert page.input_value("#reps") == str(TRUTH)
        assert page.errors == []


def test_a_camera_lost_mid_set_keeps_the_reps_counted_and_opens_the_log(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, server)
        start_live_set(page)
        wait_until(lambda: page.inner_text("#live-reps") == "1", LEAD_S + 10, "the first rep")
        page.evaluate(CAMERA_UNPLUGGED)
        page.wait_for_selector("#log", state="visible", timeout=10_000)
        assert page.input_value("#reps") == "1"
        assert "camera stopped" in page.inner_text("#log-live")
        assert "camera stopped" in page.inner_text("#camera-msg")
        assert not page.is_checked("#camera-on")  # the next sets are timed
        page.wait_for_selector("#log", state="hidden", timeout=10_000)  # saved by itself
        sets = wait_until(lambda: records.list_sets(settings_sqlite, "Kim"), 5, "the set")
        assert [s.reps_done for s in sets] == [1]


# A stand-in for static/live_browser_pose.js (the in-browser model, tested on its own): it
# gives the landmarks of a generated knee-to-wall lunge, frame by frame in real time, through
# the interface live.js expects of it.
SCRIPTED_POSE = """
localStorage.setItem("fw-pose", "browser");
window.sentBinary = 0;
const frames = %s, fps = %f;
let start = null;
window.FootworkBrowserPose = {
  available: true,
  close: () => {},
  load: async () => {},
  estimate: async () => {
    start = start === null ? performance.now() : start;
    const i = Math.floor((performance.now() - start) / 1000 * fps);
    return frames[Math.min(i, frames.length - 1)];
  },
};
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  if (typeof data !== "string") window.sentBinary += 1;
  return send.call(this, data);
};
"""


def stand_in(route: Any) -> None:
    route.fulfill(body="", content_type="text/javascript")


def scripted_lunge() -> str:
    from footwork.synth.motion import lunge_test

    seq = lunge_test(sides=("left",), attempts=1, max_angle_deg=38.0).seq
    frames = [
        None if not np.isfinite(xy).all() else
        [[round(float(x / seq.width), 4), round(float(y / seq.height), 4), round(float(v), 3)]
         for (x, y), v in zip(xy, vis, strict=True)]
        for xy, vis in zip(seq.xy, seq.visibility, strict=True)
    ]  # fmt: skip
    return SCRIPTED_POSE % (json.dumps(frames), seq.fps)


def test_the_lunge_test_shows_the_shin_angle_and_saves_the_best_when_confirmed(
    server: str, settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, server)
        page.context.add_init_script(script=scripted_lunge())
        page.route("**/static/live_browser_pose.js", stand_in)  # in place of the model
        page.goto("/session?live=lunge-test")
        assert page.is_checked("#camera-on") and page.is_visible("#pose-choice")
        assert page.input_value("#camera-pose") == "browser"
        page.click("#ready")
        page.wait_for_selector("#live", state="visible", timeout=10_000)
        assert "in this browser" in page.inner_text("#live-path")
        wait_until(lambda: "Shin angle now" in page.inner_text("#live-angle"), 10,
                   "the live shin angle", page)  # fmt: skip
        wait_until(lambda: "Best: left" in page.inner_text("#live-angle"), 20,
                   "the best shin angle", page)  # fmt: skip
        page.click("#live-end")
        page.wait_for_selector("#done", state="visible", timeout=10_000)
        summary = page.inner_text("#summary")
        assert summary.startswith("Best shin angle: left ")
        assert page.evaluate("window.sentBinary") == 0  # only landmarks left the page
        assert measurements.list_all(settings_sqlite, "Kim") == []  # nothing saved unasked
        page.click("#save-best")
        page.wait_for_selector("#save-best-msg:not(:empty)")
        assert "Saved" in page.inner_text("#save-best-msg"), page.inner_text("#save-best-msg")
        saved = measurements.list_all(settings_sqlite, "Kim")
        assert [(m.kind.value, m.side.value, m.method.value) for m in saved] == [
            ("ankle-dorsiflexion", "left", "video")
        ]
        assert f"left {saved[0].value:.1f}°" in summary
        assert 30 < saved[0].value < 45  # the generated lunge's shin reached 38°
        assert page.errors == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (tests/web/axe)")
@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 844, "height": 390}, {"width": 1100, "height": 900}],
    ids=["portrait", "landscape", "desktop"],
)
def test_the_camera_view_fits_a_phone_either_way_up_and_passes_the_wcag_rules(
    server: str, settings_sqlite, camera_file: Path, viewport: dict[str, int]
):  # type: ignore[no-untyped-def]
    people.add(settings_sqlite, "Kim")
    with launch(camera_file, allow=True) as chromium:
        context = chromium.new_context(viewport=viewport, base_url=server)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        start_live_set(page)
        wait_until(lambda: page.inner_text("#live-fps"), 15, "frames counted", page)
        name = f"camera-{viewport['width']}x{viewport['height']}"
        page.screenshot(path=str(SHOTS / f"live-{name}.png"))
        assert overflow(page) is None, overflow(page)
        video = page.locator("#live-video").bounding_box()  # relative to the screen
        count = page.locator("#live-reps").bounding_box()
        assert video["width"] > 0.5 * min(viewport["width"], 700)
        for box in (video, count):  # both on screen as the set starts, no scrolling
            assert box["y"] >= -1 and box["y"] + box["height"] <= viewport["height"] + 1, box
        assert axe_violations(page, name) == []


def test_no_camera_says_so_and_the_session_goes_on_with_timers(server: str, settings_sqlite):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    people.add(settings_sqlite, "Kim")
    with sync_playwright() as pw:  # no fake camera: this machine has none
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM),
                                      args=[*ARGS, "--use-fake-ui-for-media-stream"])  # fmt: skip
        try:
            page = new_page(chromium, server)
            page.goto("/session?only=banded-squat&speed=50")
            page.check("#camera-on")
            page.wait_for_selector("#camera-msg:not(:empty)", timeout=10_000)
            message = page.inner_text("#camera-msg")
            assert "No camera was found" in message, message
            assert not page.is_checked("#camera-on")
            page.click("#ready")
            page.wait_for_selector("#timer-box", state="visible", timeout=10_000)
        finally:
            chromium.close()


def test_a_full_server_says_so_once_and_the_session_goes_on_with_timers(
    settings_sqlite, camera_file: Path
):  # type: ignore[no-untyped-def]
    """When the server's pose model already serves as many people as it can, the page says so
    with what to do, switches the camera off and does not keep knocking."""
    from browser_support import serving

    from footwork.cli.serve import free_port
    from footwork.web.app import create_app
    from footwork.web.options import WebOptions

    people.add(settings_sqlite, "Kim")
    app = create_app(settings_sqlite, WebOptions())
    app.state.live_hub.max_server_pose = 0  # every place taken
    opened: list[str] = []
    with serving(app, free_port("127.0.0.1")) as base, launch(camera_file, allow=True) as chromium:
        page = new_page(chromium, base)
        page.on("websocket", lambda ws: opened.append(ws.url))
        page.goto("/session?only=banded-squat")
        page.check("#camera-on")
        wait_until(lambda: page.evaluate(VIDEO_PLAYS), 10, "the camera's picture")
        page.click("#ready")
        page.wait_for_selector("#camera-msg:not(:empty)", timeout=15_000)
        message = page.inner_text("#camera-msg")
        assert "as many people live as it can keep up with" in message, message
        assert not page.is_checked("#camera-on")
        page.wait_for_timeout(3000)
        assert len(opened) == 1, opened  # told once, not retried
        assert page.is_visible("#timer-box")  # the set is timed instead
        assert not page.is_visible("#log")  # no set of 0 counted reps is put up to save
        assert page.errors == []
