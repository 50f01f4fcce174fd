"""Builders for real domain objects used across the tests (no fakes of footwork code)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from footwork.domain.assessment import AssessmentReport, assess
from footwork.domain.measures import KINDS, MeasureKind, Measurement, Method, NewMeasurement
from footwork.domain.measures import validate as validate_measurement
from footwork.domain.plan import Plan, Recent, build_plan
from footwork.domain.sides import Side

START = date(2026, 11, 2)
NOON = datetime(2026, 11, 2, 12, 0)

_DEFAULT_METHOD = {
    MeasureKind.BIG_TOE_EXTENSION: Method.GONIOMETER,
    MeasureKind.ANKLE_DORSIFLEXION: Method.INCLINOMETER,
    MeasureKind.LUNGE_DISTANCE: Method.TAPE,
    MeasureKind.ARCH_INDEX: Method.FOOTPRINT,
}


def measurement(
    kind: MeasureKind,
    side: Side,
    value: float,
    *,
    method: Method | None = None,
    taken_at: datetime = NOON,
    days_later: int = 0,
) -> Measurement:
    """A validated measurement in the kind's own unit (so the builder cannot make nonsense)."""
    spec = KINDS[kind]
    new = NewMeasurement(
        kind=kind,
        side=side,
        value=value,
        unit=spec.unit,
        method=method or _DEFAULT_METHOD.get(kind, spec.methods[0]),
        taken_at=taken_at + timedelta(days=days_later),
    )
    return validate_measurement(new, today=new.taken_at.date())


def big_toe(side: Side, degrees: float, **kw) -> Measurement:
    return measurement(MeasureKind.BIG_TOE_EXTENSION, side, degrees, **kw)


def ankle(side: Side, degrees: float, **kw) -> Measurement:
    return measurement(MeasureKind.ANKLE_DORSIFLEXION, side, degrees, **kw)


def lunge_cm(side: Side, cm: float, **kw) -> Measurement:
    return measurement(MeasureKind.LUNGE_DISTANCE, side, cm, **kw)


def arch(side: Side, index: float, **kw) -> Measurement:
    return measurement(MeasureKind.ARCH_INDEX, side, index, **kw)


def typical_feet() -> list[Measurement]:
    """Both feet at target on every core test: the plan should add nothing."""
    return [m for side in Side for m in (big_toe(side, 70), ankle(side, 40), arch(side, 0.23))]


def report(*measurements: Measurement) -> AssessmentReport:
    return assess(list(measurements))


def plan_for(
    *measurements: Measurement, week: int = 1, recent: Recent | None = None, start: date = START
) -> Plan:
    return build_plan(assess(list(measurements)), start, week=week, recent=recent)
