"""The JSON API's shapes: what a client sends (``...Create``) is kept apart from what it gets
back (``...Public``). Domain rules (ranges, units, methods) are checked by the domain itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SideName = Literal["left", "right"]
DirectionName = Literal["clockwise", "counter-clockwise"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonCreate(_In):
    name: str = Field(min_length=1, max_length=120, examples=["Sam"])
    sport: str = Field(default="", max_length=200, examples=["powerlifting"])
    goals: str = Field(default="", max_length=1000, examples=["squat deeper without knee pain"])


class PersonPublic(BaseModel):
    name: str
    sport: str
    goals: str
    plan_start: date | None


class MeasurementCreate(_In):
    kind: str = Field(examples=["big-toe-extension"], description="A measure, e.g. arch-index.")
    side: SideName
    value: float = Field(examples=[48])
    unit: str | None = Field(default=None, description="Default: the measure's own unit.")
    method: str | None = Field(default=None, description="Default: the measure's first method.")
    taken_at: datetime | None = None
    note: str = Field(default="", max_length=2000)


class MeasurementPublic(BaseModel):
    id: int | None
    kind: str
    side: str
    value: float
    unit: str
    method: str
    taken_at: datetime
    note: str


class FindingPublic(BaseModel):
    kind: str
    title: str
    side: str
    value: float
    unit: str
    method: str
    band: str | None
    meaning: str
    target: float | None
    gap_to_target: float | None
    mdc: float | None
    evidence: str
    sources: list[str]


class SideDifferencePublic(BaseModel):
    kind: str
    left: float
    right: float
    difference: float
    threshold: float | None
    notable: bool


class AssessmentPublic(BaseModel):
    person: str
    findings: list[FindingPublic]
    side_differences: list[SideDifferencePublic]
    missing: list[dict[str, str]]
    note: str


class DosePublic(BaseModel):
    text: str
    sets: int
    reps: int
    reps_max: int | None
    per: str
    bouts_per_day: int
    stop_rule: str
    out_s: float
    hold_s: float
    back_s: float


class PlanItemPublic(BaseModel):
    exercise: str
    name: str
    purpose: str
    stage: int
    dose: dict[str, DosePublic]
    reasons: list[str]
    regression_advised: bool
    regression: str


class PlanPublic(BaseModel):
    person: str
    start: date
    week: int
    retest_on: date
    sessions_per_week: int
    items: list[PlanItemPublic]
    notes: list[str]


class ExercisePublic(BaseModel):
    key: str
    name: str
    purpose: str
    equipment: str
    setup: list[str]
    steps: list[str]
    dose: str
    dose_reason: str
    cues: list[str]
    faults: list[str]
    regression: str


class DemonstrationPhasePublic(BaseModel):
    """One named, timed part of a demonstration: frames ``start`` up to ``end``."""

    kind: str
    label: str
    seconds: float
    start: int
    end: int
    side: str | None = Field(description="the foot that moves; none when both legs work")
    direction: str | None = None
    trace: int | None = Field(None, description="the joint whose path is drawn as an arrow")


class DemonstrationPublic(BaseModel):
    exercise: str
    caption: str
    view: str
    fps: float
    box: list[float]
    joints: list[str]
    bones: list[list[int | str]]
    frames: list[list[list[float]]]
    phases: list[DemonstrationPhasePublic]
    colours: dict[str, str] = Field(description="the colour of each side, the same in every demo")


class StepPublic(BaseModel):
    kind: str
    exercise: str
    name: str
    seconds: float
    cue: str
    side: str | None
    direction: str | None
    set_number: int
    rep: int
    reps_total: int
    phase: str = Field(description="The name shown above the timer: 'Roll out', 'Down'...")
    spoken: str = Field(description="What the voice says as the step starts.")
    sets_total: int = Field(description="Mini-sets planned for the day (Banded Squat), else 0.")
    rep_ends: bool = Field(description="The rep's last phase: when it runs out, the rep is done.")


class SessionStart(_In):
    plan_week: int | None = Field(default=None, ge=1)


class SessionStarted(BaseModel):
    token: str
    person: str | None


class SetCreate(_In):
    exercise: str = Field(examples=["outward-roll"])
    side: SideName | None = None
    direction: DirectionName | None = None
    set_number: int = Field(default=1, ge=1, le=20)
    reps_done: int = Field(ge=0, le=200)
    reps_target: int = Field(ge=0, le=200)
    effort: int | None = Field(default=None, description="0 (none) to 10 (hardest)")
    pain: int | None = Field(default=None, description="0 (none) to 10 (worst)")
    note: str = Field(default="", max_length=2000)
    completed: bool = True
    stop_reason: str = Field(default="", max_length=120)


class SessionFinish(_In):
    note: str = Field(default="", max_length=2000)


class SessionFinished(BaseModel):
    person: str


class OutcomeCreate(_In):
    kind: str = Field(min_length=1, max_length=60, examples=["squat-1rm"])
    value: float | None = None
    unit: str | None = None
    note: str = Field(default="", max_length=2000)
    recorded_at: datetime | None = None


class OutcomePublic(BaseModel):
    recorded_at: datetime
    kind: str
    value: float | None
    unit: str
    note: str


class PointPublic(BaseModel):
    taken_at: datetime
    value: float


class SeriesPublic(BaseModel):
    kind: str
    side: str
    method: str
    unit: str
    target: float | None
    mdc: float | None
    verdict: str
    points: list[PointPublic]


class AdherencePublic(BaseModel):
    window_days: int
    planned_days: int
    done_days: int
    rate: float
    current_streak: int
    longest_streak: int
    last_session: date | None


class ProgressPublic(BaseModel):
    person: str
    today: date
    series: list[SeriesPublic]
    adherence: AdherencePublic
    session_days: list[date]
    outcomes: list[OutcomePublic]


class ImportPreviewPublic(BaseModel):
    applied: bool
    people_new: list[str]
    people_existing: list[str]
    new: dict[str, int]
    duplicate: dict[str, int]


class JobPublic(BaseModel):
    """A background analysis: ``interrupted`` means the server stopped while it ran and it will
    start again; ``failed`` comes with why (``message``) and what to do (``hint``)."""

    id: str
    status: Literal["queued", "running", "done", "failed", "interrupted"]
    stage: str
    done: int
    total: int
    fraction: float
    message: str
    hint: str = ""
    file_name: str = ""
    attempts: int = 0


class PhotoAnglePublic(BaseModel):
    source: str
    preset: str
    measure: str | None
    side: str | None
    value_deg: float
    interior_deg: float | None
    definition: str
    points: list[list[float]]
    annotated: str
    saved: list[MeasurementPublic]


class FootprintPublic(BaseModel):
    report: dict[str, Any]
    overlay: str | None
    saved: list[MeasurementPublic]


class AnalysisStarted(BaseModel):
    id: str
    job: str
    result: str


class PointSuggestionPublic(BaseModel):
    points: list[list[float]]
    angle_deg: float
    warnings: list[str]
