"""Training sessions in progress in the browser, held in the web app's memory.

Each is written through a ``SessionRecorder``, so every set is stored as soon as it is logged:
losing this state (a restart) loses no set, only the open session's token.
"""

from __future__ import annotations

import threading
import uuid
from datetime import datetime

from footwork.config import Settings
from footwork.domain.session import SessionLog, SetLog
from footwork.errors import NotFound
from footwork.services.sessions import SessionRecorder


class LiveSessions:
    """Browser sessions in progress, keyed by a random token the page holds."""

    def __init__(self) -> None:
        self._recorders: dict[str, SessionRecorder] = {}
        self._lock = threading.Lock()

    def start(self, settings: Settings, person: str | None, plan_week: int | None) -> str:
        log = SessionLog(started_at=datetime.now().replace(microsecond=0), plan_week=plan_week)
        recorder = SessionRecorder(settings, person, log)
        token = uuid.uuid4().hex
        with self._lock:
            self._recorders[token] = recorder
        return token

    def owner(self, token: str) -> str | None:
        """Whose session it is (the person's name); None if it is not open."""
        with self._lock:
            recorder = self._recorders.get(token)
        return recorder.person if recorder is not None else None

    def add_set(self, token: str, entry: SetLog) -> None:
        self._get(token).add(entry)

    def finish(self, token: str, note: str = "") -> str:
        recorder = self._get(token)
        recorder.finish(note)
        with self._lock:
            self._recorders.pop(token, None)
        return recorder.person

    def _get(self, token: str) -> SessionRecorder:
        with self._lock:
            recorder = self._recorders.get(token)
        if recorder is None:
            raise NotFound(
                "This training session is not open any more.",
                hint="Sets logged so far are saved. Start a new session.",
            )
        return recorder
