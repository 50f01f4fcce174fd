"""Sheet rectification and plantar-pressure grids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from footwork.domain.sides import Side
from footwork.errors import InvalidInput, UnreadableMedia
from footwork.synth.footprint import foot_truth, pressure_grid, random_foot, random_photo
from footwork.vision.pictures.footprint_photo import analyse_photo
from footwork.vision.pictures.paper import find_sheet
from footwork.vision.pictures.pressure_grid import grid_to_image, read_grid


@pytest.mark.parametrize("seed", [300, 301, 302, 303])
def test_the_four_corners_of_a_whole_a4_sheet_are_found_to_within_two_pixels(seed: int) -> None:
    photo = random_photo(seed, sheet_visible=True)
    sheet = find_sheet(photo.image)
    assert sheet is not None and sheet.name == "A4"
    seen = sheet.corners
    truth = photo.sheet_corners
    distances = [np.min(np.linalg.norm(truth - corner, axis=1)) for corner in seen]
    assert max(distances) < 2.0


def test_no_sheet_is_reported_when_the_paper_fills_the_frame() -> None:
    assert find_sheet(random_photo(304).image) is None


def _grid_of(seed: int, cell_mm: float) -> tuple[np.ndarray, float]:
    rng = np.random.default_rng(seed)
    foot = random_foot(rng, Side.LEFT if seed % 2 else Side.RIGHT)
    return pressure_grid(foot, cell_mm, rng), foot_truth(foot).arch_index


@pytest.mark.slow
def test_a_5_mm_pressure_grid_gives_the_arch_index_of_the_foot() -> None:
    errors = []
    for seed in range(12):
        grid, truth = _grid_of(seed, 5.0)
        image, scale = grid_to_image(grid, 5.0)
        [foot] = analyse_photo(image, px_per_mm=scale).prints
        errors.append(abs(foot.arch_index - truth))
    assert np.median(errors) <= 0.01
    assert np.mean(np.array(errors) <= 0.02) >= 0.75


def test_a_pressure_grid_is_read_from_csv_with_any_common_separator(tmp_path: Path) -> None:
    grid, _ = _grid_of(1, 5.0)
    for sep in (",", ";", "\t"):
        path = tmp_path / "frame.csv"
        path.write_text("\n".join(sep.join(f"{v:g}" for v in row) for row in grid))
        assert np.array_equal(read_grid(path), grid)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("1,2,3\n4,5\n", UnreadableMedia),
        ("a,b\nc,d\n", UnreadableMedia),
        ("0,0\n0,0\n", UnreadableMedia),
    ],
)
def test_a_broken_pressure_grid_is_refused(tmp_path: Path, text: str, error: type) -> None:
    path = tmp_path / "frame.csv"
    path.write_text(text)
    with pytest.raises(error):
        grid_to_image(read_grid(path), 5.0)


def test_an_implausible_sensor_pitch_is_an_input_error() -> None:
    grid, _ = _grid_of(2, 5.0)
    with pytest.raises(InvalidInput):
        grid_to_image(grid, 0.0)
