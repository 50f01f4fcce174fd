"""The public shape of each resource, shared by the JSON API and every ``--json`` output. What a
client sends (``...Create``) is kept apart from what it gets back (``...Public``). Domain rules
(ranges, units, methods) are checked by the domain itself.

Each ``..._public`` function below is the one place a domain object becomes its public model,
and ``to_json`` the one place a public model becomes JSON text: the API's responses and the
command line's ``--json`` both go through them, so the same resource reads the same byte for
byte in both.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from footwork.domain import limits as L
from footwork.domain.jobs import JobStatus
from footwork.domain.measures import KINDS, Measurement
from footwork.domain.norms import NORMS
from footwork.domain.progress import DONE_RULE

if TYPE_CHECKING:
    from footwork.domain.assessment import AssessmentReport
    from footwork.domain.plan import Plan, PlanItem
    from footwork.domain.records import Outcome, OutcomeRecord, Person
    from footwork.services.people import Profile
    from footwork.services.pictures import FootprintReport, PhotoAngleResult
    from footwork.services.progress import ProgressReport
    from footwork.services.transfer import ImportPreview

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
    side: SideName
    value: float
    unit: str
    method: str
    taken_at: datetime
    note: str
    source: str = Field("", description="The photo or clip it was measured on, if any.")


class FindingPublic(BaseModel):
    kind: str
    title: str
    side: SideName
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


class MissingPublic(BaseModel):
    """A test not done yet on one foot."""

    kind: str
    side: SideName


class AssessmentPublic(BaseModel):
    person: str
    findings: list[FindingPublic]
    side_differences: list[SideDifferencePublic]
    missing: list[MissingPublic]
    note: str


class TempoPublic(BaseModel):
    """Seconds of each phase of one rep."""

    out: float
    hold: float
    back: float


class DosePublic(BaseModel):
    sets: int
    reps: int
    reps_max: int | None
    per: str
    bouts_per_day: int
    stop_rule: str
    tempo_s: TempoPublic
    text: str


class PlanItemPublic(BaseModel):
    exercise: str
    name: str
    purpose: str
    stage: int
    emphasis: list[str] = Field(description="The feet given more than the other foot.")
    dose: dict[str, DosePublic] = Field(description="The dose for each foot.")
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
    times: str = Field(description="Training times: the session, then each further mini-set.")
    time_zone: str = Field(description="The time zone of the training times (IANA name).")


class PlanWritten(PlanPublic):
    """The plan with the calendar file just written beside it."""

    ics: str


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
    side: SideName | None = Field(description="the foot that moves; none when both legs work")
    direction: DirectionName | None = None
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
    side: SideName | None
    direction: DirectionName | None
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


class ChangePublic(BaseModel):
    delta: float = Field(description="Latest minus first value.")
    mdc: float | None = Field(description="The smallest change larger than measurement error.")
    is_real: bool | None = Field(description="Larger than the measurement error; none: unknown.")


class SeriesPublic(BaseModel):
    kind: str
    side: SideName
    method: str
    unit: str
    target: float | None
    mdc: float | None
    points: list[PointPublic]
    change: ChangePublic | None
    verdict: str


class AdherencePublic(BaseModel):
    window_days: int
    planned_days: int
    done_days: int
    rate: float
    current_streak: int
    longest_streak: int
    last_session: date | None
    partial_days: int
    done_rule: str


class ProgressPublic(BaseModel):
    person: str
    today: date
    series: list[SeriesPublic]
    adherence: AdherencePublic
    session_days: list[date]
    outcomes: list[OutcomePublic]


class ProgressCharted(ProgressPublic):
    """The progress report with the chart file drawn beside it (none when none was asked)."""

    chart: str | None


class ImportPreviewPublic(BaseModel):
    applied: bool
    people_new: list[str]
    people_existing: list[str]
    new: dict[str, int]
    duplicate: dict[str, int]
    total_new: int


class ImportPreviewOfFile(ImportPreviewPublic):
    """An import with the file it read."""

    source: str


class JobPublic(BaseModel):
    """A background analysis: ``interrupted`` means the server stopped while it ran and it will
    start again; ``failed`` comes with why (``message``) and what to do (``hint``)."""

    id: str
    status: JobStatus
    stage: str
    done: int
    total: int
    fraction: float
    message: str
    hint: str = ""
    file_name: str = ""
    attempts: int = 0
    worker: str = Field("", description="who runs or ran it (host:process id)")


class PhotoAnglePublic(BaseModel):
    source: str
    preset: str
    measure: str | None
    side: SideName | None
    value_deg: float
    interior_deg: float | None
    definition: str
    points: list[list[float]]
    annotated: str | None = Field(description="The picture with the angle drawn on it.")
    saved: list[MeasurementPublic]


class FootprintPublic(BaseModel):
    report: dict[str, Any] = Field(description="Scale, cut-offs and each foot's indices.")
    overlay: str | None = Field(description="The picture with each foot's measures drawn.")
    saved: list[MeasurementPublic]


class AnalysisStarted(BaseModel):
    id: str
    job: str
    result: str


class PointSuggestionPublic(BaseModel):
    points: list[list[float]]
    angle_deg: float
    warnings: list[str]


# One JSON text ------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    """A public model (or a list or dict of them) as plain JSON data; plain data as it is."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def to_json(value: Any) -> str:
    """The JSON text of a public model, a list of them or their plain data: indented by two
    spaces, non-ASCII kept as it is. The API's responses and ``--json`` both print this."""
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False, allow_nan=False)


# From domain objects to public models ------------------------------------------------------


def person_public(p: Person | Profile) -> PersonPublic:
    return PersonPublic(name=p.name, sport=p.sport, goals=p.goals, plan_start=p.plan_start)


def measurement_public(m: Measurement) -> MeasurementPublic:
    return MeasurementPublic(
        id=m.id, kind=m.kind.value, side=m.side.value, value=m.value, unit=m.unit.value,
        method=m.method.value, taken_at=m.taken_at, note=m.note, source=m.source,
    )  # fmt: skip


def assessment_public(name: str, r: AssessmentReport) -> AssessmentPublic:
    return AssessmentPublic(
        person=name,
        findings=[
            FindingPublic(
                kind=f.kind.value, title=f.title, side=f.side.value, value=f.value, unit=f.unit,
                method=f.method, band=f.band, meaning=f.meaning, target=f.target,
                gap_to_target=f.gap_to_target, mdc=f.mdc, evidence=f.evidence,
                sources=list(f.sources),
            )
            for f in r.findings
        ],
        side_differences=[
            SideDifferencePublic(kind=d.kind.value, left=d.left, right=d.right,
                                 difference=d.difference, threshold=d.threshold,
                                 notable=d.notable)
            for d in r.side_differences
        ],
        missing=[MissingPublic(kind=k.value, side=s.value) for k, s in r.missing],
        note=r.note,
    )  # fmt: skip


def plan_public(person: str, p: Plan, times: str, time_zone: str) -> PlanPublic:
    return PlanPublic(
        person=person, start=p.start, week=p.week, retest_on=p.retest_on,
        sessions_per_week=p.sessions_per_week, items=[_item_public(i) for i in p.items],
        notes=p.notes, times=times, time_zone=time_zone,
    )  # fmt: skip


def _item_public(i: PlanItem) -> PlanItemPublic:
    dose = {
        side.value: DosePublic(
            sets=d.sets, reps=d.reps, reps_max=d.reps_max, per=d.per.value,
            bouts_per_day=d.bouts_per_day, stop_rule=d.stop_rule,
            tempo_s=TempoPublic(out=d.tempo.out_s, hold=d.tempo.pause_s, back=d.tempo.back_s),
            text=d.describe(each_foot=False),
        )
        for side, d in i.dose_by_side.items()
    }  # fmt: skip
    ex = i.exercise
    return PlanItemPublic(
        exercise=ex.key, name=ex.name, purpose=ex.purpose, stage=i.stage,
        emphasis=[s.value for s in i.emphasis], dose=dose, reasons=i.reasons,
        regression_advised=i.regression_advised, regression=ex.regression,
    )  # fmt: skip


def outcome_public(o: Outcome | OutcomeRecord) -> OutcomePublic:
    return OutcomePublic(
        id=o.id, recorded_at=o.recorded_at, kind=o.kind, value=o.value, unit=o.unit, note=o.note
    )


def progress_public(rep: ProgressReport) -> ProgressPublic:
    a = rep.adherence
    return ProgressPublic(
        person=rep.person, today=rep.today, session_days=rep.session_days,
        series=[
            SeriesPublic(
                kind=s.kind.value, side=s.side.value, method=s.method.value,
                unit=KINDS[s.kind].unit.value, target=s.target,
                mdc=(m.value if (m := NORMS[s.kind].mdc_for(s.method)) else None),
                points=[PointPublic(taken_at=p.taken_at, value=p.value) for p in s.points],
                change=None if s.change is None else ChangePublic(
                    delta=s.change.delta, mdc=s.change.mdc, is_real=s.change.is_real),
                verdict=s.verdict,
            )
            for s in rep.series
        ],
        adherence=AdherencePublic(
            window_days=a.window_days, planned_days=a.planned_days, done_days=a.done_days,
            rate=round(a.rate, 3), current_streak=a.current_streak,
            longest_streak=a.longest_streak, last_session=a.last_session,
            partial_days=a.partial_days, done_rule=DONE_RULE,
        ),
        outcomes=[outcome_public(o) for o in rep.outcomes],
    )  # fmt: skip


def photo_angle_public(
    result: PhotoAngleResult, saved: list[Measurement], annotated: str | None
) -> PhotoAnglePublic:
    """``annotated``: where the drawn picture is, as the reader reaches it (a file, a URL)."""
    data = result.to_dict() | {"annotated": annotated}
    return PhotoAnglePublic(**data, saved=[measurement_public(m) for m in saved])


def footprint_public(
    report: FootprintReport,
    saved: list[Measurement],
    overlay: str | None,
    source: str | None = None,
) -> FootprintPublic:
    """``overlay``: where the drawn picture is, as the reader reaches it; ``source``: the
    picture's name as the person knows it."""
    # The report's own picture path is where this process wrote it: a reader gets ``overlay``.
    data = report.to_dict() | {"annotated": overlay} | ({"source": source} if source else {})
    return FootprintPublic(
        report=data, overlay=overlay, saved=[measurement_public(m) for m in saved]
    )


def import_preview_public(result: ImportPreview) -> ImportPreviewPublic:
    return ImportPreviewPublic(
        applied=result.applied, people_new=result.people_new,
        people_existing=result.people_existing, new=result.new, duplicate=result.duplicate,
        total_new=result.total_new,
    )  # fmt: skip
