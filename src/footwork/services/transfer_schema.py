"""The export/import file format (pydantic models), version 1. See docs/export-format.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from footwork.domain import limits as L

FORMAT_NAME = "footwork-export"
FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Numbers in a file are JSON numbers (not "48" or true), finite and bounded by the shared limits.
Number = Annotated[
    float, Strict(), Field(allow_inf_nan=False, ge=-L.NUMBER_ABS_MAX, le=L.NUMBER_ABS_MAX)
]
Count = Annotated[int, Strict(), Field(ge=0, le=L.REPS_MAX)]
Scale = Annotated[int, Strict(), Field(ge=L.SCALE_MIN, le=L.SCALE_MAX)]


class MeasurementIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    kind: str
    side: str
    value: Number
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
    set_number: Annotated[int, Strict(), Field(ge=1, le=L.SET_NUMBER_MAX)] = 1
    reps_done: Count
    reps_target: Count
    effort: Scale | None = None
    pain: Scale | None = None
    note: str = ""
    completed: bool = True
    stop_reason: str = ""


class SessionIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    started_at: datetime
    ended_at: datetime | None = None
    source: str = "coach"
    note: str = ""
    plan_week: Annotated[int, Strict(), Field(ge=1, le=L.PLAN_WEEK_MAX)] | None = None
    details: dict[str, Any] = Field(default_factory=dict)
    sets: list[SetIn] = Field(default_factory=list)


class OutcomeIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    recorded_at: datetime
    kind: str
    value: Number | None = None
    unit: str = ""
    note: str = ""


class PersonIn(_Model):
    uid: str = Field(min_length=1, max_length=36)
    name: str = Field(min_length=1, max_length=L.NAME_MAX_CHARS)
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
