"""Interpreting measurements: each against its target, norms and measurement error.

Everything here is screening information (see ``norms.SCREENING_NOTE``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from footwork.domain.measures import KINDS, MeasureKind, Measurement, Method
from footwork.domain.norms import NORMS, SCREENING_NOTE, BandId, Mdc, MeasureNorm, reaches
from footwork.domain.sides import Side


@dataclass(frozen=True)
class Finding:
    kind: MeasureKind
    side: Side
    value: float
    unit: str
    method: str
    band: BandId | None  # a str too: its value is the label people see
    meaning: str
    target: float | None
    gap_to_target: float | None
    mdc: float | None
    evidence: str
    sources: tuple[str, ...]

    @property
    def title(self) -> str:
        return KINDS[self.kind].title


@dataclass(frozen=True)
class SideDifference:
    """The latest left and right readings of one measure. ``threshold`` is the difference that
    is more than measurement noise for the methods used (see ``side_difference_threshold``)."""

    kind: MeasureKind
    left: float
    right: float
    threshold: float | None
    left_method: Method
    right_method: Method

    @property
    def same_method(self) -> bool:
        return self.left_method is self.right_method

    @property
    def difference(self) -> float:
        return self.left - self.right

    @property
    def tighter_side(self) -> Side:
        return Side.LEFT if self.left < self.right else Side.RIGHT

    @property
    def notable(self) -> bool:
        return self.threshold is not None and reaches(self.difference, self.threshold)


@dataclass
class AssessmentReport:
    findings: list[Finding] = field(default_factory=list)
    side_differences: list[SideDifference] = field(default_factory=list)
    missing: list[tuple[MeasureKind, Side]] = field(default_factory=list)
    note: str = SCREENING_NOTE

    def finding(self, kind: MeasureKind, side: Side) -> Finding | None:
        return next((f for f in self.findings if f.kind is kind and f.side is side), None)

    def sides_in_band(self, kind: MeasureKind, bands: Iterable[BandId]) -> list[Side]:
        """The sides whose latest ``kind`` reading lies in one of ``bands``; a band that is not
        one of this measure's bands raises (a rule naming it would never match)."""
        wanted = [NORMS[kind].band(b).id for b in bands]
        return [f.side for f in self.findings
                if f.kind is kind and any(f.band is b for b in wanted)]  # fmt: skip

    @property
    def is_empty(self) -> bool:
        return not self.findings


CORE_TESTS: tuple[MeasureKind, ...] = (
    MeasureKind.BIG_TOE_EXTENSION,
    MeasureKind.ANKLE_DORSIFLEXION,
    MeasureKind.ARCH_INDEX,
)
# Either lunge measure satisfies the ankle test.
_ANKLE_KINDS = {MeasureKind.ANKLE_DORSIFLEXION, MeasureKind.LUNGE_DISTANCE}


def interpret(m: Measurement) -> Finding:
    """Compare one measurement with its norm."""
    norm = NORMS[m.kind]
    band = norm.band_for(m.value)
    mdc = norm.mdc_for(m.method)
    sources = tuple(
        dict.fromkeys(
            s.citation
            for s in (
                norm.target_source,
                band.source if band else None,
                mdc.source if mdc else None,
            )
            if s is not None
        )
    )
    return Finding(
        kind=m.kind,
        side=m.side,
        value=m.value,
        unit=KINDS[m.kind].unit.value,
        method=m.method.value,
        band=band.id if band else None,
        meaning=band.meaning if band else norm.typical,
        target=norm.target,
        gap_to_target=(norm.target - m.value) if norm.target is not None else None,
        mdc=mdc.value if mdc else None,
        evidence=norm.evidence,
        sources=sources,
    )


def latest_by_kind_and_side(
    measurements: Iterable[Measurement],
) -> dict[tuple[MeasureKind, Side], Measurement]:
    latest: dict[tuple[MeasureKind, Side], Measurement] = {}
    for m in measurements:
        key = (m.kind, m.side)
        if key not in latest or m.taken_at >= latest[key].taken_at:
            latest[key] = m
    return latest


def assess(measurements: Iterable[Measurement]) -> AssessmentReport:
    """Build the report from the latest measurement of each kind on each side."""
    latest = latest_by_kind_and_side(measurements)
    report = AssessmentReport(findings=[interpret(m) for m in _ordered(latest)])
    report.side_differences = _side_differences(latest)
    report.missing = _missing_core_tests(latest)
    return report


def _ordered(latest: dict[tuple[MeasureKind, Side], Measurement]) -> list[Measurement]:
    kind_order = {k: i for i, k in enumerate(MeasureKind)}
    return sorted(latest.values(), key=lambda m: (kind_order[m.kind], m.side.value))


def _side_differences(
    latest: dict[tuple[MeasureKind, Side], Measurement],
) -> list[SideDifference]:
    out = []
    for kind in MeasureKind:
        left, right = latest.get((kind, Side.LEFT)), latest.get((kind, Side.RIGHT))
        if left is None or right is None:
            continue
        threshold = side_difference_threshold(NORMS[kind], left.method, right.method)
        out.append(
            SideDifference(
                kind,
                left.value,
                right.value,
                threshold.value if threshold else None,
                left.method,
                right.method,
            )
        )
    return out


def side_difference_threshold(norm: MeasureNorm, left: Method, right: Method) -> Mdc | None:
    """How far apart the two feet must be to differ by more than measurement noise.

    Like with like (one method on both feet): the published side-to-side difference where one
    exists, else the method's smallest detectable change. Two methods: the larger error of the
    two (never less than the side-to-side norm), since each reading carries its own method's
    error; unknown if either method's error is unknown.
    """
    if left is right:
        return norm.side_difference or norm.mdc_for(left)
    errors = [norm.mdc_for(left), norm.mdc_for(right)]
    if any(e is None for e in errors):
        return None
    candidates = [e for e in errors if e is not None]
    if norm.side_difference is not None:
        candidates.append(norm.side_difference)
    return max(candidates, key=lambda e: e.value)


def _missing_core_tests(
    latest: dict[tuple[MeasureKind, Side], Measurement],
) -> list[tuple[MeasureKind, Side]]:
    missing = []
    for kind in CORE_TESTS:
        for side in Side:
            kinds = _ANKLE_KINDS if kind in _ANKLE_KINDS else {kind}
            if not any((k, side) in latest for k in kinds):
                missing.append((kind, side))
    return missing
