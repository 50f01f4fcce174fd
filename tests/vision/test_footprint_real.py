"""Real plantar prints (../shared/media/footprint) and generated prints of the same kind.

Both real files are photos of the sole through glass with the background cut out to white:
the outline is the whole sole, arch included, so the contact area has to be found inside it
(pale pressed skin, darker free skin). Measured on the outline, the normal foot read 0.306
("flat"); on the contact area it reads normal and the flat foot reads flat.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from footwork.domain.arch import ArchCategory, classify_arch_index
from footwork.vision.image_io import read_image
from footwork.vision.pictures.footprint import PrintAnalysis, analyse_print
from footwork.vision.pictures.footprint_mask import find_prints, ink_darkness, ink_mask
from footwork.vision.pictures.footprint_photo import analyse_photo

FOOTPRINTS = Path(__file__).resolve().parents[2].parent / "shared" / "media" / "footprint"


def _real(name: str) -> PrintAnalysis:
    path = FOOTPRINTS / name
    if not path.is_file():
        pytest.skip(f"real footprint media not found at {path} (shared media folder absent)")
    [foot] = analyse_photo(read_image(path)).prints
    return foot


def test_the_normal_print_is_normal_and_the_flat_print_is_flat() -> None:
    flat, normal = _real("plantar_flat.jpg"), _real("plantar_normal.jpg")
    assert classify_arch_index(normal.arch_index) is ArchCategory.NORMAL
    assert classify_arch_index(flat.arch_index) is ArchCategory.FLAT
    assert flat.arch_index > normal.arch_index + 0.03
    assert flat.chippaux_smirak_pct > normal.chippaux_smirak_pct
    assert flat.clarke_deg < normal.clarke_deg
    assert flat.hernandez_corvo_pct < normal.hernandez_corvo_pct


def test_the_free_skin_under_the_arch_is_not_counted_as_contact() -> None:
    normal = _real("plantar_normal.jpg")
    outline = ink_mask(ink_darkness(read_image(FOOTPRINTS / "plantar_normal.jpg")))
    assert normal.sole.sum() < 0.9 * outline.sum()  # the arch and the border band went


def test_real_prints_use_the_second_toe_axis_and_find_the_big_toe_side() -> None:
    foot = _real("plantar_normal.jpg")
    assert foot.second_toe_tip is not None
    assert foot.side.medial_sign == 1  # big toe and arch on the image's right


# Generated prints of the same kind ---------------------------------------------------------

H, W = 760, 360


def _foot_outline() -> np.ndarray:
    """A whole sole outline, toes up: heel disc and forefoot ellipse joined, four toes."""
    shape = np.zeros((H, W), np.uint8)
    cv2.circle(shape, (175, 640), 62, 1, -1)
    cv2.ellipse(shape, (180, 250), (100, 72), 0, 0, 360, 1, -1)
    hull = cv2.convexHull(np.column_stack(np.nonzero(shape.T)).astype(np.int32))
    cv2.fillConvexPoly(shape, hull, 1)
    for x, y, r in ((95, 150, 14), (130, 138, 15), (170, 130, 17), (235, 128, 27)):
        cv2.circle(shape, (x, y), r, 1, -1)
    return shape.astype(bool)


def _arch_cut(outline: np.ndarray) -> np.ndarray:
    """The outline without the medial midfoot (image right): what touches the glass."""
    free = np.zeros(outline.shape, np.uint8)
    cv2.ellipse(free, (262, 450), (70, 150), 0, 0, 360, 1, -1)
    return outline & ~free.astype(bool)


def _image(grey: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(7)
    noisy = np.clip(grey + rng.normal(0, 3, grey.shape), 0, 255).astype(np.uint8)
    return cv2.cvtColor(noisy, cv2.COLOR_GRAY2BGR)


def test_a_cut_out_sole_photo_is_measured_on_its_pale_contact_area() -> None:
    outline = _foot_outline()
    contact = _arch_cut(outline)
    depth = cv2.distanceTransform(outline.astype(np.uint8), cv2.DIST_L2, 5)
    grey = np.full(outline.shape, 255.0)
    grey[outline] = 62.0  # skin off the glass
    grey[contact] = 100.0  # pressed skin, paler
    band = outline & (depth <= 4)
    grey[band] = 62.0  # the sole curves up at its border
    grey[outline & ~contact] = 60.0
    [found] = analyse_photo(_image(grey)).prints
    [truth_mask] = find_prints(contact)
    truth = analyse_print(truth_mask.mask, truth_mask.length_px)
    whole = analyse_print(outline, truth_mask.length_px)
    assert whole.arch_index > truth.arch_index + 0.03  # the outline would read much flatter
    assert abs(found.arch_index - truth.arch_index) < 0.015


def test_an_ink_print_on_pure_white_keeps_its_whole_outline() -> None:
    """Ink is darkest where pressed and thins at the edge: never read as skin."""
    outline = _arch_cut(_foot_outline())
    depth = cv2.distanceTransform(outline.astype(np.uint8), cv2.DIST_L2, 5)
    grey = np.where(outline, 40.0 + 50.0 * np.exp(-depth / 4.0), 255.0)
    mask = ink_mask(ink_darkness(_image(grey)))
    assert (mask ^ outline).sum() < 0.01 * outline.sum()


def test_a_sole_photo_is_seen_from_below_so_its_big_toe_on_the_right_is_a_right_foot() -> None:
    from footwork.services.pictures import analyse_footprint

    path = FOOTPRINTS / "plantar_normal.jpg"
    if not path.is_file():
        pytest.skip(f"real footprint media not found at {path}")
    report = analyse_footprint(path)
    assert report.seen_from == "below"
    assert [f.side.value for f in report.feet] == ["right"]


def _variants(image: np.ndarray) -> dict[str, np.ndarray]:
    """The same print photographed a little differently: no rule may hang on one pixel size,
    one orientation or one exposure."""
    big = cv2.copyMakeBorder(image, 60, 60, 160, 160, cv2.BORDER_CONSTANT, value=(255,) * 3)
    turn = cv2.getRotationMatrix2D((big.shape[1] / 2, big.shape[0] / 2), 12, 1.0)
    return {
        "mirrored": image[:, ::-1].copy(),
        "twice the pixels": cv2.resize(image, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC),
        "turned 12 degrees": cv2.warpAffine(
            big, turn, (big.shape[1], big.shape[0]), borderValue=(255, 255, 255)
        ),
        "darker skin": np.where(image >= 250, image, image * 0.8).astype(np.uint8),
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plantar_normal.jpg", "plantar_flat.jpg"])
def test_the_category_holds_when_the_photo_is_taken_a_little_differently(name: str) -> None:
    path = FOOTPRINTS / name
    if not path.is_file():
        pytest.skip(f"real footprint media not found at {path}")
    first = _real(name)
    for how, image in _variants(read_image(path)).items():
        [foot] = analyse_photo(image).prints
        assert abs(foot.arch_index - first.arch_index) < 0.01, how
