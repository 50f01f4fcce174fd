"""Footprint analysis against generated prints whose indices are known exactly.

The generator computes its truth on the ideal foot raster (heel-centre → second-toe axis, toes
excluded); the analyser only sees the rendered photo (rotation, perspective, ink texture,
uneven light, paper colour, JPEG).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from footwork.domain.arch import ARCH_INDEX_BANDS, classify_arch_index
from footwork.domain.sides import Side
from footwork.synth.footprint import FootTruth, random_photo
from footwork.vision.pictures.footprint import PrintAnalysis
from footwork.vision.pictures.footprint_photo import FootprintPhoto, analyse_photo

BATCH = range(40)
SHEET_BATCH = range(100, 112)
PAIR_BATCH = range(200, 206)


@dataclass(frozen=True)
class Pair:
    truth: FootTruth
    seen: PrintAnalysis
    photo: FootprintPhoto

    @property
    def side(self) -> Side:
        return Side.LEFT if self.seen.side.medial_sign > 0 else Side.RIGHT


def _pairs(seeds: range, **scene: bool) -> list[Pair]:
    pairs = []
    for seed in seeds:
        photo = random_photo(seed, **scene)
        seen = analyse_photo(photo.image)
        assert len(seen.prints) == len(photo.feet), f"seed {seed}"
        pairs += [Pair(t, s, seen) for t, s in zip(photo.feet, seen.prints, strict=True)]
    return pairs


@pytest.fixture(scope="module")
def single_feet() -> list[Pair]:
    return _pairs(BATCH)


@pytest.fixture(scope="module")
def feet_on_a4() -> list[Pair]:
    return _pairs(SHEET_BATCH, sheet_visible=True)


@pytest.fixture(scope="module")
def pairs_of_feet() -> list[Pair]:
    return _pairs(PAIR_BATCH, both_feet=True)


@pytest.mark.slow
def test_the_batch_spans_high_normal_and_flat_arches(single_feet: list[Pair]) -> None:
    categories = {classify_arch_index(p.truth.arch_index) for p in single_feet}
    assert len(categories) == 3
    assert {p.truth.side for p in single_feet} == {Side.LEFT, Side.RIGHT}


def test_arch_index_is_within_001_of_the_truth_on_nearly_every_print(
    single_feet: list[Pair],
) -> None:
    errors = np.array([abs(p.seen.arch_index - p.truth.arch_index) for p in single_feet])
    assert (errors <= 0.01).mean() >= 0.95, errors.round(4)
    assert np.median(errors) < 0.004


def test_category_is_right_away_from_the_cut_offs(single_feet: list[Pair]) -> None:
    edges = (ARCH_INDEX_BANDS.high_at_most, ARCH_INDEX_BANDS.flat_at_least)
    clear = [p for p in single_feet if min(abs(p.truth.arch_index - e) for e in edges) > 0.012]
    assert len(clear) >= 30
    wrong = [
        p.truth.arch_index
        for p in clear
        if classify_arch_index(p.seen.arch_index) != classify_arch_index(p.truth.arch_index)
    ]
    assert wrong == []


def test_left_and_right_feet_are_told_apart_from_their_shape(single_feet: list[Pair]) -> None:
    right = sum(p.side is p.truth.side for p in single_feet)
    assert right / len(single_feet) >= 0.95


def test_axis_runs_from_the_heel_centre_to_the_second_toe(single_feet: list[Pair]) -> None:
    cavanagh = [p for p in single_feet if p.seen.second_toe_tip is not None]
    assert len(cavanagh) / len(single_feet) >= 0.95


@pytest.mark.parametrize(
    ("index", "tolerance"),
    [("chippaux_smirak_pct", 3.0), ("staheli", 0.05), ("clarke_deg", 3.0)],
)
def test_width_and_angle_indices_follow_the_truth(
    single_feet: list[Pair], index: str, tolerance: float
) -> None:
    errors = np.array([abs(getattr(p.seen, index) - getattr(p.truth, index)) for p in single_feet])
    assert (errors <= tolerance).mean() >= 0.9, errors.round(2)


@pytest.mark.slow
def test_whole_a4_sheet_gives_foot_length_to_within_1_percent(feet_on_a4: list[Pair]) -> None:
    for p in feet_on_a4:
        assert p.photo.scale_source == "sheet A4"
        length = p.seen.full_length_px / p.photo.px_per_mm
        assert length == pytest.approx(p.truth.length_mm, rel=0.01)
        width = p.seen.max_width_px / p.photo.px_per_mm
        assert width == pytest.approx(p.truth.width_mm, rel=0.03)


def test_rectified_sheet_keeps_the_arch_index(feet_on_a4: list[Pair]) -> None:
    errors = [abs(p.seen.arch_index - p.truth.arch_index) for p in feet_on_a4]
    assert max(errors) <= 0.01


@pytest.mark.slow
def test_two_feet_on_one_photo_are_both_measured_and_named(pairs_of_feet: list[Pair]) -> None:
    assert [p.side for p in pairs_of_feet] == [p.truth.side for p in pairs_of_feet]
    errors = [abs(p.seen.arch_index - p.truth.arch_index) for p in pairs_of_feet]
    assert max(errors) <= 0.01
