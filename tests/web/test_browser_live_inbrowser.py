"""Pose in the browser, in a real Chromium: BlazePose from @mediapipe/pose (served by the app,
static/live_browser_pose.js) finds the landmarks on the device and only they reach the server.

Headless Chromium has no GPU here: the model runs on software WebGL at about 2 s a frame, so
the count is checked by stepping a short clip (squat_19, 5.7 s, two squats) through the
in-browser path one frame at a time with each frame's clip time as its capture time, and
comparing with the server's pose path on the very same frames (the same JPEGs through
FramePoser and LiveSet, what /live/socket does with a binary frame). The live page itself is
then run with the in-browser choice on a fake camera: it sends landmarks only, finds this
device too slow, says so and switches to the server's pose; in team mode, where in-browser
pose is the default, it never sends a frame without the athlete's consent.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_support import ARGS, CHROMIUM, CLIP, fake_camera_file, needs_chromium, serving

from footwork.cli.serve import free_port
from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.services import accounts
from footwork.services.live_stream import FramePoser, LiveSet
from footwork.web import browser_pose
from footwork.web.app import create_app
from footwork.web.options import WebOptions

pytestmark = [
    needs_chromium,
    pytest.mark.slow,
    pytest.mark.skipif(
        not browser_pose.installed(),
        reason="in-browser pose is not installed (scripts/setup.sh installs @mediapipe/pose "
        "with npm when npm is present)",
    ),
]

TRUTH = 2  # squat_19.mp4: two squats (../shared/media/README.md)
STEP_FPS = 5.0  # frames stepped through the browser: 29 of the clip's 143
SIZE = (480, 270)  # what the page sends the server on the server path (long side 480)
LEGS = slice(23, 29)  # hips, knees, ankles: what the squat count reads
FAKE_CAMERA = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]

# In the page: open the live socket on the in-browser path, wait for its hello.
OPEN_SOCKET = """async () => {
  const pose = window.FootworkBrowserPose;
  await pose.load();
  const box = { updates: new Map(), errors: [], hello: null, done: null };
  window.fwStep = box;
  box.canvas = document.createElement("canvas");
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
    "/live/socket?exercise=squat&pose=browser";
  box.ws = new WebSocket(url);
  box.ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === "hello") box.hello = m;
    else if (m.type === "update") box.updates.set(m.capture_t, m);
    else if (m.type === "done") box.done = m;
    else if (m.type === "error") box.errors.push(m);
  };
  const until = (check) => new Promise((resolve) => {
    const look = () => (check() ? resolve() : setTimeout(look, 20));
    look();
  });
  box.until = until;
  await until(() => box.hello);
  return box.hello;
}"""
# One frame: draw the JPEG, find the pose in the browser, send only the landmarks (as
# static/live.js does), wait for the server's update to that frame.
STEP = """async ({ url, t }) => {
  const box = window.fwStep;
  const img = new Image();
  img.src = url;
  await img.decode();
  box.canvas.width = img.naturalWidth;
  box.canvas.height = img.naturalHeight;
  box.canvas.getContext("2d").drawImage(img, 0, 0);
  const landmarks = await window.FootworkBrowserPose.estimate(box.canvas);
  box.ws.send(JSON.stringify({ type: "landmarks", t: t, width: box.canvas.width,
    height: box.canvas.height, landmarks: landmarks }));
  await box.until(() => box.updates.has(t) || box.errors.length);
  const u = box.updates.get(t);
  return { landmarks: landmarks, reps: u ? u.reps : null, errors: box.errors };
}"""
FINISH = """async () => {
  const box = window.fwStep;
  box.ws.send(JSON.stringify({ type: "end" }));
  await box.until(() => box.done || box.errors.length);
  return { done: box.done, errors: box.errors };
}"""
# Every text the cue line shows (a cue may be replaced by the next one within a frame).
WATCH_CUES = """() => {
  window.fwCues = [];
  const cue = document.getElementById("cue");
  new MutationObserver(() => window.fwCues.push(cue.textContent))
    .observe(cue, { childList: true, characterData: true, subtree: true });
}"""


@dataclass
class ServerPath:
    """What the server's pose path makes of the frames."""

    landmarks: list[list[list[float]] | None] = field(default_factory=list)
    shown: int = 0  # the highest count shown during the set
    reps: int = 0  # the set's reps when it ended


@pytest.fixture(scope="module")
def frames() -> list[tuple[float, bytes]]:
    """squat_19 at STEP_FPS as (clip time, JPEG at 480x270), the way the page sends frames."""
    import cv2

    if not CLIP.exists():
        pytest.skip(f"real media not found at {CLIP}")
    capture = cv2.VideoCapture(str(CLIP))
    fps = capture.get(cv2.CAP_PROP_FPS)
    out: list[tuple[float, bytes]] = []
    index, last = 0, -1
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        t = index / fps
        if int(t * STEP_FPS) != last:
            last = int(t * STEP_FPS)
            small = cv2.resize(frame, SIZE, interpolation=cv2.INTER_AREA)
            ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 90])
            assert ok
            out.append((round(t, 4), jpeg.tobytes()))
        index += 1
    capture.release()
    assert len(out) >= 25, len(out)
    # The clip ends as the last squat comes up; a camera goes on filming the person standing
    # (a rep is counted once its end has settled), so the last picture goes on for a second.
    t_end, still = out[-1]
    out += [(round(t_end + k / STEP_FPS, 4), still) for k in range(1, int(STEP_FPS) + 1)]
    return out


@pytest.fixture(scope="module")
def server_path(frames: list[tuple[float, bytes]]) -> ServerPath:
    poser, live = FramePoser(), LiveSet("squat")
    path = ServerPath()
    try:
        for t, jpeg in frames:
            update = live.push_frame(t, poser.pose(jpeg))
            assert update is not None
            path.landmarks.append(update["landmarks"])
            path.shown = max(path.shown, int(update["reps"]))
    finally:
        poser.close()
    _, path.reps = live.finish()
    return path


@contextmanager
def chromium_page(server: str, *args: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=[*ARGS, *args])
        try:
            # No bypass_csp: the page's own Content-Security-Policy must let the WebAssembly
            # runtime compile and the model load from the app.
            context = chromium.new_context(base_url=server)
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda exc: page.errors.append(str(exc)))
            page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
            yield page
        finally:
            chromium.close()


def record_sockets(page: Any) -> list[dict[str, Any]]:
    """Every WebSocket the page opens, with what the page sends on it (str or bytes)."""
    sockets: list[dict[str, Any]] = []

    def opened(ws: Any) -> None:
        mine: dict[str, Any] = {"url": ws.url, "sent": []}
        sockets.append(mine)
        ws.on("framesent", lambda payload: mine["sent"].append(payload))

    page.on("websocket", opened)
    return sockets


def kinds(sent: list[str | bytes]) -> list[str]:
    return ["binary" if isinstance(p, bytes) else json.loads(p)["type"] for p in sent]


def test_the_browser_path_sends_only_landmarks_and_counts_as_the_server_path(
    server: str, frames: list[tuple[float, bytes]], server_path: ServerPath
):  # type: ignore[no-untyped-def]
    assert server_path.reps == TRUTH and server_path.shown == TRUTH  # the reference is right
    with chromium_page(server) as page:
        sockets = record_sockets(page)
        page.goto("/session?live=squat")
        assert page.evaluate("() => window.FootworkBrowserPose.available")
        hello = page.evaluate(OPEN_SOCKET)
        assert hello["exercise"] == "squat"
        shown, found = 0, []
        started = time.monotonic()
        for t, jpeg in frames:
            url = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
            step = page.evaluate(STEP, {"url": url, "t": t})
            assert step["errors"] == [], step["errors"]
            assert step["reps"] is not None, f"no update for the frame at {t} s"
            shown = max(shown, step["reps"])
            found.append(step["landmarks"])
        took = time.monotonic() - started
        end = page.evaluate(FINISH)
        assert end["errors"] == [] and end["done"] is not None
        assert page.errors == []

    # Only landmarks reached the server: no frame, no picture.
    (socket,) = sockets
    assert "pose=browser" in socket["url"]
    assert kinds(socket["sent"]) == ["landmarks"] * len(frames) + ["end"]
    sent = [json.loads(p) for p in socket["sent"][:-1]]
    assert [m["t"] for m in sent] == [t for t, _ in frames]
    assert all((m["width"], m["height"]) == SIZE for m in sent)
    # The browser found the same person where the server did, and the same count.
    both = [(b, s) for b, s in zip(found, server_path.landmarks, strict=True) if b and s]
    assert len(both) >= 0.9 * len(frames), f"found in {len(both)} of {len(frames)} frames"
    gaps = sorted(
        max(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in zip(b[LEGS], s[LEGS], strict=True))
        for b, s in both
    )
    median = gaps[len(gaps) // 2]
    print(f"{len(frames)} frames in the browser in {took:.0f} s, legs {median:.3f} apart")
    assert median < 0.05, f"legs apart by {median:.3f} of the picture (median)"
    assert end["done"]["reps"] == server_path.reps == TRUTH
    assert shown == server_path.shown


@pytest.fixture(scope="module")
def camera_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """squat_19 as a y4m for Chromium's fake camera (480x270 at 15 fps), its last frame held
    for a minute so the file does not loop while the page measures itself."""
    if not CLIP.exists():
        pytest.skip(f"real media not found at {CLIP}")
    out = tmp_path_factory.mktemp("camera") / "squat_19.y4m"
    return fake_camera_file(CLIP, out, size=(480, 270), tail_s=60.0)


def wait_until(page: Any, check: Any, timeout_s: float, what: str) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_live_page_in_browser_sends_landmarks_then_switches_when_too_slow(
    server: str, camera_file: Path
):  # type: ignore[no-untyped-def]
    with chromium_page(server, *FAKE_CAMERA, f"--use-file-for-fake-video-capture={camera_file}")\
            as page:  # fmt: skip
        page.context.add_init_script("localStorage.setItem('fw-pose', 'browser')")
        sockets = record_sockets(page)
        page.goto("/session?live=squat")
        assert page.is_visible("#pose-choice")
        assert page.input_value("#camera-pose") == "browser"
        page.evaluate(WATCH_CUES)
        page.click("#ready")  # the camera opens and the set starts on the in-browser path
        page.wait_for_selector("#live", state="visible", timeout=10_000)
        assert "in this browser" in page.inner_text("#live-path")

        def sent() -> list[str]:
            return kinds(sockets[0]["sent"]) if sockets else []

        # Software WebGL: ~10 s to load the model, ~2 s a frame; the warm-up, then 3 s measured.
        wait_until(page, lambda: "binary" in sent(), 90, "the switch to the server's pose")
        before = sent()[: sent().index("binary")]
        assert len(before) >= 4 and set(before) == {"landmarks"}, before  # no pixels before it
        assert "pose=browser" in sockets[0]["url"]
        cues = page.evaluate("() => window.fwCues")
        told = [c for c in cues if "too slow for pose in the browser" in c]
        assert told and "using the computer's pose instead" in told[0], cues
        assert "on the server" in page.inner_text("#live-path")
        # From now on the server finds the pose: frames go, updates come back.
        wait_until(page, lambda: sent().count("binary") >= 10, 20, "frames to the server")
        wait_until(page, lambda: page.inner_text("#live-fps"), 10, "the rate shown")
        page.click("#live-end")
        page.wait_for_selector("#live-result", state="visible", timeout=15_000)
        assert len(sockets) == 1  # one socket all along: the same set goes on
        assert page.errors == []


def test_in_team_mode_the_page_finds_the_pose_in_the_browser_and_sends_no_frame_unasked(
    settings_sqlite: Settings, camera_file: Path
):  # type: ignore[no-untyped-def]
    password = "good feet all day"
    accounts.add_user(settings_sqlite, "ali@club.test", Role.ATHLETE, name="Ali",
                      password=password)  # fmt: skip
    app = create_app(settings_sqlite, WebOptions(team=True))
    camera = f"--use-file-for-fake-video-capture={camera_file}"
    with serving(app, free_port("127.0.0.1")) as base, chromium_page(base, *FAKE_CAMERA, camera)\
            as page:  # fmt: skip
        page.goto("/login")
        page.fill("#login input[name=email]", "ali@club.test")
        page.fill("#login input[name=password]", password)
        page.click("#login button[type=submit]")
        page.wait_for_load_state("load")
        sockets = record_sockets(page)
        page.goto("/session?live=squat")
        # Offered first, and chosen already: the pose found here, only landmarks sent.
        assert page.input_value("#camera-pose") == "browser"
        assert not page.is_checked("#camera-consent")
        page.evaluate(WATCH_CUES)
        page.click("#ready")
        page.wait_for_selector("#live", state="visible", timeout=10_000)
        wait_until(page, lambda: any("too slow" in c for c in page.evaluate("() => fwCues")), 90,
                   "the page to find this device too slow")  # fmt: skip
        told = next(c for c in page.evaluate("() => fwCues") if "too slow" in c)
        assert "agree to send your camera's frames" in told, told
        page.wait_for_timeout(3000)  # it goes on in the browser: still no frame sent
        (socket,) = sockets
        assert "pose=browser" in socket["url"] and "consent" not in socket["url"]
        sent = kinds(socket["sent"])
        assert len(sent) >= 4 and set(sent) == {"landmarks"}, sent
        assert "in this browser" in page.inner_text("#live-path")
        page.click("#live-end")
        page.wait_for_selector("#live-result", state="visible", timeout=15_000)
        assert page.errors == []
