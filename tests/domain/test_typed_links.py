"""Domain links are typed: plan rules name bands by enum members, messages are formatted from
the constants they mention, and an exercise's own early-stop rule is part of its data."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest
from builders import START, ankle, arch, big_toe, plan_for, report

from footwork.domain import plan as plan_module
from footwork.domain import progression
from footwork.domain.exercises import BANDED_SQUAT, EXERCISES
from footwork.domain.limits import SCALE_MAX
from footwork.domain.measures import MeasureKind
from footwork.domain.norms import (
    ARCH_INDEX_FLAT_MIN,
    ARCH_INDEX_HIGH_MAX,
    BIG_TOE_TARGET_DEG,
    HEALTHY_BANDS,
    LUNGE_FLAG_DEG,
    NORMS,
    AnkleBand,
    ArchCategory,
    BigToeBand,
    deg,
)
from footwork.domain.progress import tally_day
from footwork.domain.session import SetLog
from footwork.domain.sides import Side

L, R = Side.LEFT, Side.RIGHT
DOMAIN = Path(__file__).resolve().parents[2] / "src" / "footwork" / "domain"

# Bands --------------------------------------------------------------------------------------


def test_the_labels_people_see_are_unchanged():
    labels = {kind: [b.label for b in norm.bands] for kind, norm in NORMS.items() if norm.bands}
    assert labels == {
        MeasureKind.BIG_TOE_EXTENSION: ["very stiff", "below target", "at target"],
        MeasureKind.ANKLE_DORSIFLEXION: ["restricted", "typical"],
        MeasureKind.LUNGE_DISTANCE: ["short", "typical"],
        MeasureKind.ARCH_INDEX: ["high", "normal", "flat"],
        MeasureKind.CHIPPAUX_SMIRAK: ["high", "normal", "flat"],
        MeasureKind.CLARKE_ANGLE: ["flat", "normal", "high"],
        MeasureKind.NAVICULAR_DROP: ["normal", "flexible", "very flexible"],
    }


def test_a_finding_names_its_band_by_identity_and_reads_as_its_label():
    r = report(big_toe(L, 8), arch(R, 0.3))
    toe = r.finding(MeasureKind.BIG_TOE_EXTENSION, L)
    assert toe.band is BigToeBand.VERY_STIFF and f"{toe.band}" == "very stiff"
    assert r.finding(MeasureKind.ARCH_INDEX, R).band is ArchCategory.FLAT


@pytest.mark.parametrize(
    ("kind", "band"),
    [
        (MeasureKind.ARCH_INDEX, "flat"),  # a label, not a band: the old stringly rule
        (MeasureKind.ARCH_INDEX, "flta"),  # a misspelt label
        (MeasureKind.ARCH_INDEX, AnkleBand.TYPICAL),  # a band of another measure
        (MeasureKind.BIG_TOE_EXTENSION, ArchCategory.FLAT),
        (MeasureKind.STAHELI, ArchCategory.FLAT),  # a measure without bands
    ],
)
def test_asking_for_a_band_the_measure_does_not_have_raises(kind, band):
    r = report(arch(L, 0.3), big_toe(L, 40))
    with pytest.raises(ValueError, match="has no band"):
        r.sides_in_band(kind, [band])


def test_a_misspelt_band_member_fails_at_once():
    with pytest.raises(AttributeError):
        _ = BigToeBand.VERY_STIF  # type: ignore[attr-defined]


def test_arch_category_is_the_arch_index_bands_and_still_importable_from_arch():
    from footwork.domain.arch import ArchCategory as FromArch

    assert FromArch is ArchCategory
    assert [b.id for b in NORMS[MeasureKind.ARCH_INDEX].bands] == list(ArchCategory)


def test_the_healthy_bands_are_the_ones_charts_shaded_by_label():
    shaded = {b.label for n in NORMS.values() for b in n.bands if b.id in HEALTHY_BANDS}
    assert shaded == {"normal", "typical", "at target"}


# Messages from constants --------------------------------------------------------------------

# The prose each constant used to be repeated as; no user-visible string may spell it out.
SPELLED_CONSTANTS = {
    "BIG_TOE_TARGET_DEG": r"(?<![\d.])65 ?°",
    "LUNGE_FLAG_DEG": r"(?<![\d.])36\.5 ?°",
    "PROGRESS_MIN_ADHERENCE": r"(?<![\d.])70 ?%",
    "PROGRESS_MAX_PAIN": r"(?<![\d.])3/10",
    "SCALE_MAX": r"/10\b|\bto 10\b|\b10 the worst",
    "ARCH_INDEX_HIGH_MAX": r"(?<![\d.])0\.21(?!\d)",
    "ARCH_INDEX_FLAT_MIN": r"(?<![\d.])0\.26(?!\d)",
}
SCANNED = ("plan.py", "progression.py", "norms.py", "session.py", "assessment.py", "progress.py")


def _user_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring (f-string parts included)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]  # fmt: skip


def test_the_scan_finds_a_spelt_out_constant_but_not_a_docstring():
    source = '"""Below the 65° target."""\nx = f"below the 65° target {y}"\nz = "fewer than 70%"\n'
    found = [
        t for _, t in _user_strings(source) if re.search(SPELLED_CONSTANTS["BIG_TOE_TARGET_DEG"], t)
    ]
    assert found == ["below the 65° target "]


@pytest.mark.parametrize("module", SCANNED)
def test_no_message_spells_out_a_number_a_constant_holds(module):
    strings = _user_strings((DOMAIN / module).read_text(encoding="utf-8"))
    offenders = [
        (line, name, text)
        for line, text in strings
        for name, pattern in SPELLED_CONSTANTS.items()
        if re.search(pattern, text)
    ]
    assert offenders == []


def test_the_band_meanings_say_their_constants():
    toe = NORMS[MeasureKind.BIG_TOE_EXTENSION]
    assert toe.band(BigToeBand.AT_TARGET).meaning == f"meets the {deg(BIG_TOE_TARGET_DEG)} target"
    assert deg(BIG_TOE_TARGET_DEG) in toe.band(BigToeBand.BELOW_TARGET).meaning
    ankle_norm = NORMS[MeasureKind.ANKLE_DORSIFLEXION]
    assert ankle_norm.band(AnkleBand.TYPICAL).meaning == f"at or above {deg(LUNGE_FLAG_DEG)}"
    arch_norm = NORMS[MeasureKind.ARCH_INDEX]
    assert arch_norm.band(ArchCategory.NORMAL).meaning == (
        f"normal arch ({ARCH_INDEX_HIGH_MAX:g}-{ARCH_INDEX_FLAT_MIN:g})"
    )


def test_the_plan_reasons_follow_the_target_and_the_flag(monkeypatch):
    monkeypatch.setattr(plan_module, "BIG_TOE_TARGET_DEG", 60.0)
    monkeypatch.setattr(plan_module, "LUNGE_FLAG_DEG", 35.0)
    reasons = " ".join(plan_for(big_toe(L, 40), ankle(R, 30)).item("heel-circle").reasons)
    assert "below the 60° target" in reasons and "under the 35° lunge flag" in reasons
    assert "65°" not in reasons and "36.5°" not in reasons


def test_the_retest_note_follows_its_constant(monkeypatch):
    from datetime import timedelta

    monkeypatch.setattr(plan_module, "RETEST_AFTER", timedelta(weeks=6))
    plan = plan_for(start=START)
    assert any(n.startswith("Re-test after six weeks") for n in plan.notes)
    assert progression.count_word(4) == "four" and progression.count_word(12) == "12"


def test_the_pain_scale_message_says_the_scale():
    from footwork.domain.session import check_scale
    from footwork.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        check_scale("pain", SCALE_MAX + 1)
    assert f"from 0 to {SCALE_MAX}" in caught.value.message


# The exercise's own early stop --------------------------------------------------------------


def test_the_banded_squat_ends_early_when_the_band_slips_and_no_other_exercise_does():
    assert BANDED_SQUAT.early_stop == "band slipped"
    for ex in EXERCISES.values():
        doses = (ex.dose, *ex.progressions)
        # An early stop exists exactly where the dose text tells people about it.
        assert all(bool(d.stop_rule) == bool(ex.early_stop) for d in doses), ex.key


def test_a_set_ended_by_the_exercises_own_rule_counts_whatever_that_rule_is_called(monkeypatch):
    renamed = replace(BANDED_SQUAT, early_stop="band snapped")
    monkeypatch.setitem(EXERCISES, BANDED_SQUAT.key, renamed)
    plan = plan_for()
    assert plan.item(BANDED_SQUAT.key).exercise.early_stop == "band snapped"
    snapped = SetLog(
        BANDED_SQUAT.key, None, None, 2, 5, completed=False, stop_reason="band snapped"
    )
    slipped = SetLog(
        BANDED_SQUAT.key, None, None, 2, 5, completed=False, stop_reason="band slipped"
    )
    assert tally_day(START, plan, [snapped]).done_of(BANDED_SQUAT.key) == 1
    assert tally_day(START, plan, [slipped]).done_of(BANDED_SQUAT.key) == 0


def test_the_done_rule_names_the_early_stop_from_the_exercise_data(monkeypatch):
    from footwork.domain import progress

    assert progress.DONE_RULE == (
        "A day counts as done when every set of the plan is logged: each set with at least the "
        "planned reps (a Banded Squat mini-set also counts when the band slipped after at least "
        "one rep), and every Banded Squat mini-set of the day. A day with some sets is partial."
    )
    renamed = replace(BANDED_SQUAT, early_stop="band snapped")
    monkeypatch.setitem(EXERCISES, BANDED_SQUAT.key, renamed)
    assert "when the band snapped after at least one rep" in progress._done_rule()
