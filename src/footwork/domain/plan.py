"""A personal programme from an assessment: exercises per foot, dose, emphasis and reasons.

Rules (each one adds a readable reason):
- Everyone does the three exercises at the method's base dose.
- A big toe below the 65° target, or a restricted ankle, adds a Heel Circle set on that foot.
- A clear side difference in the lunge test adds a Heel Circle set on the tighter side.
- A flat arch adds a Banded Squat mini-set each day; a high arch adds an Outward Roll set.
- Progression (the rules are data in ``footwork.domain.progression``): every two weeks one
  stage up, if the last week was mostly done and pain stayed low; a pain rating of 5 or more
  holds the base dose and shows the easier version.
- Re-test after four weeks: arch changes from foot training appear after about 4-5 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from footwork.domain.assessment import AssessmentReport
from footwork.domain.exercises import (
    BANDED_SQUAT,
    EXERCISES,
    HEEL_CIRCLE,
    OUTWARD_ROLL,
    Dose,
    Exercise,
    with_extra_bout,
    with_extra_set,
)  # fmt: skip
from footwork.domain.measures import KINDS, MeasureKind
from footwork.domain.norms import BIG_TOE_TARGET_DEG, LUNGE_FLAG_DEG, AnkleBand, BigToeBand, deg
from footwork.domain.norms import ArchCategory as Arch
from footwork.domain.progression import RETEST_AFTER, Recent, count_word, stage_for
from footwork.domain.sides import Side

__all__ = ["Plan", "PlanItem", "Recent", "build_plan", "dose_lines", "stage_for"]

SESSIONS_PER_WEEK = 7


@dataclass
class PlanItem:
    exercise: Exercise
    dose_by_side: dict[Side, Dose]
    reasons: list[str]
    stage: int
    regression_advised: bool = False
    # The coach's words on this item (team mode), newest first; also first in ``reasons``.
    from_coach: list[str] = field(default_factory=list)

    @property
    def emphasis(self) -> list[Side]:
        base = min(d.sets * d.bouts_per_day for d in self.dose_by_side.values())
        return [s for s, d in self.dose_by_side.items() if d.sets * d.bouts_per_day > base]


@dataclass
class Plan:
    start: date
    week: int
    items: list[PlanItem]
    retest_on: date
    sessions_per_week: int
    notes: list[str] = field(default_factory=list)
    # Exercises the coach paused (team mode): not trained until resumed, shown with the reason.
    paused: list[PlanItem] = field(default_factory=list)

    def item(self, key: str) -> PlanItem:
        return next(i for i in self.items if i.exercise.key == key)

    def find(self, key: str) -> PlanItem | None:
        """The exercise's item, or None when it is not trained now (paused by the coach)."""
        return next((i for i in self.items if i.exercise.key == key), None)


def dose_lines(item: PlanItem) -> list[tuple[Side | None, str]]:
    """The dose as people read it: one sentence "on each foot" when both feet get the same,
    else one sentence per foot, worded for that foot alone.
    """
    doses = item.dose_by_side
    if len({d.describe() for d in doses.values()}) == 1:
        return [(None, next(iter(doses.values())).describe())]
    return [(side, d.describe(each_foot=False)) for side, d in doses.items()]


def build_plan(
    report: AssessmentReport, start: date, week: int = 1, recent: Recent | None = None
) -> Plan:
    recent = recent or Recent()
    stage, regress, stage_reason = stage_for(week, recent)
    items = [_base_item(e, stage, regress, stage_reason) for e in EXERCISES.values()]
    plan = Plan(
        start=start,
        week=week,
        items=items,
        retest_on=start + RETEST_AFTER,
        sessions_per_week=SESSIONS_PER_WEEK,
    )
    _emphasise_toe_and_ankle(plan, report)
    _emphasise_arch(plan, report)
    if report.is_empty:
        plan.notes.append(
            "No measurements yet: this is the standard programme. Measure your feet (big toe, "
            "ankle and arch) to make it yours."
        )
    plan.notes.append(
        f"Re-test after {count_word(RETEST_AFTER.days // 7)} weeks: changes in the arch from "
        "foot training showed up after about 4-5 weeks in trials."
    )
    return plan


def _base_item(ex: Exercise, stage: int, regress: bool, stage_reason: str) -> PlanItem:
    dose = ex.dose_at(stage)
    reasons = [ex.dose_reason, stage_reason]
    if stage > 0:
        reasons.append(
            "Progression: " + ex.progression_text[min(stage, len(ex.progression_text)) - 1]
        )
    if regress:
        reasons.append("Easier version: " + ex.regression)
    return PlanItem(ex, {Side.LEFT: dose, Side.RIGHT: dose}, reasons, stage, regress)


def _emphasise_toe_and_ankle(plan: Plan, report: AssessmentReport) -> None:
    circle = plan.item(HEEL_CIRCLE.key)
    extra: dict[Side, list[str]] = {}
    stiff = (BigToeBand.BELOW_TARGET, BigToeBand.VERY_STIFF)
    for side in report.sides_in_band(MeasureKind.BIG_TOE_EXTENSION, stiff):
        f = report.finding(MeasureKind.BIG_TOE_EXTENSION, side)
        extra.setdefault(side, []).append(
            f"{side.value} big toe at {f.value:.0f}°, below the {deg(BIG_TOE_TARGET_DEG)} target"
            if f
            else ""
        )
    for side in report.sides_in_band(MeasureKind.ANKLE_DORSIFLEXION, [AnkleBand.RESTRICTED]):
        extra.setdefault(side, []).append(
            f"{side.value} ankle under the {deg(LUNGE_FLAG_DEG)} lunge flag"
        )
    for diff in report.side_differences:
        if (
            diff.kind in (MeasureKind.ANKLE_DORSIFLEXION, MeasureKind.LUNGE_DISTANCE)
            and diff.notable
        ):
            extra.setdefault(diff.tighter_side, []).append(
                f"{diff.tighter_side.value} ankle is tighter than the other by "
                f"{abs(diff.difference):.1f} {KINDS[diff.kind].unit.value} in the lunge test "
                "(more than measurement noise)"
            )
    for side, why in extra.items():
        circle.dose_by_side[side] = with_extra_set(circle.dose_by_side[side])
        circle.reasons.append(
            f"Extra Heel Circle set on the {side.value} foot: " + "; ".join(why) + "."
        )
    if report.sides_in_band(MeasureKind.BIG_TOE_EXTENSION, [BigToeBand.VERY_STIFF]):
        plan.notes.append(
            "A big toe that barely bends can be a joint problem rather than tightness: if it is "
            "painful or swollen, have it checked before training it hard."
        )


def _emphasise_arch(plan: Plan, report: AssessmentReport) -> None:
    flat = report.sides_in_band(MeasureKind.ARCH_INDEX, [Arch.FLAT])
    high = report.sides_in_band(MeasureKind.ARCH_INDEX, [Arch.HIGH])
    if flat:
        squat = plan.item(BANDED_SQUAT.key)
        for side in Side:
            squat.dose_by_side[side] = with_extra_bout(squat.dose_by_side[side])
        feet = " and ".join(s.value for s in flat)
        squat.reasons.append(
            f"One more Banded Squat mini-set a day: the {feet} arch index is in the flat band, "
            "and for flat feet arch strength work matters most."
        )
    if high:
        roll = plan.item(OUTWARD_ROLL.key)
        for side in high:
            roll.dose_by_side[side] = with_extra_set(roll.dose_by_side[side])
        feet = " and ".join(s.value for s in high)
        roll.reasons.append(
            f"An extra Outward Roll set on the {feet} foot: a high arch tends to be stiff, and "
            "this exercise stretches the sole."
        )
