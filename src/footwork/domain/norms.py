"""Targets, norms, flags and measurement error for every measure, each with its source.

This is the one place the numbers live. ``docs/science.md`` in the shared folder holds the
longer notes; the evidence tags are explained in ``footwork.domain.sources``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from footwork.domain import sources as S
from footwork.domain.measures import MeasureKind, Method
from footwork.domain.sources import Source

SCREENING_NOTE = (
    "These results are screening information to guide training, not a diagnosis. "
    "If something hurts or worries you, see a physiotherapist or doctor."
)


class BigToeBand(StrEnum):
    """The bands of big-toe extension; each value is the label people see."""

    VERY_STIFF = "very stiff"
    BELOW_TARGET = "below target"
    AT_TARGET = "at target"


class AnkleBand(StrEnum):
    """The bands of the lunge test's shin angle."""

    RESTRICTED = "restricted"
    TYPICAL = "typical"


class LungeDistanceBand(StrEnum):
    """The bands of the lunge test's toe-to-wall distance."""

    SHORT = "short"
    TYPICAL = "typical"


class ArchCategory(StrEnum):
    """High, normal or flat arch: the bands of every footprint arch measure."""

    HIGH = "high"
    NORMAL = "normal"
    FLAT = "flat"


class HernandezCorvoBand(StrEnum):
    """The seven footprint types of the Hernández-Corvo index, flat to extremely high arch."""

    FLAT = "flat"
    FLAT_NORMAL = "flat-normal"
    NORMAL = "normal"
    NORMAL_HIGH = "normal-high"
    HIGH = "high"
    STRONG_HIGH = "strongly high"
    EXTREME_HIGH = "extremely high"


class NavicularDropBand(StrEnum):
    """The bands of navicular drop."""

    NORMAL = "normal"
    FLEXIBLE = "flexible"
    VERY_FLEXIBLE = "very flexible"


# A band's identity. Rules name bands by these members, never by their labels: a misspelt
# member fails at import (and in mypy), and a band of another measure fails in ``band``.
BandId = (
    BigToeBand | AnkleBand | LungeDistanceBand | ArchCategory | HernandezCorvoBand
    | NavicularDropBand
)  # fmt: skip


@dataclass(frozen=True)
class Band:
    """A named range of values: low <= value < high (value <= high if ``closed_high``)."""

    id: BandId
    low: float | None
    high: float | None
    meaning: str
    source: Source
    closed_high: bool = False

    @property
    def label(self) -> str:
        """The band's name as people read it."""
        return self.id.value

    def contains(self, value: float) -> bool:
        if self.low is not None and value < self.low:
            return False
        if self.high is None:
            return True
        return value <= self.high if self.closed_high else value < self.high


@dataclass(frozen=True)
class Mdc:
    """Minimal detectable change: the smallest difference that is more than measurement noise."""

    value: float
    source: Source


@dataclass(frozen=True)
class MeasureNorm:
    kind: MeasureKind
    target: float | None
    target_source: Source | None
    typical: str
    bands: tuple[Band, ...]
    mdc: dict[Method, Mdc]
    evidence: str
    side_difference: Mdc | None = None
    cautions: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        kinds = {type(b.id) for b in self.bands}
        if len(kinds) > 1 or len({b.id for b in self.bands}) != len(self.bands):
            raise ValueError(f"The bands of {self.kind} mix band kinds or repeat one.")

    def band_for(self, value: float) -> Band | None:
        return next((b for b in self.bands if b.contains(value)), None)

    def band(self, band_id: BandId) -> Band:
        """The band with this identity; a band of another measure is a mistake and raises."""
        found = next((b for b in self.bands if b.id is band_id), None)
        if found is None:
            known = ", ".join(repr(b.id) for b in self.bands) or "none"
            raise ValueError(f"{self.kind} has no band {band_id!r} (its bands: {known}).")
        return found

    def mdc_for(self, method: Method) -> Mdc | None:
        return self.mdc.get(method)


BIG_TOE_TARGET_DEG = 65.0
LUNGE_FLAG_DEG = 36.5
ARCH_INDEX_HIGH_MAX = 0.21
ARCH_INDEX_FLAT_MIN = 0.26
CSI_HIGH_BELOW, CSI_FLAT_MIN = 30.0, 45.0  # Chippaux-Smirak index, %
CLARKE_NORMAL_LOW, CLARKE_NORMAL_HIGH = 31.0, 42.0  # Clarke's angle, degrees
NAVICULAR_NORMAL_MAX_MM = 18.0

# Hernández-Corvo index (percent): (X - Y) / X x 100 on a footprint, X the forefoot
# (metatarsal) width, Y the contact width across the arch. 0 = a midfoot as wide as the
# forefoot, 100 = no midfoot contact. The original seven bands are given in whole percent
# (0-34 flat ... 85-100 extremely high); footwork reads them as lower edges, so 34.6 is flat.
HERNANDEZ_CORVO_BANDS: tuple[Band, ...] = tuple(
    Band(band, low, high, meaning, S.HERNANDEZ_CORVO_1989)
    for band, low, high, meaning in (
        (HernandezCorvoBand.FLAT, None, 35.0, "flat foot (under 35%)"),
        (HernandezCorvoBand.FLAT_NORMAL, 35.0, 40.0, "between flat and normal (35-39%)"),
        (HernandezCorvoBand.NORMAL, 40.0, 55.0, "normal foot (40-54%)"),
        (HernandezCorvoBand.NORMAL_HIGH, 55.0, 60.0, "between normal and high arch (55-59%)"),
        (HernandezCorvoBand.HIGH, 60.0, 75.0, "high arch (60-74%)"),
        (HernandezCorvoBand.STRONG_HIGH, 75.0, 85.0, "strongly high arch (75-84%)"),
        (HernandezCorvoBand.EXTREME_HIGH, 85.0, None, "extremely high arch (85-100%)"),
    )
)


def hernandez_corvo_band(pct: float) -> Band:
    """The Hernández-Corvo footprint type of an index value in percent (0-100)."""
    return next(b for b in HERNANDEZ_CORVO_BANDS if b.contains(pct))


_AI_MDC = Mdc(0.02, S.TEAM)


def deg(value: float) -> str:
    """An angle as messages write it: 65°, 36.5°."""
    return f"{value:g}°"


NORMS: dict[MeasureKind, MeasureNorm] = {
    MeasureKind.BIG_TOE_EXTENSION: MeasureNorm(
        kind=MeasureKind.BIG_TOE_EXTENSION,
        target=BIG_TOE_TARGET_DEG,
        target_source=S.ROOT_1977,
        typical="Healthy people use about 42° of big-toe extension when walking.",
        bands=(
            Band(BigToeBand.VERY_STIFF, None, 10.0, "in the hallux rigidus range", S.STUCK_1988),
            Band(BigToeBand.BELOW_TARGET, 10.0, BIG_TOE_TARGET_DEG,
                 f"less than the {deg(BIG_TOE_TARGET_DEG)} the training method aims for",
                 S.ROOT_1977),
            Band(BigToeBand.AT_TARGET, BIG_TOE_TARGET_DEG, None,
                 f"meets the {deg(BIG_TOE_TARGET_DEG)} target", S.ROOT_1977),
        ),
        mdc={
            Method.GONIOMETER: Mdc(18.7, S.OTTER_2015_MDC),
            Method.PHONE_INCLINOMETER: Mdc(16.9, S.OTTER_2015_MDC),
            Method.PHOTO: Mdc(16.9, S.OTTER_2015_MDC),
            Method.VIDEO: Mdc(18.7, S.OTTER_2015_MDC),
        },
        evidence=(
            f"The {deg(BIG_TOE_TARGET_DEG)} figure comes from a 1977 podiatry textbook as a "
            "theoretical need for walking; measured walking uses about 42°. Treat "
            f"{deg(BIG_TOE_TARGET_DEG)} as a training goal, not a pass mark. "
            "Single readings of the big toe are coarse: changes under about 17-19° can be noise."
        ),
    ),
    MeasureKind.ANKLE_DORSIFLEXION: MeasureNorm(
        kind=MeasureKind.ANKLE_DORSIFLEXION,
        target=LUNGE_FLAG_DEG,
        target_source=S.BACKMAN_2011,
        typical="Healthy young adults average about 40° (±5°) of shin angle in the lunge test.",
        bands=(
            Band(AnkleBand.RESTRICTED, None, LUNGE_FLAG_DEG,
                 f"below {deg(LUNGE_FLAG_DEG)}, the one cut-off with prospective evidence "
                 "(tendon pain risk in young basketball players)", S.BACKMAN_2011),
            Band(AnkleBand.TYPICAL, LUNGE_FLAG_DEG, None, f"at or above {deg(LUNGE_FLAG_DEG)}",
                 S.CALATAYUD_2015),
        ),
        mdc={
            Method.INCLINOMETER: Mdc(3.8, S.KONOR_2012),
            Method.PHONE_INCLINOMETER: Mdc(4.6, S.APP_2025),
            Method.GONIOMETER: Mdc(7.7, S.KONOR_2012),
            Method.PHOTO: Mdc(4.6, S.APP_2025),
            Method.VIDEO: Mdc(4.7, S.POWDEN_2015),
        },
        side_difference=Mdc(4.7, S.POWDEN_2015),
        evidence=(
            "Restricted ankle bend went with overuse injuries in a study of military trainees "
            "(Kaufman 1999), but one study found more bend carried more Achilles risk. Never mix "
            "devices in one history: they can disagree by 4-16°."
        ),
    ),
    MeasureKind.LUNGE_DISTANCE: MeasureNorm(
        kind=MeasureKind.LUNGE_DISTANCE,
        target=None,
        target_source=None,
        typical="Healthy adults reach about 12 cm (±3 cm) from big toe to wall.",
        bands=(
            Band(LungeDistanceBand.SHORT, None, 9.0,
                 "more than about one spread below the healthy average", S.HOCH_2011),
            Band(LungeDistanceBand.TYPICAL, 9.0, None, "within or above the healthy spread",
                 S.HOCH_2011),
        ),
        mdc={
            Method.TAPE: Mdc(1.5, S.KONOR_2012),
            Method.RULER: Mdc(1.5, S.KONOR_2012),
            Method.PHOTO: Mdc(1.9, S.POWDEN_2015),
        },
        side_difference=Mdc(1.5, S.CHISHOLM_2012),
        evidence=(
            "Distance cut-offs such as 10 cm come from screening guides, not studies; 1 cm is "
            "roughly 3.6° of shin angle. Two thirds of healthy people differ by 1.5 cm or less "
            "between sides."
        ),
    ),
    MeasureKind.ARCH_INDEX: MeasureNorm(
        kind=MeasureKind.ARCH_INDEX,
        target=None,
        target_source=None,
        typical="Adults photographed on a footprint box averaged 0.215 (range 0.02-0.37).",
        bands=(
            Band(ArchCategory.HIGH, None, ARCH_INDEX_HIGH_MAX,
                 f"high arch ({ARCH_INDEX_HIGH_MAX:g} or less)", S.CAVANAGH_1987,
                 closed_high=True),
            Band(ArchCategory.NORMAL, ARCH_INDEX_HIGH_MAX, ARCH_INDEX_FLAT_MIN,
                 f"normal arch ({ARCH_INDEX_HIGH_MAX:g}-{ARCH_INDEX_FLAT_MIN:g})", S.CAVANAGH_1987),
            Band(ArchCategory.FLAT, ARCH_INDEX_FLAT_MIN, None,
                 f"flat arch ({ARCH_INDEX_FLAT_MIN:g} or more)", S.CAVANAGH_1987),
        ),
        mdc={Method.FOOTPRINT: _AI_MDC, Method.PRESSURE_PLATE: _AI_MDC},
        evidence=(
            "Flat feet are linked with shin pain (a small effect); the evidence for knee pain is "
            "very limited and none was found for hip pain. Both low and high arches went with "
            "overuse injury in one military study. Arch indices disagree with each other, so "
            "watch the trend of one index on one method."
        ),
        cautions=(
            "Children's feet are flat by nature: these adult bands do not apply to them.",
            f"No published smallest real change exists for the arch index; footwork uses "
            f"{_AI_MDC.value:g}.",
        ),
    ),
    MeasureKind.CHIPPAUX_SMIRAK: MeasureNorm(
        kind=MeasureKind.CHIPPAUX_SMIRAK,
        target=None,
        target_source=None,
        typical=(
            f"Adult bands used by many tools: under {CSI_HIGH_BELOW:g}% high, "
            f"{CSI_HIGH_BELOW:g}-{CSI_FLAT_MIN - 1:g}% normal, {CSI_FLAT_MIN:g}% or more flat."
        ),
        bands=(
            Band(ArchCategory.HIGH, None, CSI_HIGH_BELOW, "high arch", S.CSI_ADULT),
            Band(ArchCategory.NORMAL, CSI_HIGH_BELOW, CSI_FLAT_MIN, "normal arch", S.CSI_ADULT),
            Band(ArchCategory.FLAT, CSI_FLAT_MIN, None, "flat arch", S.CSI_ADULT),
        ),
        mdc={Method.FOOTPRINT: Mdc(5.0, S.TEAM), Method.PRESSURE_PLATE: Mdc(5.0, S.TEAM)},
        evidence="This index calls far more feet flat than other methods (62% vs 19% in a study).",
    ),
    MeasureKind.STAHELI: MeasureNorm(
        kind=MeasureKind.STAHELI,
        target=None,
        target_source=None,
        typical="No adult norm was found; higher means a wider midfoot print (flatter).",
        bands=(),
        mdc={Method.FOOTPRINT: Mdc(0.1, S.TEAM), Method.PRESSURE_PLATE: Mdc(0.1, S.TEAM)},
        evidence="Child cut-offs exist; for adults watch your own trend only.",
    ),
    MeasureKind.CLARKE_ANGLE: MeasureNorm(
        kind=MeasureKind.CLARKE_ANGLE,
        target=None,
        target_source=None,
        typical=(
            f"About {CLARKE_NORMAL_LOW:g}-{deg(CLARKE_NORMAL_HIGH)} is often quoted as normal; "
            "lower means flatter."
        ),
        bands=(
            Band(ArchCategory.FLAT, None, CLARKE_NORMAL_LOW,
                 "flatter than the quoted normal range", S.CLARKE_NORMAL),
            Band(ArchCategory.NORMAL, CLARKE_NORMAL_LOW, CLARKE_NORMAL_HIGH,
                 "within the quoted normal range", S.CLARKE_NORMAL),
            Band(ArchCategory.HIGH, CLARKE_NORMAL_HIGH, None,
                 "higher than the quoted normal range", S.CLARKE_NORMAL),
        ),
        mdc={Method.FOOTPRINT: Mdc(3.0, S.TEAM), Method.PRESSURE_PLATE: Mdc(3.0, S.TEAM)},
        evidence="The quoted normal range comes from secondary sources; treat it as a rough guide.",
    ),
    MeasureKind.FOOT_LENGTH: MeasureNorm(
        kind=MeasureKind.FOOT_LENGTH, target=None, target_source=None,
        typical="Recorded to scale the other measures.", bands=(),
        mdc={m: Mdc(3.0, S.TEAM) for m in (Method.FOOTPRINT, Method.PRESSURE_PLATE,
                                            Method.RULER, Method.TAPE)},
        evidence="",
    ),
    MeasureKind.FOOT_WIDTH: MeasureNorm(
        kind=MeasureKind.FOOT_WIDTH, target=None, target_source=None,
        typical="Recorded to scale the other measures.", bands=(),
        mdc={m: Mdc(2.0, S.TEAM) for m in (Method.FOOTPRINT, Method.PRESSURE_PLATE,
                                            Method.RULER, Method.TAPE)},
        evidence="",
    ),
    MeasureKind.NAVICULAR_DROP: MeasureNorm(
        kind=MeasureKind.NAVICULAR_DROP,
        target=None,
        target_source=None,
        typical=f"In 254 adults, 6-{NAVICULAR_NORMAL_MAX_MM:g} mm was the normal range.",
        bands=(
            Band(NavicularDropBand.NORMAL, None, NAVICULAR_NORMAL_MAX_MM,
                 "within the normal range", S.NILSSON_2012),
            Band(NavicularDropBand.FLEXIBLE, NAVICULAR_NORMAL_MAX_MM, 23.0, "a flexible arch",
                 S.NILSSON_2012),
            Band(NavicularDropBand.VERY_FLEXIBLE, 23.0, None, "a very flexible arch",
                 S.NILSSON_2012),
        ),
        mdc={Method.RULER: Mdc(4.0, S.TEAM), Method.PHOTO: Mdc(4.0, S.TEAM)},
        evidence="Navicular drop agrees poorly between testers; use it as a rough guide only.",
        cautions=("Low reliability between testers (weighted kappa .40).",),
    ),
}  # fmt: skip


# The bands a chart may shade as the healthy range of a measure.
HEALTHY_BANDS: frozenset[BandId] = frozenset(
    {BigToeBand.AT_TARGET, AnkleBand.TYPICAL, LungeDistanceBand.TYPICAL, ArchCategory.NORMAL,
     NavicularDropBand.NORMAL}
)  # fmt: skip


# Values are typed with a decimal or two, and float subtraction can land a hair under a
# threshold (64.1 - 47.2 = 16.899999999999995), so a difference of exactly the MDC would read
# as noise. Comparisons allow for that rounding, far below any measurement's resolution.
ROUNDING_TOLERANCE = 1e-9


def reaches(difference: float, threshold: float) -> bool:
    """True if the size of ``difference`` is at least ``threshold`` (float rounding aside)."""
    return abs(difference) >= threshold - ROUNDING_TOLERANCE
