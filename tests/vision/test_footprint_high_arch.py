"""High-arched prints with no midfoot contact, and the Hernández-Corvo index.

Masks are drawn here directly (a heel disc, a forefoot ellipse and toe discs with an empty
midfoot) so the truth is known by construction; generated photos come from synth/footprint.py
with an arch cut-out deeper than the midfoot is wide.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from footwork.domain.norms import HernandezCorvoBand, hernandez_corvo_band
from footwork.errors import RetakeNeeded
from footwork.synth.footprint import random_photo
from footwork.vision.pictures import footprint_geometry as geo
from footwork.vision.pictures.footprint import analyse_print
from footwork.vision.pictures.footprint_draw import draw_footprints
from footwork.vision.pictures.footprint_mask import find_prints
from footwork.vision.pictures.footprint_photo import analyse_photo

H, W = 900, 700


def _broken_print(
    mask: np.ndarray, x: int, heel_y: int = 780, gap: int = 180, big_toe_right: bool = True
) -> np.ndarray:
    """A right-way-up print (toes up): heel disc, empty midfoot, forefoot ellipse, five toes."""
    cv2.circle(mask, (x, heel_y), 62, 1, -1)
    fore_y = heel_y - 62 - gap - 70
    cv2.ellipse(mask, (x, fore_y), (105, 70), 0, 0, 360, 1, -1)
    toes = [(-80, 13), (-42, 15), (-2, 17), (40, 19), (88, 30)]
    for dx, r in toes if big_toe_right else [(-a, b) for a, b in toes]:
        cv2.circle(mask, (x + dx, fore_y - 70 - r - 6), r, 1, -1)
    return mask


def _blank() -> np.ndarray:
    return np.zeros((H, W), np.uint8)


def test_a_print_with_no_midfoot_contact_is_one_print_scored_high() -> None:
    [found] = find_prints(_broken_print(_blank(), 350).astype(bool))
    a = analyse_print(found.mask, found.length_px)
    assert not a.midfoot_contact
    assert a.arch_index < 0.03
    assert a.chippaux_smirak_pct == 0.0 and a.staheli == 0.0
    assert a.hernandez_corvo_pct == 100.0
    assert hernandez_corvo_band(a.hernandez_corvo_pct).id is HernandezCorvoBand.EXTREME_HIGH
    assert any("No midfoot contact" in w for w in a.warnings)
    # the axis runs from the heel island (heel centre inside it) to the forefoot, toes up
    assert np.hypot(*(a.frame.heel - (350, 780))) < 15
    assert a.frame.axis[1] < -0.99


def test_two_high_arched_feet_on_one_sheet_pair_up_foot_by_foot() -> None:
    mask = _broken_print(_blank(), 190, big_toe_right=True)
    mask = _broken_print(mask, 520, big_toe_right=False)
    prints = find_prints(mask.astype(bool))
    assert len(prints) == 2
    for p, x in zip(prints, (190, 520), strict=True):
        assert abs(p.centre[0] - x) < 20


def test_a_round_smudge_beside_a_whole_print_is_still_refused() -> None:
    mask = _blank()
    cv2.ellipse(mask, (250, 450), (90, 300), 0, 0, 360, 1, -1)  # a whole (flat) print
    cv2.circle(mask, (560, 450), 60, 1, -1)  # a heel-sized blob beside it, not behind it
    with pytest.raises(RetakeNeeded):
        find_prints(mask.astype(bool))


def test_islands_that_do_not_line_up_as_one_foot_are_refused() -> None:
    side_by_side = _blank()
    cv2.ellipse(side_by_side, (200, 450), (105, 70), 0, 0, 360, 1, -1)
    cv2.circle(side_by_side, (480, 450), 62, 1, -1)  # a 'heel' beside the forefoot
    far_apart = _broken_print(_blank(), 350, heel_y=860, gap=420)
    offset = _blank()
    cv2.circle(offset, (560, 780), 62, 1, -1)  # heel far off the forefoot's middle
    cv2.ellipse(offset, (250, 470), (105, 70), 0, 0, 360, 1, -1)
    for mask in (side_by_side, far_apart, offset):
        with pytest.raises(RetakeNeeded):
            find_prints(mask.astype(bool))


@pytest.mark.parametrize(("seed", "arch"), [(0, 1.2), (1, 1.4), (2, 1.7)])
def test_generated_high_arched_photos_are_scored_near_their_truth(seed: int, arch: float) -> None:
    photo = random_photo(seed, arch=arch)
    [truth] = photo.feet
    [foot] = analyse_photo(photo.image).prints
    assert truth.chippaux_smirak_pct == 0.0  # the generator really left the midfoot empty
    assert abs(foot.arch_index - truth.arch_index) < 0.01
    assert foot.arch_index < 0.03 and foot.chippaux_smirak_pct == 0.0 and foot.staheli == 0.0
    assert abs(foot.clarke_deg - truth.clarke_deg) < 3.0
    drawn = draw_footprints(photo.image, [foot], ["x"])
    assert drawn.shape[0] > photo.image.shape[0]


@pytest.mark.slow
def test_two_generated_high_arched_feet_are_both_scored() -> None:
    photo = random_photo(3, both_feet=True, arch=1.4)
    feet = analyse_photo(photo.image).prints
    assert len(feet) == 2
    for foot, truth in zip(feet, photo.feet, strict=True):
        assert abs(foot.arch_index - truth.arch_index) < 0.01
        assert not foot.midfoot_contact


@pytest.mark.slow
def test_a_seeded_batch_of_broken_prints_is_scored_high() -> None:
    """Every generated print whose midfoot is empty is one print, scored high, to ±0.01."""
    errors = []
    for seed in range(12):
        photo = random_photo(100 + seed, arch=1.1 + 0.06 * seed, both_feet=seed % 4 == 3)
        feet = analyse_photo(photo.image).prints
        assert len(feet) == len(photo.feet)
        for foot, truth in zip(feet, photo.feet, strict=True):
            errors.append(abs(foot.arch_index - truth.arch_index))
            assert foot.arch_index <= 0.21
    assert max(errors) < 0.01


# Hernández-Corvo: computed by hand on a rectangle-and-band mask ------------------------


def test_hernandez_corvo_matches_a_hand_computed_mask() -> None:
    """Toes up, axis straight up. Heel block 60 wide (rows 240-299), midfoot band 24 wide
    (rows 120-239), forefoot block 80 wide (rows 0-119): sole length 300 strips, the arch
    line is strip 150 from the heel back (a midfoot row, width 24), X = 80.
    HC = (80 - 24) / 80 = 70%."""
    mask = np.zeros((300, 100), bool)
    mask[0:120, 10:90] = True
    mask[120:240, 10:34] = True
    mask[240:300, 20:80] = True
    frame = geo.FootFrame(np.array([50.0, 299.0]), np.array([0.0, -1.0]))
    profile = geo.sole_profile(mask, frame)
    marks = geo.width_marks(profile)
    assert geo.hernandez_corvo_line(profile) == 150
    assert marks.max_forefoot[1] == pytest.approx(80.0)
    assert geo.hernandez_corvo(profile, marks) == pytest.approx(70.0)
    assert hernandez_corvo_band(70.0).id is HernandezCorvoBand.HIGH


def test_hernandez_corvo_is_low_for_a_flat_print_and_bands_are_in_order() -> None:
    mask = np.zeros((300, 100), bool)
    mask[:, 10:90] = True  # midfoot as wide as the forefoot
    frame = geo.FootFrame(np.array([50.0, 299.0]), np.array([0.0, -1.0]))
    profile = geo.sole_profile(mask, frame)
    assert geo.hernandez_corvo(profile, geo.width_marks(profile)) == pytest.approx(0.0)
    labels = [hernandez_corvo_band(v).id for v in (10, 37, 47, 57, 67, 80, 95)]
    assert labels == list(HernandezCorvoBand)
