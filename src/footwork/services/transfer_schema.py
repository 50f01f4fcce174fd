"""The export/import file format (pydantic models), version 1. See docs/export-format.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_NAME = "footwork-export"
FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeasurementIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    kind: str
    side: str
    value: float
    unit: str
    method: str
    taken_at: datetime
    note: str = ""
    source: str = ""
    details: dict[str, Any] = Field(default_factory=dict)


class SetIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    exercise: str
    side: str | None = None
    direction: str | None = None
    set_number: int = 1
    reps_done: int = Field(ge=0)
    reps_target: int = Field(ge=0)
    effort: int | None = Field(default=None, ge=0, le=10)
    pain: int | None = Field(default=None, ge=0, le=10)
    note: str = ""
    completed: bool = True
    stop_reason: str = ""


class SessionIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    started_at: datetime
    ended_at: datetime | None = None
    source: str = "coach"
    note: str = ""
    plan_week: int | None = None
    details: dict[str, Any] = Field(default_factory=dict)
    sets: list[SetIn] = Field(default_factory=list)


class OutcomeIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    recorded_at: datetime
    kind: str
    value: float | None = None
    unit: str = ""
    note: str = ""


class PersonIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    name: str = Field(min_length=1, max_length=120)
    sport: str = ""
    goals: str = ""
    created_at: datetime
    plan_start: date | None = None
    measurements: list[MeasurementIn] = Field(default_factory=list)
    sessions: list[SessionIn] = Field(default_factory=list)
    outcomes: list[OutcomeIn] = Field(default_factory=list)


class ExportFile(_Model):
    format: Literal["footwork-export"]
    version: Literal[1]
    exported_at: datetime
    people: list[PersonIn]
