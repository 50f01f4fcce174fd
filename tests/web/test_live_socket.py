"""The live camera socket (/live/socket): the protocol the page speaks, resuming a dropped
set, bad input, who may open it, and the server-pose path on a real clip.

Fast tests send landmark messages (the browser-pose path) from generated squats with known
truth; the slow ones send real JPEG frames of a shared clip through the real pose model.
"""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect
from team_support import BASE_URL, Team, sign_in, team_app

from footwork.config import Settings
from footwork.synth.motion import squat
from footwork.vision.pose.sequence import PoseSequence
from footwork.web.app import create_app
from footwork.web.live_camera import MAX_MESSAGE_BYTES, RESUME_S, LiveHub
from footwork.web.policies import POLICIES, WEBSOCKET, Rule

OWN = {"Origin": BASE_URL}
SOCKET = "/live/socket?exercise=banded-squat&pose=browser"


@pytest.fixture(scope="module")
def squats() -> tuple[PoseSequence, int]:
    clip = squat(3, seed=1)
    return clip.seq, len(clip.truth.reps)


@pytest.fixture
def app(settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, base_url=BASE_URL) as c:
        yield c


def landmarks_message(seq: PoseSequence, i: int) -> dict[str, Any]:
    xy, vis = seq.xy[i], seq.visibility[i]
    points = None
    if np.isfinite(xy).all():
        points = [[float(x / seq.width), float(y / seq.height), float(v)]
                  for (x, y), v in zip(xy, vis, strict=True)]  # fmt: skip
    return {"type": "landmarks", "t": float(seq.times[i]), "width": seq.width,
            "height": seq.height, "landmarks": points}  # fmt: skip


def play(ws: Any, seq: PoseSequence, frames: range) -> list[dict[str, Any]]:
    """Send the frames one by one, each answered with its update."""
    updates = []
    for i in frames:
        ws.send_text(json.dumps(landmarks_message(seq, i)))
        answer = ws.receive_json()
        assert answer["type"] == "update", answer
        updates.append(answer)
    return updates


def end(ws: Any) -> dict[str, Any]:
    ws.send_text(json.dumps({"type": "end"}))
    done = ws.receive_json()
    assert done["type"] == "done", done
    return done


def jpeg(width: int = 320, height: int = 240, grey: int = 128) -> bytes:
    image = np.full((height, width, 3), grey, np.uint8)
    return cv2.imencode(".jpg", image)[1].tobytes()


def frame(t: float, picture: bytes) -> bytes:
    return struct.pack("<d", t) + picture


# The protocol ---------------------------------------------------------------------------------


def test_a_set_streamed_as_landmarks_counts_each_rep_once_and_ends_with_the_analysis(
    client: TestClient, squats: tuple[PoseSequence, int]
):
    seq, truth = squats
    with client.websocket_connect(SOCKET, headers=OWN) as ws:
        hello = ws.receive_json()
        assert hello["type"] == "hello" and hello["exercise"] == "banded-squat"
        assert hello["resumed"] is False and hello["state"] is None and hello["live"]
        updates = play(ws, seq, range(len(seq.times)))
        shown = [u["reps"] for u in updates]
        assert shown == sorted(shown), "the count shown never goes down"
        assert shown[-1] == truth
        rep_events = [e for u in updates for e in u["events"] if e["kind"] == "rep"]
        assert [e["rep"]["index"] for e in rep_events] == list(range(1, truth + 1)) or len(
            rep_events
        ) == truth
        first = updates[0]
        assert first["capture_t"] == pytest.approx(seq.times[0])
        assert len(first["landmarks"]) == 33 and all(0 <= p[2] <= 1 for p in first["landmarks"])
        assert {"phase", "phase_s", "setup", "ready", "server_ms"} <= set(first)
        assert any(u["phase"] in ("into", "hold", "back") for u in updates)
        done = end(ws)
        assert done["reps"] == truth and done["result"]["reps"] == truth
        with pytest.raises(WebSocketDisconnect):
            ws.receive_json()  # the server closes the socket after the set's end
    assert hello["live"] not in client.app.state.live_hub  # an ended set is forgotten


def test_ping_is_answered_and_nobody_in_view_asks_to_step_in(client: TestClient):
    with client.websocket_connect(SOCKET, headers=OWN) as ws:
        ws.receive_json()
        ws.send_text(json.dumps({"type": "ping"}))
        assert ws.receive_json() == {"type": "pong"}
        ws.send_text(json.dumps({"type": "landmarks", "t": 0.1, "width": 640, "height": 480,
                                 "landmarks": None}))  # fmt: skip
        update = ws.receive_json()
        assert update["landmarks"] is None and update["reps"] == 0
        assert update["phase"] == "setup" and "Step into the picture" in update["setup"]


def test_a_dropped_socket_resumes_its_set_and_keeps_every_counted_rep(
    client: TestClient, squats: tuple[PoseSequence, int]
):
    seq, truth = squats
    half = len(seq.times) * 2 // 3
    with client.websocket_connect(SOCKET, headers=OWN) as ws:
        live = ws.receive_json()["live"]
        before = play(ws, seq, range(half))[-1]["reps"]
    assert before >= 1  # reps were counted before the drop
    with client.websocket_connect(f"{SOCKET}&resume={live}", headers=OWN) as ws:
        hello = ws.receive_json()
        assert hello["live"] == live and hello["resumed"] is True
        assert hello["state"]["reps"] == before
        updates = play(ws, seq, range(half, len(seq.times)))
        assert updates[0]["reps"] >= before
        assert end(ws)["reps"] == truth


def test_an_unknown_or_expired_live_id_starts_a_new_set(client: TestClient):
    with client.websocket_connect(f"{SOCKET}&resume=nothing-like-it", headers=OWN) as ws:
        hello = ws.receive_json()
        assert hello["resumed"] is False and hello["live"] != "nothing-like-it"


def test_the_hub_keeps_a_dropped_set_five_minutes_for_its_owner_only():
    now = [0.0]
    hub = LiveHub(clock=lambda: now[0])
    first, second = object(), object()
    entry, resumed = hub.open("squat", "Ali", None, first)
    assert not resumed
    hub.release(entry, first)
    again, resumed = hub.open("squat", "Bo", entry.live_id, second)
    assert not resumed and again.live_id != entry.live_id  # another person's id: unknown
    again, resumed = hub.open("squat", "Ali", entry.live_id, second)
    assert resumed and again is entry
    hub.release(entry, first)  # the old connection ends after the new one took over
    assert entry.holder is second and entry.dropped_at is None
    hub.release(entry, second)
    now[0] = RESUME_S + 1
    assert entry.live_id not in hub
    _, resumed = hub.open("squat", "Ali", entry.live_id, first)
    assert not resumed


def test_a_set_resumes_only_for_the_same_profile_in_the_local_app(client: TestClient):
    with client.websocket_connect(f"{SOCKET}&person=Ali", headers=OWN) as ws:
        live = ws.receive_json()["live"]
    with client.websocket_connect(f"{SOCKET}&person=Bo&resume={live}", headers=OWN) as ws:
        assert ws.receive_json()["resumed"] is False
    with client.websocket_connect(f"{SOCKET}&person=Ali&resume={live}", headers=OWN) as ws:
        assert ws.receive_json()["resumed"] is True


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (b"not a picture at all, just text", "not a JPEG"),
        (struct.pack("<d", 1.0) + b"GIF89a" + bytes(64), "not a JPEG"),
        (struct.pack("<d", 1.0) + b"\xff\xd8\xff" + bytes(64), "could not be decoded"),
        (b"\x00\x01", "too short"),
        (struct.pack("<d", float("nan")) + jpeg(), "capture time"),
        (frame(1.0, jpeg(20, 20)), "pixels a side"),
        (frame(1.0, b"\xff\xd8\xff" + bytes(MAX_MESSAGE_BYTES)), "at most 512 KB"),
        (json.dumps({"type": "landmarks", "t": 1, "width": 640, "height": 480,
                     "landmarks": [[0.5, 0.5, 1.0]] * 32}), "33 points"),
        (json.dumps({"type": "landmarks", "t": 1, "width": 640, "height": 480,
                     "landmarks": [[0.5, 9.0, 1.0]] * 33}), "Landmark 0"),
        (json.dumps({"type": "landmarks", "t": 1, "width": 640, "height": 480,
                     "landmarks": [[0.5, "x", 1.0]] * 33}), "Landmark 0"),
        (json.dumps({"type": "landmarks", "t": 1, "width": 0, "height": 480,
                     "landmarks": None}), "width"),
        (json.dumps({"type": "landmarks", "t": "soon", "width": 640, "height": 480,
                     "landmarks": None}), "capture time"),
        (json.dumps({"type": "dance"}), "not one footwork understands"),
        ("{not json", "not one footwork understands"),
    ],
)  # fmt: skip
def test_bad_input_is_answered_with_an_error_and_the_socket_stays_open(
    client: TestClient, message: bytes | str, says: str
):
    with client.websocket_connect(SOCKET, headers=OWN) as ws:
        ws.receive_json()
        if isinstance(message, bytes):
            ws.send_bytes(message)
        else:
            ws.send_text(message)
        error = ws.receive_json()
        assert error["type"] == "error" and says in error["message"], error
        assert error["hint"]
        ws.send_text(json.dumps({"type": "ping"}))
        assert ws.receive_json() == {"type": "pong"}


@pytest.mark.parametrize("query", ["exercise=moonwalk", "exercise=", "exercise=squat&pose=gpu"])
def test_an_unknown_exercise_or_pose_path_is_refused_and_closed(client: TestClient, query: str):
    with client.websocket_connect(f"/live/socket?{query}", headers=OWN) as ws:
        error = ws.receive_json()
        assert error["type"] == "error" and error["hint"]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1008


# Who may open it ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", ["http://testserver:9999", "http://evil.test", "null", "https://testserver"]
)
def test_a_page_on_another_origin_cannot_open_the_socket(client: TestClient, origin: str):
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect(SOCKET, headers={"Origin": origin}),
    ):
        pass
    assert refused.value.code == 1008
    assert len(client.app.state.live_hub._entries) == 0  # no set was opened for it


def test_the_apps_own_pages_and_programs_without_an_origin_may_open_it(client: TestClient):
    for headers in (OWN, {}):
        with client.websocket_connect(SOCKET, headers=headers) as ws:
            assert ws.receive_json()["type"] == "hello"


def test_the_socket_has_an_athlete_rule():
    assert POLICIES[(WEBSOCKET, "/live/socket")].rule is Rule.ATHLETE


@pytest.fixture
def club(settings: Settings, team: Team):  # type: ignore[no-untyped-def]
    app = team_app(settings)
    people = {who: sign_in(app, getattr(team, who).email)
              for who in ("athlete", "other_athlete", "coach", "other_coach", "admin")}  # fmt: skip
    return app, team, people


def opens(client: TestClient, query: str) -> dict[str, Any] | None:
    """The hello, or None when the handshake was refused."""
    try:
        with client.websocket_connect(f"/live/socket?{query}") as ws:
            return ws.receive_json()  # type: ignore[no-any-return]
    except (WebSocketDisconnect, WebSocketDenialResponse):
        return None


def test_in_team_mode_the_athlete_and_their_coach_open_it_and_no_one_else(club):  # type: ignore[no-untyped-def]
    app, team, people = club
    query = "exercise=squat&pose=browser"
    as_athlete = f"{query}&person={team.athlete_uid}"
    anonymous = TestClient(app, base_url=BASE_URL, headers=OWN)
    assert opens(anonymous, query) is None
    assert opens(people["athlete"], query) is not None
    assert opens(people["coach"], as_athlete) is not None
    assert opens(people["other_athlete"], as_athlete) is None
    assert opens(people["other_coach"], as_athlete) is None
    assert opens(people["admin"], as_athlete) is None
    assert opens(people["admin"], query) is None


def test_in_team_mode_another_athletes_live_id_is_unknown_and_their_coach_may_resume_it(club):  # type: ignore[no-untyped-def]
    _, team, people = club
    query = "exercise=squat&pose=browser"
    hello = opens(people["athlete"], query)
    assert hello is not None
    live = hello["live"]
    other = opens(people["other_athlete"], f"{query}&resume={live}")
    assert other is not None and other["resumed"] is False and other["live"] != live
    coach = opens(people["coach"], f"{query}&person={team.athlete_uid}&resume={live}")
    assert coach is not None and coach["resumed"] is True and coach["live"] == live


def test_in_team_mode_frames_go_to_the_server_only_after_the_athlete_agrees(club):  # type: ignore[no-untyped-def]
    _, _, people = club
    me = people["athlete"]
    with me.websocket_connect("/live/socket?exercise=squat&pose=server") as ws:
        assert ws.receive_json()["type"] == "hello"
        refusal = ws.receive_json()
        assert refusal["type"] == "error" and "agree" in refusal["message"]
        assert "in-browser pose" in refusal["hint"]
        ws.send_bytes(frame(1.0, b"not even a picture"))
        assert "agree" in ws.receive_json()["message"]  # nothing of the frame was looked at
        ws.send_text(json.dumps({"type": "landmarks", "t": 1, "width": 640, "height": 480,
                                 "landmarks": None}))  # fmt: skip
        assert ws.receive_json()["type"] == "update"  # landmarks need no consent
    with me.websocket_connect("/live/socket?exercise=squat&pose=server&consent=1") as ws:
        assert ws.receive_json()["type"] == "hello"
        ws.send_bytes(frame(1.0, b"not even a picture"))
        error = ws.receive_json()
        assert "not a JPEG" in error["message"]  # past the consent: the frame is checked


# The server-pose path on a real clip ----------------------------------------------------------


def clip_frames(relative: str, long_side: int = 480) -> list[tuple[float, bytes]]:
    """(capture time, JPEG) of every frame of a shared clip, downscaled as the page does."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "vision"))
    from video_media import media

    capture = cv2.VideoCapture(str(media(relative)))
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    out = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        h, w = image.shape[:2]
        scale = long_side / max(h, w)
        small = cv2.resize(image, (round(w * scale), round(h * scale)))
        out.append((len(out) / fps, cv2.imencode(".jpg", small)[1].tobytes()))
    capture.release()
    return out


@pytest.mark.slow
def test_jpeg_frames_of_a_real_clip_count_its_true_reps_on_the_server(client: TestClient):
    frames = clip_frames("squat/squat_19.mp4")  # two squats (the shared media's human count)
    with client.websocket_connect("/live/socket?exercise=squat", headers=OWN) as ws:
        ws.receive_json()
        shown = 0
        # The clip ends as the last squat comes up; a camera goes on filming the person
        # standing, so its last picture is sent again for another second.
        t_end, still = frames[-1]
        standing = [(t_end + k / 7.5, still) for k in range(1, 9)]
        for t, picture in [*frames, *standing]:  # one at a time, at the model's pace
            ws.send_bytes(frame(t, picture))
            update = ws.receive_json()
            assert update["type"] == "update", update
            shown = max(shown, update["reps"])
        assert shown == 2
        assert end(ws)["reps"] == 2


@pytest.mark.slow
def test_frames_sent_faster_than_the_model_keeps_up_only_the_newest_is_processed(
    client: TestClient,
):
    frames = clip_frames("squat/squat_19.mp4")[:60]
    with client.websocket_connect("/live/socket?exercise=squat", headers=OWN) as ws:
        ws.receive_json()
        started = time.perf_counter()
        for t, picture in frames:
            ws.send_bytes(frame(t, picture))
        ws.send_text(json.dumps({"type": "end"}))
        answers = []
        while (answer := ws.receive_json())["type"] != "done":
            answers.append(answer)
        took = time.perf_counter() - started
    times = [a["capture_t"] for a in answers]
    assert all(a["type"] == "update" for a in answers)
    assert 1 <= len(answers) < len(frames), "frames waiting behind a newer one were dropped"
    assert times == sorted(times) and times[-1] == pytest.approx(frames[-1][0])
    assert took < len(frames) * 0.023 * 2  # never a backlog of every frame


@pytest.mark.slow
def test_a_dark_empty_picture_asks_for_light(client: TestClient):
    with client.websocket_connect("/live/socket?exercise=squat", headers=OWN) as ws:
        ws.receive_json()
        ws.send_bytes(frame(0.5, jpeg(grey=10)))
        update = ws.receive_json()
        assert update["landmarks"] is None and "More light" in update["setup"]


# The session page's camera ------------------------------------------------------------------


def test_the_session_page_offers_the_camera_with_its_script(client: TestClient):
    page = client.get("/session").text
    assert 'id="camera-on"' in page and 'role="switch"' in page
    assert '<script src="/static/live.js">' in page and 'id="live-video"' in page
    assert "never stored" in page and 'id="camera-consent"' not in page  # the local app
    assert client.get("/static/live.js").status_code == 200
    assert client.get("/static/live.css").status_code == 200


def test_the_lunge_test_opens_with_the_camera_alone(client: TestClient):
    page = client.get("/session?live=lunge-test").text
    assert 'data-live="lunge-test"' in page and "Knee-to-wall lunge test with the camera" in page
    assert 'id="save-best"' in page


@pytest.mark.parametrize(("live", "says"), [("moonwalk", "coached live"),
                                            ("banded-squat", "in your programme")])  # fmt: skip
def test_the_camera_alone_is_refused_for_what_it_cannot_or_need_not_coach(
    client: TestClient, live: str, says: str
):
    answer = client.get(f"/session?live={live}")
    assert answer.status_code == 422 and says in answer.text


def test_in_team_mode_the_session_page_asks_before_frames_go_to_the_server(club):  # type: ignore[no-untyped-def]
    _, _, people = club
    page = people["athlete"].get("/session").text
    assert 'id="camera-consent"' in page and "never stored" in page
    assert 'data-team="1"' in page


def test_when_the_servers_pose_model_is_full_a_new_camera_is_told_to_wait_or_use_the_browser(
    app, client: TestClient
):  # type: ignore[no-untyped-def]
    app.state.live_hub.max_server_pose = 1
    server = SOCKET.replace("pose=browser", "pose=server")
    with client.websocket_connect(server, headers=OWN) as first:
        assert first.receive_json()["type"] == "hello"
        with client.websocket_connect(server, headers=OWN) as second:
            busy = second.receive_json()
            assert busy["type"] == "error" and "as many people live" in busy["message"]
            assert "in this browser" in busy["hint"]
            with pytest.raises(WebSocketDisconnect) as closed:
                second.receive_json()
        assert closed.value.code == 1013
        # Pose found in the browser costs the server no model: it is still let in.
        with client.websocket_connect(SOCKET, headers=OWN) as browser:
            assert browser.receive_json()["type"] == "hello"
    with client.websocket_connect(server, headers=OWN) as again:  # the place was given back
        assert again.receive_json()["type"] == "hello"
