"""Quality gates: photos that cannot support a measurement are refused with a retake hint."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from footwork.domain.sides import Side
from footwork.errors import InvalidInput, RetakeNeeded, UnreadableMedia
from footwork.synth.footprint import Camera, random_foot, random_photo, render_photo
from footwork.vision.image_io import read_image
from footwork.vision.pictures.footprint_photo import analyse_photo


@pytest.fixture(scope="module")
def good_photo() -> np.ndarray:
    return random_photo(7).image


def _blank(_: np.ndarray) -> np.ndarray:
    return np.full((600, 450, 3), 238, np.uint8)


def _faint(photo: np.ndarray) -> np.ndarray:
    return (235 + (photo.astype(np.float32) - 235) * 0.06).astype(np.uint8)


def _cut_by_edge(photo: np.ndarray) -> np.ndarray:
    return photo[: photo.shape[0] // 2]


def _smudged(photo: np.ndarray) -> np.ndarray:
    out = photo.copy()
    h, w = out.shape[:2]
    cv2.ellipse(out, (w // 8, h // 10), (w // 18, h // 30), 20, 0, 360, (40, 40, 40), -1)
    return out


def _tiny(photo: np.ndarray) -> np.ndarray:
    return cv2.resize(photo, None, fx=0.2, fy=0.2, interpolation=cv2.INTER_AREA)


def _two_prints_on_top_of_each_other(_: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(3)
    feet = [random_foot(rng, Side.LEFT, 0.5), random_foot(rng, Side.LEFT, 0.5)]
    camera = Camera(px_per_mm=2.5)
    return render_photo(feet, rng, camera, [(110, 170, 0), (160, 175, 8)], (280, 340)).image


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_blank, "blank"),
        (_faint, "blank|faint"),
        (_cut_by_edge, "cut off"),
        (_smudged, "smudge"),
        (_tiny, "too small"),
        (_two_prints_on_top_of_each_other, "two prints"),
    ],
)
def test_a_spoilt_photo_is_refused_with_advice_for_the_retake(
    good_photo: np.ndarray, spoil, message: str
) -> None:
    with pytest.raises(RetakeNeeded, match=message) as refused:
        analyse_photo(spoil(good_photo))
    assert refused.value.hint


def test_the_unspoilt_photo_passes_the_gates(good_photo: np.ndarray) -> None:
    assert len(analyse_photo(good_photo).prints) == 1


def test_a_scale_giving_a_child_sized_adult_foot_is_refused(good_photo: np.ndarray) -> None:
    with pytest.raises(RetakeNeeded, match="not a plausible"):
        analyse_photo(good_photo, px_per_mm=12.0)


def test_an_impossible_scale_is_an_input_error(good_photo: np.ndarray) -> None:
    with pytest.raises(InvalidInput):
        analyse_photo(good_photo, px_per_mm=0.0)


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a photo", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40)],
    ids=["empty", "text", "truncated-jpeg"],
)
def test_a_file_that_is_not_an_image_is_unreadable(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "print.jpg"
    path.write_bytes(content)
    with pytest.raises(UnreadableMedia):
        read_image(path)


def _stray_mark_far_away(photo: np.ndarray) -> np.ndarray:
    out = photo.copy()
    h, w = out.shape[:2]
    cv2.circle(out, (w // 10, h - h // 10), w // 16, (30, 30, 30), -1)
    return out


def test_a_stray_mark_away_from_the_print_is_refused(good_photo: np.ndarray) -> None:
    with pytest.raises(RetakeNeeded, match="smudges or stray marks"):
        analyse_photo(_stray_mark_far_away(good_photo))


def test_a_print_running_off_a_whole_sheet_is_refused() -> None:
    rng = np.random.default_rng(5)
    foot = random_foot(rng, Side.LEFT, 0.5, (240, 250))
    camera = Camera(px_per_mm=3, sheet_visible=True, roll_deg=10)
    photo = render_photo([foot], rng, camera, [(105, 100, 0)], (210, 297))
    with pytest.raises(RetakeNeeded, match="cut off by the edge of the paper"):
        analyse_photo(photo.image)
