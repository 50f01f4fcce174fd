"""How a plan climbs its stages, as data: each rule says when it applies, which stage it gives,
whether to show the easier version, why (the sentence shown next to the dose) and its sources.

The rules are tried in order and the first that applies wins (``stage_for``):

1. pain of 5/10 or more last week: back to the base dose, with the easier version;
2. weeks 1-2: the base dose while the movements become familiar;
3. last week fewer than 70% of sessions done, or pain above 3/10: one stage below the earned one;
4. otherwise the earned stage: one stage up every two weeks.

A reason is a template filled from the rule's own thresholds, so the words always say the
numbers the rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from footwork.domain import sources as S
from footwork.domain.limits import SCALE_MAX
from footwork.domain.sources import Source

WEEKS_PER_STAGE = 2
PROGRESS_MIN_ADHERENCE = 0.7
PROGRESS_MAX_PAIN = 3
REGRESS_PAIN = 5
RETEST_AFTER = timedelta(weeks=4)

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """A small count as a word ("two"), larger ones as digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


@dataclass(frozen=True)
class Recent:
    """What happened last week, used for progression."""

    adherence: float | None = None  # share of planned days with a session, 0..1
    max_pain: int | None = None


class StageChoice(StrEnum):
    """The stage a rule gives, from the stage the weeks have earned."""

    BASE = "base"  # stage 0, the method's base dose
    ONE_BELOW = "one below"  # the earned stage less one
    EARNED = "earned"  # one stage per WEEKS_PER_STAGE weeks


@dataclass(frozen=True)
class StageRule:
    """One progression rule. It applies when any of its conditions holds (a rule with no
    condition always applies). ``reason`` is filled with ``week``, ``stage``, ``pain`` (last
    week's worst), ``scale_max``, ``weeks_per_stage`` (and ``weeks_per_stage_word``) and the
    rule's own thresholds."""

    key: str
    gives: StageChoice
    reason: str
    sources: tuple[Source, ...]
    pain_at_least: int | None = None  # last week's worst pain reached this
    pain_above: int | None = None  # last week's worst pain went above this
    adherence_below: float | None = None  # last week fewer than this share of sessions done
    before_first_stage: bool = False  # no stage earned yet (the first WEEKS_PER_STAGE weeks)
    regress: bool = False  # also advise the easier version

    def applies(self, earned: int, recent: Recent) -> bool:
        pain, done = recent.max_pain, recent.adherence
        checks = [
            (self.before_first_stage, earned == 0),
            (self.pain_at_least is not None,
             pain is not None and self.pain_at_least is not None and pain >= self.pain_at_least),
            (self.pain_above is not None,
             pain is not None and self.pain_above is not None and pain > self.pain_above),
            (self.adherence_below is not None,
             done is not None and self.adherence_below is not None and done < self.adherence_below),
        ]  # fmt: skip
        conditions = [holds for present, holds in checks if present]
        return any(conditions) if conditions else True

    def stage(self, earned: int) -> int:
        return {StageChoice.BASE: 0, StageChoice.ONE_BELOW: max(earned - 1, 0),
                StageChoice.EARNED: earned}[self.gives]  # fmt: skip

    def describe(self, week: int, stage: int, recent: Recent) -> str:
        values: dict[str, Any] = {
            "week": week,
            "stage": stage,
            "pain": recent.max_pain,
            "scale_max": SCALE_MAX,
            "weeks_per_stage": WEEKS_PER_STAGE,
            "weeks_per_stage_word": count_word(WEEKS_PER_STAGE),
            "pain_at_least": self.pain_at_least,
            "pain_above": self.pain_above,
            "adherence_below": self.adherence_below,
        }
        return self.reason.format(**values)


PROGRESSION: tuple[StageRule, ...] = (
    StageRule(
        key="pain-regress",
        gives=StageChoice.BASE,
        regress=True,
        pain_at_least=REGRESS_PAIN,
        reason=(
            "Pain reached {pain}/{scale_max} last week: staying at the base dose; use the "
            "easier version until it settles, and see a professional if it persists."
        ),
        sources=(S.TEAM,),
    ),
    StageRule(
        key="familiarise",
        gives=StageChoice.BASE,
        before_first_stage=True,
        reason="Weeks 1-{weeks_per_stage}: the base dose while the movements become familiar.",
        sources=(S.TEAM,),
    ),
    StageRule(
        key="hold-back",
        gives=StageChoice.ONE_BELOW,
        adherence_below=PROGRESS_MIN_ADHERENCE,
        pain_above=PROGRESS_MAX_PAIN,
        reason=(
            "Progression held back a stage: last week fewer than {adherence_below:.0%} of "
            "sessions were done or pain went above {pain_above}/{scale_max}."
        ),
        sources=(S.TEAM,),
    ),
    StageRule(
        key="advance",
        gives=StageChoice.EARNED,
        reason=(
            "Week {week}: stage {stage} of the progression (every {weeks_per_stage_word} weeks)."
        ),
        # Trials progress the dose over 4-8 weeks; the two-week step is the team's choice.
        sources=(S.TADDEI_2020, S.HARA_SR, S.MULLIGAN_2013, S.TEAM),
    ),
)

PROGRESSION_SOURCES: tuple[Source, ...] = tuple(
    dict.fromkeys(s for rule in PROGRESSION for s in rule.sources)
)


def earned_stage(week: int) -> int:
    """The stage the weeks alone have earned: one every WEEKS_PER_STAGE weeks."""
    return (week - 1) // WEEKS_PER_STAGE


def stage_for(
    week: int, recent: Recent, rules: tuple[StageRule, ...] = PROGRESSION
) -> tuple[int, bool, str]:
    """The progression stage for a plan week, whether to regress, and why."""
    earned = earned_stage(week)
    rule = next(r for r in rules if r.applies(earned, recent))
    stage = rule.stage(earned)
    return stage, rule.regress, rule.describe(week, stage, recent)
