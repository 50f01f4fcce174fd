"""Podoscope photos (light contact on a dark plate, both feet, seen from below) against
generated scenes whose indices are known exactly.

The generator (synth.footprint.podoscope_photo) computes the truth on the ideal foot raster;
the reader only sees the rendered photo: a tinted contact area, the off-glass skin as a dimmer
outline, toes as separate blobs, uneven light, stray glow on the plate, noise and JPEG.
The tolerances are those of the paper prints (tests/vision/test_footprint_accuracy.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from footwork.domain.arch import ARCH_INDEX_BANDS, classify_arch_index
from footwork.domain.sides import Side
from footwork.errors import RetakeNeeded
from footwork.synth.footprint import (
    FootTruth,
    Podoscope,
    SyntheticPhoto,
    podoscope_photo,
    random_foot,
    random_photo,
    render_podoscope,
)
from footwork.vision.pictures.footprint import PrintAnalysis
from footwork.vision.pictures.footprint_photo import FootprintPhoto, analyse_photo

SMALL_SET = (0,)  # one photo, two feet: the fast loop
BATCH = range(100, 130)  # 30 photos, 60 feet


@dataclass(frozen=True)
class Foot:
    truth: FootTruth
    seen: PrintAnalysis
    photo: FootprintPhoto
    scene: SyntheticPhoto


def _feet(seeds: range | tuple[int, ...]) -> list[Foot]:
    feet = []
    for seed in seeds:
        scene = podoscope_photo(seed)
        photo = analyse_photo(scene.image)
        assert photo.podoscope, f"seed {seed}: read as paper"
        assert len(photo.prints) == 2, f"seed {seed}"
        feet += [Foot(t, s, photo, scene) for t, s in zip(scene.feet, photo.prints, strict=True)]
    return feet


@pytest.fixture(scope="module")
def small_set() -> list[Foot]:
    return _feet(SMALL_SET)


@pytest.fixture(scope="module")
def batch() -> list[Foot]:
    return _feet(BATCH)


def _errors(feet: list[Foot], index: str) -> np.ndarray:
    return np.array([abs(getattr(f.seen, index) - getattr(f.truth, index)) for f in feet])


TOLERANCES = [
    ("arch_index", 0.01),
    ("chippaux_smirak_pct", 3.0),
    ("staheli", 0.05),
    ("clarke_deg", 3.0),
]


# ---------------------------------------------------------------- fast


@pytest.mark.parametrize(("index", "tolerance"), TOLERANCES)
def test_each_foot_of_a_podoscope_photo_is_measured(
    small_set: list[Foot], index: str, tolerance: float
) -> None:
    errors = _errors(small_set, index)
    assert errors.max() <= tolerance, errors.round(4)


def test_a_podoscope_photo_has_no_scale_and_says_lengths_need_one(small_set: list[Foot]) -> None:
    photo = small_set[0].photo
    assert photo.px_per_mm is None and photo.scale_source == "none"
    assert any("scale" in note and "ratios" in note for note in photo.notes)


def test_seen_from_below_each_foot_looks_like_the_other_foots_paper_print(
    small_set: list[Foot],
) -> None:
    # medial_sign +1 means a left foot on paper (seen from above); from below it is mirrored
    for f in small_set:
        assert (f.seen.side.medial_sign < 0) == (f.truth.side is Side.LEFT)


def test_a_given_scale_gives_the_foot_length(small_set: list[Foot]) -> None:
    scene = small_set[0].scene
    photo = analyse_photo(scene.image, px_per_mm=scene.px_per_mm)
    assert photo.podoscope and photo.scale_source == "given" and not photo.notes
    for truth, seen in zip(scene.feet, photo.prints, strict=True):
        assert seen.full_length_px / scene.px_per_mm == pytest.approx(truth.length_mm, rel=0.015)


@pytest.mark.parametrize(
    "scene",
    [{}, {"both_feet": True}, {"sheet_visible": True}],
    ids=["paper fills the frame", "two feet on paper", "whole sheet on a table"],
)
def test_paper_prints_are_read_as_dark_on_light(scene: dict[str, bool]) -> None:
    photo = random_photo(11, **scene)
    seen = analyse_photo(photo.image)
    assert not seen.podoscope
    assert len(seen.prints) == len(photo.feet)
    for truth, foot in zip(photo.feet, seen.prints, strict=True):
        assert abs(foot.arch_index - truth.arch_index) <= 0.01


@pytest.fixture(scope="module")
def paper() -> SyntheticPhoto:
    return random_photo(12)


def test_forcing_the_right_polarity_gives_the_same_reading(
    small_set: list[Foot], paper: SyntheticPhoto
) -> None:
    forced = analyse_photo(small_set[0].scene.image, podoscope=True)
    assert [p.arch_index for p in forced.prints] == [f.seen.arch_index for f in small_set]
    [foot] = analyse_photo(paper.image, podoscope=False).prints
    assert foot.arch_index == pytest.approx(paper.feet[0].arch_index, abs=0.01)


@pytest.mark.parametrize("podoscope", [True, False])
def test_forcing_the_wrong_polarity_is_refused_and_says_why(
    podoscope: bool, small_set: list[Foot], paper: SyntheticPhoto
) -> None:
    image = paper.image if podoscope else small_set[0].scene.image
    with pytest.raises(RetakeNeeded, match="looks like"):
        analyse_photo(image, podoscope=podoscope)


@pytest.mark.parametrize(
    "device",
    [Podoscope(plate_glow=40.0, skin_share=0.5), Podoscope(skin_share=0.0, light_falloff=0.5)],
    ids=["glare on the glass", "no skin in view, uneven light"],
)
def test_glare_and_a_contact_only_view_still_give_the_indices(device: Podoscope) -> None:
    rng = np.random.default_rng(501)
    feet = [random_foot(rng, side, neck_chance=0.0) for side in (Side.LEFT, Side.RIGHT)]
    scene = render_podoscope(feet, rng, device, [(130.0, 200.0, -5.0), (290.0, 200.0, 5.0)])
    seen = analyse_photo(scene.image).prints
    assert len(seen) == 2
    for truth, foot in zip(scene.feet, seen, strict=True):
        assert abs(foot.arch_index - truth.arch_index) <= 0.01


@pytest.mark.parametrize("podoscope", [None, True])
def test_an_empty_podoscope_plate_asks_for_a_retake(podoscope: bool | None) -> None:
    with pytest.raises(RetakeNeeded, match="No foot found on the podoscope") as error:
        analyse_photo(podoscope_photo(4, empty=True).image, podoscope=podoscope)
    assert error.value.hint and "standing on it" in error.value.hint


# ---------------------------------------------------------------- slow batch


@pytest.mark.slow
def test_the_batch_spans_high_normal_and_flat_arches_and_both_sides(batch: list[Foot]) -> None:
    assert len({classify_arch_index(f.truth.arch_index) for f in batch}) == 3
    assert {f.truth.side for f in batch} == {Side.LEFT, Side.RIGHT}


@pytest.mark.slow
def test_arch_index_is_within_001_of_the_truth_on_nearly_every_podoscope_foot(
    batch: list[Foot],
) -> None:
    errors = _errors(batch, "arch_index")
    assert (errors <= 0.01).mean() >= 0.95, errors.round(4)
    assert np.median(errors) < 0.004


@pytest.mark.slow
@pytest.mark.parametrize(("index", "tolerance"), TOLERANCES[1:])
def test_width_and_angle_indices_follow_the_truth_on_podoscope_photos(
    batch: list[Foot], index: str, tolerance: float
) -> None:
    errors = _errors(batch, index)
    assert (errors <= tolerance).mean() >= 0.9, errors.round(2)


@pytest.mark.slow
def test_podoscope_category_is_right_away_from_the_cut_offs(batch: list[Foot]) -> None:
    edges = (ARCH_INDEX_BANDS.high_at_most, ARCH_INDEX_BANDS.flat_at_least)
    clear = [f for f in batch if min(abs(f.truth.arch_index - e) for e in edges) > 0.012]
    assert len(clear) >= 40
    wrong = [
        f.truth.arch_index
        for f in clear
        if classify_arch_index(f.seen.arch_index) != classify_arch_index(f.truth.arch_index)
    ]
    assert wrong == []


@pytest.mark.slow
def test_separate_toe_blobs_still_give_the_second_toe_axis(batch: list[Foot]) -> None:
    cavanagh = [f for f in batch if f.seen.second_toe_tip is not None]
    assert len(cavanagh) / len(batch) >= 0.95
    mirrored = [(f.seen.side.medial_sign < 0) == (f.truth.side is Side.LEFT) for f in batch]
    assert np.mean(mirrored) >= 0.95


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_high_arched_pair_on_the_podoscope_is_scored(seed: int) -> None:
    scene = podoscope_photo(seed, arch=1.6)  # midfoot off the glass: heel and forefoot islands
    seen = analyse_photo(scene.image).prints
    assert len(seen) == 2
    for truth, foot in zip(scene.feet, seen, strict=True):
        assert abs(foot.arch_index - truth.arch_index) <= 0.01
        assert foot.chippaux_smirak_pct == pytest.approx(truth.chippaux_smirak_pct, abs=3.0)
