"""Recording training sessions: coached (set by set), typed in, or from a video analysis."""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.domain.records import DEFAULT_PERSON
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.services.store import open_store
from footwork.vision.pose.result import AnalysisResult


class SessionRecorder:
    """Writes a coached session as it happens: each finished set is committed on its own, so
    stopping or killing the program keeps every set completed before it. Nothing is stored
    until the first set is logged: a session stopped before it leaves no trace.
    """

    def __init__(self, settings: Settings, person: str | None, log: SessionLog) -> None:
        self._store = open_store(settings)
        self._log = log
        self._person = person
        self.person = person or DEFAULT_PERSON
        self.session_id: int | None = None
        with self._store.unit_of_work() as uow:  # an unknown person is refused before any timer
            if uow.people.all() or (person and person.strip() != DEFAULT_PERSON):
                self.person = uow.people.resolve(person, create_default=False).name

    def add(self, entry: SetLog) -> None:
        with self._store.unit_of_work() as uow:
            if self.session_id is None:
                who = uow.people.resolve(self._person)
                self.person = who.name
                self.session_id = uow.sessions.start(who.id, self._log)
            uow.sessions.add_set(self.session_id, entry)

    def finish(self, note: str = "", ended_at: datetime | None = None) -> None:
        if self.session_id is None:  # no set was logged: nothing to finish
            return
        with self._store.unit_of_work() as uow:
            uow.sessions.finish(self.session_id, ended_at or datetime.now(), note)


def record_session(settings: Settings, log: SessionLog, person: str | None = None) -> int:
    """Store a whole session in one transaction; returns its id."""
    with open_store(settings).unit_of_work() as uow:
        session_id = uow.sessions.start(uow.people.resolve(person).id, log)
        for entry in log.sets:
            uow.sessions.add_set(session_id, entry)
        return session_id


def record_analysis(
    settings: Settings,
    result: AnalysisResult,
    person: str | None = None,
    uid: str | None = None,
    *,
    source: str = "video",
    note: str | None = None,
    started_at: datetime | None = None,
) -> int:
    """Store a video analysis as a session log (sets per foot/direction) with its result. Given
    a ``uid`` (a job's id), a session already logged under it is kept and its id returned.
    A set counted live from a camera is stored the same way with ``source`` "camera"."""
    log = SessionLog(
        started_at=started_at or datetime.now(),
        ended_at=datetime.now(),
        source=source,
        note=note or f"Analysed {result.source}",
        sets=_sets_from_result(result),
    )
    with open_store(settings).unit_of_work() as uow:
        logged = uow.sessions.id_of(uid) if uid else None
        if logged is not None:
            return logged
        session_id = uow.sessions.start(uow.people.resolve(person).id, log, result.to_dict(), uid)
        for entry in log.sets:
            uow.sessions.add_set(session_id, entry)
        return session_id


def _sets_from_result(result: AnalysisResult) -> list[SetLog]:
    groups: dict[tuple[str | None, str | None], int] = {}
    for rep in result.reps:
        key = (rep.side, rep.direction)
        groups[key] = groups.get(key, 0) + 1
    if not groups:
        groups[(None, None)] = 0
    return [
        SetLog(exercise=result.exercise, side=Side(side) if side else None,
               direction=Direction(direction) if direction else None, reps_done=n,
               reps_target=n, note="counted from video", stop_reason="" if n else "no reps seen")
        for (side, direction), n in groups.items()
    ]  # fmt: skip


def list_sessions(settings: Settings, person: str | None = None) -> list[SessionLog]:
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        return [x.log for x in uow.sessions.all(who.id)] if who else []
