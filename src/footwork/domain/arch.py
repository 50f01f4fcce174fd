"""Arch categories from a footprint's arch index, with the cut-offs kept as sourced data.

The Cavanagh & Rodgers bands (high ≤ 0.21 < normal < 0.26 ≤ flat) are widely repeated but the
primary paper's wording was not checked (evidence tag M, see docs/science.md §3). Arch indices
disagree with each other, so every report carries ``INDICES_DISAGREE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from footwork.domain.norms import ARCH_INDEX_FLAT_MIN, ARCH_INDEX_HIGH_MAX, ArchCategory
from footwork.domain.sources import CAVANAGH_1987, GONZALEZ_2017, Source

__all__ = [
    "ARCH_INDEX_BANDS", "INDICES_DISAGREE", "ArchCategory", "ArchIndexBands",
    "classify_arch_index", "distance_to_cut_off",
]  # fmt: skip


@dataclass(frozen=True)
class ArchIndexBands:
    """Upper edge of "high" and lower edge of "flat"; normal lies strictly between."""

    high_at_most: float
    flat_at_least: float
    source: Source


ARCH_INDEX_BANDS = ArchIndexBands(
    high_at_most=ARCH_INDEX_HIGH_MAX, flat_at_least=ARCH_INDEX_FLAT_MIN, source=CAVANAGH_1987
)

INDICES_DISAGREE = (
    "Footprint indices often disagree with each other and with clinical tests: in one study of "
    "1,002 adults, 19% were flat by podoscope, 62% by Chippaux-Smirak and 30% by Clarke's angle. "
    "Read these numbers as a trend for this person, not as a diagnosis. Adult cut-offs do not "
    f"apply to children. ({GONZALEZ_2017.citation})"
)


def classify_arch_index(ai: float, bands: ArchIndexBands = ARCH_INDEX_BANDS) -> ArchCategory:
    """High, normal or flat arch from a Cavanagh-Rodgers arch index."""
    if ai <= bands.high_at_most:
        return ArchCategory.HIGH
    if ai >= bands.flat_at_least:
        return ArchCategory.FLAT
    return ArchCategory.NORMAL


def distance_to_cut_off(ai: float, bands: ArchIndexBands = ARCH_INDEX_BANDS) -> float:
    """How far an arch index lies from the nearest category edge (for 'borderline' notes)."""
    return min(abs(ai - bands.high_at_most), abs(ai - bands.flat_at_least))
