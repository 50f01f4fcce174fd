"""The public shape of a coach's roster (``GET /api/coach/athletes``), in the style of
``schemas.py``: one model per resource and one function that makes it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from footwork.domain.coaching import FlagKind, MeasureLine
from footwork.domain.progress import DONE_RULE, Adherence
from footwork.services.coaching import AthleteRow
from footwork.services.schemas import ChangePublic, SideName


class WindowAdherencePublic(BaseModel):
    window_days: int
    planned_days: int
    done_days: int
    partial_days: int
    rate: float = Field(description="done days / planned days, 0..1")


class MeasureLinePublic(BaseModel):
    kind: str
    side: SideName
    method: str
    latest: float
    unit: str
    target: float | None
    at_target: bool | None = Field(description="none: the test has no target")
    change: ChangePublic | None = Field(description="since the first value; none: one so far")
    verdict: str


class FlagPublic(BaseModel):
    kind: FlagKind
    text: str


class AthleteRowPublic(BaseModel):
    name: str
    person: str = Field(description="the athlete's id: ?person= on their records")
    email: str
    last_session: date | None
    adherence_7: WindowAdherencePublic
    adherence_28: WindowAdherencePublic
    done_rule: str
    tests: list[MeasureLinePublic]
    flags: list[FlagPublic]


def _adherence(a: Adherence) -> WindowAdherencePublic:
    return WindowAdherencePublic(
        window_days=a.window_days, planned_days=a.planned_days, done_days=a.done_days,
        partial_days=a.partial_days, rate=round(a.rate, 3),
    )  # fmt: skip


def _test(t: MeasureLine) -> MeasureLinePublic:
    change = t.change
    return MeasureLinePublic(
        kind=t.kind.value, side=t.side.value, method=t.method.value, latest=t.latest,
        unit=t.unit, target=t.target, at_target=t.at_target, verdict=t.verdict,
        change=None if change is None else ChangePublic(
            delta=change.delta, mdc=change.mdc, is_real=change.is_real),
    )  # fmt: skip


def athlete_row_public(r: AthleteRow) -> AthleteRowPublic:
    return AthleteRowPublic(
        name=r.name, person=r.uid, email=r.email, last_session=r.last_session,
        adherence_7=_adherence(r.adherence_short), adherence_28=_adherence(r.adherence_long),
        done_rule=DONE_RULE, tests=[_test(t) for t in r.tests],
        flags=[FlagPublic(kind=f.kind, text=f.text) for f in r.flags],
    )  # fmt: skip
