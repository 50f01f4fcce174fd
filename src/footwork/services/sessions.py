"""Recording training sessions: coached (set by set), typed in, or from a video analysis."""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.domain.measures import Measurement
from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side
from footwork.services.store import open_store
from footwork.storage import repository as repo
from footwork.storage.tables import SessionRow
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
        self.person = person or repo.DEFAULT_PERSON
        self.session_id: int | None = None
        with self._store.transaction() as s:  # an unknown person is refused before any timer
            if repo.list_people(s) or (person and person.strip() != repo.DEFAULT_PERSON):
                self.person = repo.resolve_person(s, person, create_default=False).name

    def add(self, entry: SetLog) -> None:
        with self._store.transaction() as s:
            if self.session_id is None:
                who = repo.resolve_person(s, self._person)
                self.person = who.name
                self.session_id = repo.start_session(s, who, self._log).id
            repo.add_set(s, s.get_one(SessionRow, self.session_id), entry)

    def finish(self, note: str = "", ended_at: datetime | None = None) -> None:
        if self.session_id is None:  # no set was logged: nothing to finish
            return
        with self._store.transaction() as s:
            row = s.get_one(SessionRow, self.session_id)
            row.ended_at = ended_at or datetime.now()
            if note:
                row.note = note


def record_session(settings: Settings, log: SessionLog, person: str | None = None) -> int:
    """Store a whole session in one transaction; returns its id."""
    store = open_store(settings)
    with store.transaction() as s:
        who = repo.resolve_person(s, person)
        row = repo.start_session(s, who, log)
        for entry in log.sets:
            repo.add_set(s, row, entry)
        return row.id


def record_analysis(
    settings: Settings,
    result: AnalysisResult,
    person: str | None = None,
    measurements: list[Measurement] | None = None,
) -> int:
    """Store a video analysis as a session log (sets per foot/direction) plus its measurements."""
    log = SessionLog(
        started_at=datetime.now(),
        ended_at=datetime.now(),
        source="video",
        note=f"Analysed {result.source}",
        sets=_sets_from_result(result),
    )
    store = open_store(settings)
    with store.transaction() as s:
        who = repo.resolve_person(s, person)
        row = repo.start_session(s, who, log)
        row.details = result.to_dict()
        for entry in log.sets:
            repo.add_set(s, row, entry)
        for m in measurements or []:
            repo.add_measurement(s, who, m)
        return row.id


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
    with open_store(settings).transaction() as s:
        who = repo.reader(s, person)
        if who is None:
            return []
        return [
            SessionLog(started_at=r.started_at, ended_at=r.ended_at, source=r.source,
                       note=r.note, plan_week=r.plan_week,
                       sets=[repo.to_set_log(x) for x in r.sets])
            for r in repo.list_sessions(s, who)
        ]  # fmt: skip
