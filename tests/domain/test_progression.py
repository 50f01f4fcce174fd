"""The progression rules as data: a table of sourced rules that ``stage_for`` applies, giving
exactly the stages and reasons the hand-written rules gave."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from footwork.domain import sources as S
from footwork.domain.limits import SCALE_MAX
from footwork.domain.progression import (
    PROGRESS_MAX_PAIN,
    PROGRESS_MIN_ADHERENCE,
    PROGRESSION,
    PROGRESSION_SOURCES,
    REGRESS_PAIN,
    WEEKS_PER_STAGE,
    Recent,
    stage_for,
)

RULES = {r.key: r for r in PROGRESSION}
KNOWN_SOURCES = {v for v in vars(S).values() if isinstance(v, S.Source)}


def reference_stage_for(week: int, recent: Recent) -> tuple[int, bool, str]:
    """The rules as they were written by hand before they became data (kept to pin them)."""
    if recent.max_pain is not None and recent.max_pain >= 5:
        return (0, True, f"Pain reached {recent.max_pain}/10 last week: staying at the base "
                "dose; use the easier version until it settles, and see a professional if it "
                "persists.")  # fmt: skip
    earned = (week - 1) // 2
    if earned == 0:
        return 0, False, "Weeks 1-2: the base dose while the movements become familiar."
    held = (recent.adherence is not None and recent.adherence < 0.7) or (
        recent.max_pain is not None and recent.max_pain > 3
    )
    if held:
        return (earned - 1, False, "Progression held back a stage: last week fewer than 70% of "
                "sessions were done or pain went above 3/10.")  # fmt: skip
    return earned, False, f"Week {week}: stage {earned} of the progression (every two weeks)."


@given(
    week=st.integers(1, 60),
    adherence=st.none() | st.floats(0, 1),
    pain=st.none() | st.integers(0, 10),
)
def test_the_table_gives_what_the_hand_written_rules_gave(week, adherence, pain):
    recent = Recent(adherence=adherence, max_pain=pain)
    assert stage_for(week, recent) == reference_stage_for(week, recent)


def test_the_thresholds_are_the_methods_numbers():
    assert (WEEKS_PER_STAGE, PROGRESS_MIN_ADHERENCE, PROGRESS_MAX_PAIN, REGRESS_PAIN) == (
        2, 0.7, 3, 5,
    )  # fmt: skip


def test_every_rule_has_a_known_source_and_a_unique_key_and_the_last_always_applies():
    assert len(RULES) == len(PROGRESSION)
    for rule in PROGRESSION:
        assert rule.sources and set(rule.sources) <= KNOWN_SOURCES, rule.key
    last = PROGRESSION[-1]
    assert last.applies(0, Recent(adherence=0.0, max_pain=10))
    assert set(PROGRESSION_SOURCES) == {s for r in PROGRESSION for s in r.sources}


def test_each_reason_says_the_thresholds_of_its_rule():
    held = RULES["hold-back"].describe(5, 1, Recent(adherence=0.5))
    assert f"fewer than {PROGRESS_MIN_ADHERENCE:.0%} of sessions" in held
    assert f"pain went above {PROGRESS_MAX_PAIN}/{SCALE_MAX}" in held
    assert "Weeks 1-2" in RULES["familiarise"].describe(1, 0, Recent())
    assert "(every two weeks)" in RULES["advance"].describe(3, 1, Recent())


def test_changing_a_rules_threshold_changes_both_what_it_does_and_what_it_says():
    stricter = replace(RULES["hold-back"], adherence_below=0.8, pain_above=2)
    rules = tuple(stricter if r.key == "hold-back" else r for r in PROGRESSION)
    recent = Recent(adherence=0.75, max_pain=0)
    assert stage_for(3, recent)[0] == 1  # 75% is enough for the method's rule
    stage, regress, why = stage_for(3, recent, rules)
    assert (stage, regress) == (0, False)
    assert "fewer than 80% of sessions" in why and "above 2/10" in why


def test_a_rule_applies_when_any_of_its_conditions_holds():
    rule = RULES["hold-back"]
    assert rule.applies(1, Recent(adherence=0.5, max_pain=0))
    assert rule.applies(1, Recent(adherence=1.0, max_pain=4))
    assert not rule.applies(1, Recent(adherence=1.0, max_pain=3))
    assert not rule.applies(1, Recent())  # nothing known about last week: no reason to hold
