"""Live camera coaching over a WebSocket: ``/live/socket`` (the protocol is in docs/live.md).

The page sends camera frames (8 bytes of capture time, little-endian float64 seconds, then a
JPEG) or the landmarks its own pose model found (JSON); the server runs the pose model on a
worker thread (one model per connection, built on its first frame and closed when it ends),
feeds the live counter and answers every frame it processed with an update. While the model
is busy only the newest waiting frame is kept: the count follows the present, never a backlog.

Sets are held in the app's ``LiveHub`` by a random live id with their owner: when a
connection drops, its set waits ``RESUME_S`` for a new connection with ``resume=<id>`` from
the same person, so no counted rep is lost. Frames are decoded in memory and never stored.

Access: the route's rule is in ``policies.py`` (checked by ``team.enforce`` before the
handshake is accepted); a browser's handshake must come from the app's own origin (a
WebSocket is not covered by the CSRF middleware, and any page may try to open one).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import struct
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.datastructures import Headers

from footwork.errors import FootworkError
from footwork.services.live_stream import (
    FramePoser,
    LiveSet,
    capture_time,
    check_jpeg,
    live_exercise_key,
    parse_landmarks,
)
from footwork.web.deps import PERSON_COOKIE
from footwork.web.team import team_person_name

router = APIRouter(include_in_schema=False)

RESUME_S = 300.0  # a dropped connection's set waits this long for the page to reconnect
MAX_MESSAGE_BYTES = 512 * 1024  # a downscaled frame is 20-60 KB; far bigger is not one
TIME_BYTES = 8  # the capture time before each frame's JPEG
POSE_PATHS = ("server", "browser")
POLICY_VIOLATION = 1008
TRY_AGAIN_LATER = 1013
# Sockets running the server's pose model at once: one 2-core server keeps 4 live users at
# 15 frames a second on short sets (docs/benchmarks.md, bench/bench_live.py), so two per core;
# one more would slow everyone's count.
SERVER_POSE_PER_CORE = 2
_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


# The hub: sets by live id ---------------------------------------------------------------------


@dataclass
class LiveEntry:
    live_id: str
    owner: str | None  # the person's name (None: the local app's default profile)
    live_set: LiveSet
    holder: object | None = None  # the connection feeding it now
    dropped_at: float | None = None


@dataclass
class LiveHub:
    """The live sets of this process, each kept ``keep_s`` after its connection drops."""

    keep_s: float = RESUME_S
    clock: Callable[[], float] = time.monotonic
    max_server_pose: int = field(
        default_factory=lambda: SERVER_POSE_PER_CORE * (os.cpu_count() or 1)
    )
    _entries: dict[str, LiveEntry] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server_pose: int = 0  # sockets that may run the server's pose model now

    def take_server_pose(self) -> bool:
        """A place for one more socket on the server's pose model, if there is one."""
        with self._lock:
            if self._server_pose >= self.max_server_pose:
                return False
            self._server_pose += 1
            return True

    def give_back_server_pose(self) -> None:
        with self._lock:
            self._server_pose = max(0, self._server_pose - 1)

    def open(
        self, exercise: str, owner: str | None, resume: str | None, holder: object
    ) -> tuple[LiveEntry, bool]:
        """The set to feed: the one ``resume`` names if it is this owner's, for this exercise,
        and not expired (resumed: True); else a new one. Another person's id is treated as
        unknown."""
        with self._lock:
            self._sweep()
            entry = self._entries.get(resume) if resume else None
            if entry is not None and entry.owner == owner and entry.live_set.exercise == exercise:
                entry.holder, entry.dropped_at = holder, None  # a newer connection takes over
                return entry, True
            live_set = LiveSet(exercise)
            entry = LiveEntry(uuid.uuid4().hex, owner, live_set, holder)
            self._entries[entry.live_id] = entry
            return entry, False

    def release(self, entry: LiveEntry, holder: object) -> None:
        """The connection ``holder`` ended: keep the set for a resume (unless another
        connection took it over already)."""
        with self._lock:
            if entry.holder is holder:
                entry.holder, entry.dropped_at = None, self.clock()

    def forget(self, live_id: str) -> None:
        with self._lock:
            self._entries.pop(live_id, None)

    def __contains__(self, live_id: str) -> bool:
        with self._lock:
            self._sweep()
            return live_id in self._entries

    def _sweep(self) -> None:
        now = self.clock()
        gone = [k for k, e in self._entries.items()
                if e.dropped_at is not None and now - e.dropped_at > self.keep_s]  # fmt: skip
        for key in gone:
            del self._entries[key]


def live_hub(websocket: WebSocket) -> LiveHub:
    hub: LiveHub = websocket.app.state.live_hub  # made by create_app
    return hub


# Who may open it ------------------------------------------------------------------------------


def own_origin(websocket: WebSocket) -> str:
    scheme = _SCHEMES.get(str(websocket.scope.get("scheme", "ws")), "http")
    return f"{scheme}://{websocket.headers.get('host', '')}".lower()


def from_own_origin(websocket: WebSocket) -> bool:
    """Browsers always send ``Origin`` with a WebSocket handshake: it must be the app's own.
    A program (no Origin, no cookie to ride on) is let through, as for the JSON API."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    return origin.lower() == own_origin(websocket)


def person_of(websocket: WebSocket) -> str | None:
    """Whose set: in team mode the one the access check chose; else ?person= or the
    browser's chosen profile, as on every page."""
    if websocket.app.state.options.team:
        return team_person_name(websocket)
    asked = websocket.query_params.get("person")
    cookie = Headers(scope=websocket.scope).get("cookie", "")
    for part in cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name == PERSON_COOKIE and value and not asked:
            asked = unquote(value)
    return asked or None


# The connection -------------------------------------------------------------------------------


@dataclass
class _Waiting:
    """The newest frame not yet processed (older ones are dropped)."""

    kind: str  # "frame" | "landmarks"
    t: float
    payload: Any
    received: float


class LiveConnection:
    """One open socket: reads messages, keeps the newest frame, processes it on its worker."""

    def __init__(self, websocket: WebSocket, entry: LiveEntry, server_pose_allowed: bool):
        self.ws = websocket
        self.entry = entry
        self.server_pose_allowed = server_pose_allowed
        self.poser = FramePoser()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="footwork-live")
        self.waiting: _Waiting | None = None
        self.wake = asyncio.Event()
        self.ending = False
        self.send_lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        async with self.send_lock:
            await self.ws.send_text(json.dumps(_clean(message), allow_nan=False))

    async def error(self, message: str, hint: str | None = None) -> None:
        await self.send({"type": "error", "message": message, "hint": hint})

    async def run(self) -> None:
        processor = asyncio.create_task(self.process())
        try:
            while not self.ending:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                await self.take(message)
            await processor  # the set's end: the last frame, then the analysis
        finally:
            processor.cancel()
            with contextlib.suppress(BaseException):
                await processor
            self.worker.submit(self.poser.close)  # after any frame still on the model
            self.worker.shutdown(wait=False)

    async def take(self, message: Mapping[str, Any]) -> None:
        data: bytes | None = message.get("bytes")
        text: str | None = message.get("text")
        size = len(data) if data is not None else len((text or "").encode())
        if size > MAX_MESSAGE_BYTES:
            await self.error(
                f"This message is {size // 1024} KB; a frame may be at most "
                f"{MAX_MESSAGE_BYTES // 1024} KB.",
                "Downscale frames so the long side is at most 480 pixels.",
            )
            return
        try:
            if data is not None:
                await self.take_frame(data)
            else:
                await self.take_text(text or "")
        except FootworkError as exc:
            await self.error(exc.message, exc.hint)

    async def take_frame(self, data: bytes) -> None:
        if not self.server_pose_allowed:
            await self.error(*CONSENT_NEEDED)
            return
        if len(data) <= TIME_BYTES:
            await self.error(
                "This frame is too short: 8 bytes of capture time, then a JPEG.",
                "Send the capture time as a little-endian float64, then the JPEG.",
            )
            return
        t = capture_time(struct.unpack("<d", data[:TIME_BYTES])[0])
        jpeg = data[TIME_BYTES:]
        check_jpeg(jpeg)
        self.keep(_Waiting("frame", t, jpeg, time.perf_counter()))

    async def take_text(self, text: str) -> None:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        kind = body.get("type") if isinstance(body, dict) else None
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "end":
            self.ending = True
            self.wake.set()
        elif kind == "landmarks":
            assert isinstance(body, dict)
            t = capture_time(body.get("t"))
            pose = parse_landmarks(body.get("landmarks"), body.get("width"), body.get("height"))
            self.keep(_Waiting("landmarks", t, pose, time.perf_counter()))
        else:
            await self.error(
                "This message is not one footwork understands.",
                'Send a frame, or JSON with "type": "landmarks", "end" or "ping".',
            )

    def keep(self, item: _Waiting) -> None:
        self.waiting = item  # newest wins: a frame still waiting is dropped
        self.wake.set()

    async def process(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self.wake.wait()
            self.wake.clear()
            item, self.waiting = self.waiting, None
            if item is not None:
                try:
                    update = await loop.run_in_executor(self.worker, self.compute, item)
                except FootworkError as exc:
                    await self.error(exc.message, exc.hint)
                    update = None
                if update is not None:
                    ms = (time.perf_counter() - item.received) * 1000
                    await self.send({"type": "update", "server_ms": round(ms, 1), **update})
            if self.ending and self.waiting is None:
                await self.finish(loop)
                return

    def compute(self, item: _Waiting) -> dict[str, Any] | None:
        live_set = self.entry.live_set
        if item.kind == "frame":
            return live_set.push_frame(item.t, self.poser.pose(item.payload))
        pose, size = item.payload
        return live_set.push_landmarks(item.t, pose, size)

    async def finish(self, loop: asyncio.AbstractEventLoop) -> None:
        result, reps = await loop.run_in_executor(self.worker, self.entry.live_set.finish)
        live_hub(self.ws).forget(self.entry.live_id)
        await self.send({"type": "done", "result": result, "reps": reps})


CONSENT_NEEDED = (
    "Camera frames go to the server only after you agree to it.",
    "Agree to send frames (they are used to find your pose and never stored), or choose "
    "in-browser pose, which sends only the body landmarks.",
)


BUSY = (
    "The server is already counting as many people live as it can keep up with.",
    "Choose pose in this browser if it is offered, or try the camera again in a few "
    "minutes; the session goes on with timers meanwhile.",
)


@router.websocket("/live/socket")
async def live_socket(websocket: WebSocket) -> None:
    """Count, time and cue one set live (see the module doc)."""
    if not from_own_origin(websocket):
        await websocket.close(code=POLICY_VIOLATION)  # before accepting: the handshake fails
        return
    query = websocket.query_params
    owner = person_of(websocket)
    await websocket.accept()
    try:
        exercise = live_exercise_key(query.get("exercise", ""))
    except FootworkError as exc:
        await _refuse(websocket, exc.message, exc.hint)
        return
    pose_path = query.get("pose", "server")
    if pose_path not in POSE_PATHS:
        await _refuse(websocket, f"Unknown pose path {pose_path!r}.",
                      "Use pose=server or pose=browser.")  # fmt: skip
        return
    team = websocket.app.state.options.team
    server_pose = not team or query.get("consent") == "1"
    hub = live_hub(websocket)
    if pose_path == "server" and not hub.take_server_pose():
        await websocket.send_json({"type": "error", "message": BUSY[0], "hint": BUSY[1]})
        await websocket.close(code=TRY_AGAIN_LATER)
        return
    try:
        await _serve(websocket, hub, exercise, owner, pose_path, server_pose)
    finally:
        if pose_path == "server":
            hub.give_back_server_pose()


async def _serve(
    websocket: WebSocket,
    hub: LiveHub,
    exercise: str,
    owner: str | None,
    pose_path: str,
    server_pose: bool,
) -> None:
    holder = object()
    entry, resumed = hub.open(exercise, owner, websocket.query_params.get("resume"), holder)
    connection = LiveConnection(websocket, entry, server_pose)
    try:
        await connection.send({"type": "hello", "live": entry.live_id, "exercise": exercise,
                               "resumed": resumed, "state": entry.live_set.state})  # fmt: skip
        if pose_path == "server" and not server_pose:
            await connection.error(*CONSENT_NEEDED)
        await connection.run()
    except WebSocketDisconnect:
        pass
    finally:
        hub.release(entry, holder)
    if connection.ending:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close()


async def _refuse(websocket: WebSocket, message: str, hint: str | None) -> None:
    await websocket.send_json({"type": "error", "message": message, "hint": hint})
    await websocket.close(code=POLICY_VIOLATION)


def _clean(value: Any) -> Any:
    """``value`` as JSON can carry it: numbers as plain numbers, NaN and infinities (not JSON)
    as null."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    number = float(value)
    return number if math.isfinite(number) else None
