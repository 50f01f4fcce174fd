"""The public shape of each resource, shared by the JSON API and every ``--json`` output. What a
client sends (``...Create``) is kept apart from what it gets back (``...Public``). Domain rules
(ranges, units, methods) are checked by the domain itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from footwork.domain import limits as L

SideName = Literal["left", "right"]
DirectionName = Literal["clockwise", "counter-clockwise"]


# Numbers a client sends: JSON numbers only (no "48" strings, no true/false), finite and within
# the limits in footwork.domain.limits, so a huge or wrong-typed value is a 422, never a 500.
Number = Annotated[
    float, Strict(), Field(allow_inf_nan=False, ge=-L.NUMBER_ABS_MAX, le=L.NUMBER_ABS_MAX)
]
Scale = Annotated[int, Strict()]  # 0-10: the domain checks it, with its own message
Reps = Annotated[int, Strict(), Field(ge=0, le=L.REPS_MAX)]
Note = Annotated[str, Field(max_length=L.NOTE_MAX_CHARS)]
Name = Annotated[str, Field(min_length=1, max_length=L.NAME_MAX_CHARS)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonCreate(_In):
    name: Name = Field(examples=["Sam"])
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
    value: Number = Field(examples=[48])
    unit: str | None = Field(default=None, description="Default: the measure's own unit.")
    method: str | None = Field(default=None, description="Default: the measure's first method.")
    taken_at: datetime | None = Field(default=None, description="1900 to today; default now.")
    note: Note = ""


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
    plan_week: Annotated[int, Strict()] | None = Field(default=None, ge=1, le=L.PLAN_WEEK_MAX)


class SessionStarted(BaseModel):
    token: str
    person: str | None


class SetCreate(_In):
    exercise: str = Field(examples=["outward-roll"])
    side: SideName | None = None
    direction: DirectionName | None = None
    set_number: Annotated[int, Strict()] = Field(default=1, ge=1, le=L.SET_NUMBER_MAX)
    reps_done: Reps
    reps_target: Reps
    effort: Scale | None = Field(default=None, description="0 (none) to 10 (hardest)")
    pain: Scale | None = Field(default=None, description="0 (none) to 10 (worst)")
    note: Note = ""
    completed: Annotated[bool, Strict()] = True
    stop_reason: str = Field(default="", max_length=120)


class SessionFinish(_In):
    note: Note = ""


class SessionFinished(BaseModel):
    person: str


class OutcomeCreate(_In):
    kind: str = Field(min_length=1, max_length=L.OUTCOME_KIND_MAX_CHARS, examples=["squat-1rm"])
    value: Number | None = None
    unit: str | None = Field(
        default=None,
        description="One of: "
        + ", ".join(repr(u) for u in L.OUTCOME_UNITS)
        + f" ({L.OTHER_UNIT!r} is kept but not charted). Default: the outcome's usual unit.",
    )
    note: Note = ""
    recorded_at: datetime | None = Field(default=None, description="1900 to today; default now.")


class OutcomePublic(BaseModel):
    id: int | None = None
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
