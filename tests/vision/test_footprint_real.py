"""Real plantar prints (../shared/media/footprint): the flat foot scores a higher arch index."""

from __future__ import annotations

from pathlib import Path

import pytest

from footwork.vision.image_io import read_image
from footwork.vision.pictures.footprint_photo import analyse_photo

FOOTPRINTS = Path(__file__).resolve().parents[2].parent / "shared" / "media" / "footprint"


def _arch_index(name: str) -> float:
    path = FOOTPRINTS / name
    if not path.is_file():
        pytest.skip(f"real footprint media not found at {path} (shared media folder absent)")
    [foot] = analyse_photo(read_image(path)).prints
    return foot.arch_index


def test_the_flat_print_has_a_clearly_higher_arch_index_than_the_normal_one() -> None:
    flat, normal = _arch_index("plantar_flat.jpg"), _arch_index("plantar_normal.jpg")
    assert flat > normal + 0.015


def test_real_prints_use_the_second_toe_axis_and_find_the_big_toe_side() -> None:
    path = FOOTPRINTS / "plantar_normal.jpg"
    if not path.is_file():
        pytest.skip(f"real footprint media not found at {path}")
    [foot] = analyse_photo(read_image(path)).prints
    assert foot.second_toe_tip is not None
    assert foot.side.medial_sign == 1  # big toe and arch on the image's right
    assert 0.2 < foot.arch_index < 0.4
