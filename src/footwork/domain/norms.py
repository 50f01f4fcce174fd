"""Targets, norms, flags and measurement error for every measure, each with its source.

This is the one place the numbers live. ``docs/science.md`` in the shared folder holds the
longer notes; the evidence tags are explained in ``footwork.domain.sources``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from footwork.domain import sources as S
from footwork.domain.measures import MeasureKind, Method
from footwork.domain.sources import Source

SCREENING_NOTE = (
    "These results are screening information to guide training, not a diagnosis. "
    "If something hurts or worries you, see a physiotherapist or doctor."
)


@dataclass(frozen=True)
class Band:
    """A named range of values: low <= value < high (value <= high if ``closed_high``)."""

    label: str
    low: float | None
    high: float | None
    meaning: str
    source: Source
    closed_high: bool = False

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

    def band_for(self, value: float) -> Band | None:
        return next((b for b in self.bands if b.contains(value)), None)

    def mdc_for(self, method: Method) -> Mdc | None:
        return self.mdc.get(method)


BIG_TOE_TARGET_DEG = 65.0
LUNGE_FLAG_DEG = 36.5
ARCH_INDEX_HIGH_MAX = 0.21
ARCH_INDEX_FLAT_MIN = 0.26

_AI_MDC = Mdc(0.02, S.TEAM)

NORMS: dict[MeasureKind, MeasureNorm] = {
    MeasureKind.BIG_TOE_EXTENSION: MeasureNorm(
        kind=MeasureKind.BIG_TOE_EXTENSION,
        target=BIG_TOE_TARGET_DEG,
        target_source=S.ROOT_1977,
        typical="Healthy people use about 42° of big-toe extension when walking.",
        bands=(
            Band("very stiff", None, 10.0, "in the hallux rigidus range", S.STUCK_1988),
            Band("below target", 10.0, BIG_TOE_TARGET_DEG,
                 "less than the 65° the training method aims for", S.ROOT_1977),
            Band("at target", BIG_TOE_TARGET_DEG, None, "meets the 65° target", S.ROOT_1977),
        ),
        mdc={
            Method.GONIOMETER: Mdc(18.7, S.OTTER_2015_MDC),
            Method.PHONE_INCLINOMETER: Mdc(16.9, S.OTTER_2015_MDC),
            Method.PHOTO: Mdc(16.9, S.OTTER_2015_MDC),
            Method.VIDEO: Mdc(18.7, S.OTTER_2015_MDC),
        },
        evidence=(
            "The 65° figure comes from a 1977 podiatry textbook as a theoretical need for walking; "
            "measured walking uses about 42°. Treat 65° as a training goal, not a pass mark. "
            "Single readings of the big toe are coarse: changes under about 17-19° can be noise."
        ),
    ),
    MeasureKind.ANKLE_DORSIFLEXION: MeasureNorm(
        kind=MeasureKind.ANKLE_DORSIFLEXION,
        target=LUNGE_FLAG_DEG,
        target_source=S.BACKMAN_2011,
        typical="Healthy young adults average about 40° (±5°) of shin angle in the lunge test.",
        bands=(
            Band("restricted", None, LUNGE_FLAG_DEG,
                 "below 36.5°, the one cut-off with prospective evidence (tendon pain risk "
                 "in young basketball players)", S.BACKMAN_2011),
            Band("typical", LUNGE_FLAG_DEG, None, "at or above 36.5°", S.CALATAYUD_2015),
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
            Band("short", None, 9.0, "more than about one spread below the healthy average",
                 S.HOCH_2011),
            Band("typical", 9.0, None, "within or above the healthy spread", S.HOCH_2011),
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
            Band("high", None, ARCH_INDEX_HIGH_MAX, "high arch (0.21 or less)", S.CAVANAGH_1987,
                 closed_high=True),
            Band("normal", ARCH_INDEX_HIGH_MAX, ARCH_INDEX_FLAT_MIN, "normal arch (0.21-0.26)",
                 S.CAVANAGH_1987),
            Band("flat", ARCH_INDEX_FLAT_MIN, None, "flat arch (0.26 or more)", S.CAVANAGH_1987),
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
            "No published smallest real change exists for the arch index; footwork uses 0.02.",
        ),
    ),
    MeasureKind.CHIPPAUX_SMIRAK: MeasureNorm(
        kind=MeasureKind.CHIPPAUX_SMIRAK,
        target=None,
        target_source=None,
        typical="Adult bands used by many tools: under 30% high, 30-44% normal, 45% or more flat.",
        bands=(
            Band("high", None, 30.0, "high arch", S.CSI_ADULT),
            Band("normal", 30.0, 45.0, "normal arch", S.CSI_ADULT),
            Band("flat", 45.0, None, "flat arch", S.CSI_ADULT),
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
        typical="About 31-42° is often quoted as normal; lower means flatter.",
        bands=(
            Band("flat", None, 31.0, "flatter than the quoted normal range", S.CLARKE_NORMAL),
            Band("normal", 31.0, 42.0, "within the quoted normal range", S.CLARKE_NORMAL),
            Band("high", 42.0, None, "higher than the quoted normal range", S.CLARKE_NORMAL),
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
        typical="In 254 adults, 6-18 mm was the normal range.",
        bands=(
            Band("normal", None, 18.0, "within the normal range", S.NILSSON_2012),
            Band("flexible", 18.0, 23.0, "a flexible arch", S.NILSSON_2012),
            Band("very flexible", 23.0, None, "a very flexible arch", S.NILSSON_2012),
        ),
        mdc={Method.RULER: Mdc(4.0, S.TEAM), Method.PHOTO: Mdc(4.0, S.TEAM)},
        evidence="Navicular drop agrees poorly between testers; use it as a rough guide only.",
        cautions=("Low reliability between testers (weighted kappa .40).",),
    ),
}  # fmt: skip


def norm_for(kind: MeasureKind) -> MeasureNorm:
    return NORMS[kind]


# Values are typed with a decimal or two, and float subtraction can land a hair under a
# threshold (64.1 - 47.2 = 16.899999999999995), so a difference of exactly the MDC would read
# as noise. Comparisons allow for that rounding, far below any measurement's resolution.
ROUNDING_TOLERANCE = 1e-9


def reaches(difference: float, threshold: float) -> bool:
    """True if the size of ``difference`` is at least ``threshold`` (float rounding aside)."""
    return abs(difference) >= threshold - ROUNDING_TOLERANCE
