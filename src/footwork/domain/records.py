"""What is stored, as plain records: a person, a logged session with its sets, an outcome note.

These are what the repository hands out and takes back (measurements are ``Measurement`` from
``measures.py``). Each record has the database ``id`` it is listed and corrected by, and most a
``uid`` that stays the same across export and import. A record not stored yet has ``id`` 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from footwork.domain.session import SessionLog, SetLog
from footwork.domain.sides import Direction, Side

# The profile a first write makes on an empty home, and whose data an empty home shows.
DEFAULT_PERSON = "me"


@dataclass(frozen=True)
class Person:
    """A profile that owns every record."""

    id: int
    uid: str
    name: str
    sport: str = ""
    goals: str = ""
    created_at: datetime | None = None
    plan_start: date | None = None  # None: no session logged and no start chosen yet
    # "HH:MM" of the session, then of each further mini-set of the day (None: the defaults),
    # and the IANA time zone of those times (None: the system's).
    training_times: tuple[str, ...] | None = None
    time_zone: str | None = None


@dataclass(frozen=True)
class SetRecord:
    """One logged set with the day of its session, as a person corrects it."""

    id: int
    started_at: datetime
    exercise: str
    side: Side | None
    direction: Direction | None
    set_number: int
    reps_done: int
    reps_target: int
    effort: int | None
    pain: int | None
    note: str
    completed: bool = True
    stop_reason: str = ""
    uid: str = ""

    @property
    def log(self) -> SetLog:
        return SetLog(
            exercise=self.exercise, side=self.side, direction=self.direction,
            reps_done=self.reps_done, reps_target=self.reps_target, set_number=self.set_number,
            effort=self.effort, pain=self.pain, note=self.note, completed=self.completed,
            stop_reason=self.stop_reason,
        )  # fmt: skip


@dataclass(frozen=True)
class StoredSession:
    """A logged session with its sets, oldest set first."""

    id: int
    uid: str
    started_at: datetime
    ended_at: datetime | None = None
    source: str = "coach"
    note: str = ""
    plan_week: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    sets: tuple[SetRecord, ...] = ()

    @property
    def log(self) -> SessionLog:
        return SessionLog(
            started_at=self.started_at, ended_at=self.ended_at, source=self.source,
            note=self.note, plan_week=self.plan_week, sets=[x.log for x in self.sets],
        )  # fmt: skip


@dataclass(frozen=True)
class OutcomeRecord:
    """One of the person's own outcome notes (squat 1RM, 5 km time, pain...)."""

    id: int
    recorded_at: datetime
    kind: str
    value: float | None
    unit: str
    note: str
    uid: str = ""


@dataclass(frozen=True)
class Outcome:
    """An outcome note as the progress report shows it."""

    recorded_at: datetime
    kind: str
    value: float | None
    unit: str
    note: str
    id: int | None = None
