"""Arch categories from the Cavanagh-Rodgers arch index, with the cut-offs as sourced data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footwork.domain.arch import ARCH_INDEX_BANDS, ArchCategory, classify_arch_index

ORDER = [ArchCategory.HIGH, ArchCategory.NORMAL, ArchCategory.FLAT]


@pytest.mark.parametrize(
    ("arch_index", "category"),
    [
        (0.05, ArchCategory.HIGH),
        (0.21, ArchCategory.HIGH),
        (0.2101, ArchCategory.NORMAL),
        (0.2599, ArchCategory.NORMAL),
        (0.26, ArchCategory.FLAT),
        (0.35, ArchCategory.FLAT),
    ],
)
def test_an_arch_index_falls_in_its_published_band(
    arch_index: float, category: ArchCategory
) -> None:
    assert classify_arch_index(arch_index) is category


def test_the_bands_name_their_source() -> None:
    assert "Cavanagh" in ARCH_INDEX_BANDS.source.citation


@given(st.floats(0, 0.5), st.floats(0, 0.5))
def test_a_larger_arch_index_is_never_a_higher_arch(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert ORDER.index(classify_arch_index(low)) <= ORDER.index(classify_arch_index(high))
