"""Use cases for measurements taken from pictures: footprints, pressure grids, photo angles.

``footprint`` and ``photo_angle`` are what every interface calls: measure, then store when
asked, with the rules for storing in one place. Underneath, ``analyse_footprint`` returns a
``FootprintReport`` whose ``to_dict()`` is the documented ``--json`` schema (docs/footprint.md),
and ``footprint_measurements`` turns a report into ``NewMeasurement`` items that the
measurement store validates and saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from footwork.config import Settings
from footwork.domain.arch import (
    ARCH_INDEX_BANDS,
    INDICES_DISAGREE,
    ArchCategory,
    classify_arch_index,
    distance_to_cut_off,
)
from footwork.domain.measures import MeasureKind, Measurement, Method, NewMeasurement
from footwork.domain.norms import HERNANDEZ_CORVO_BANDS, hernandez_corvo_band
from footwork.domain.sides import Side
from footwork.domain.units import Unit
from footwork.errors import Fix, InvalidInput, RetakeNeeded
from footwork.services import measurements
from footwork.vision.image_io import read_image, write_image
from footwork.vision.pictures.footprint import PrintAnalysis, with_medial_side
from footwork.vision.pictures.footprint_draw import draw_footprints
from footwork.vision.pictures.footprint_photo import FootprintPhoto, analyse_photo
from footwork.vision.pictures.photo_angle import (
    AnglePreset,
    PhotoAngle,
    draw_angle,
    measure_angle,
    parse_points,
)
from footwork.vision.pictures.pressure_grid import grid_to_image, read_grid

GRID_SUFFIXES = (".csv", ".tsv", ".txt")
BORDERLINE = 0.01  # arch index this close to a cut-off is reported as borderline
LENGTH_DIFFERENCE = 0.05  # left/right length difference that earns a warning


@dataclass(frozen=True)
class FootReport:
    side: Side
    side_confidence: str
    side_reason: str
    arch_index: float
    chippaux_smirak_pct: float
    staheli: float
    clarke_deg: float
    hernandez_corvo_pct: float
    category: ArchCategory
    length_mm: float | None
    width_mm: float | None
    sole_length_mm: float | None
    axis: str
    landmarks: dict[str, Any]
    midfoot_contact: bool = True
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side.value,
            "side_confidence": self.side_confidence,
            "arch_index": round(self.arch_index, 4),
            "chippaux_smirak_pct": round(self.chippaux_smirak_pct, 1),
            "staheli": round(self.staheli, 3),
            "clarke_deg": round(self.clarke_deg, 1),
            "hernandez_corvo_pct": round(self.hernandez_corvo_pct, 1),
            "hernandez_corvo_type": hernandez_corvo_band(self.hernandez_corvo_pct).label,
            "midfoot_contact": self.midfoot_contact,
            "category": self.category.value,
            "length_mm": _round(self.length_mm, 1),
            "width_mm": _round(self.width_mm, 1),
            "sole_length_mm": _round(self.sole_length_mm, 1),
            "axis": self.axis,
            "landmarks": self.landmarks,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class FootprintReport:
    source: str
    medium: str  # "photo" or "pressure-grid"
    px_per_mm: float | None
    scale_source: str
    feet: list[FootReport]
    warnings: list[str]
    caution: str = INDICES_DISAGREE
    annotated: Path | None = None
    seen_from: str = "above"  # "below" for a podoscope or a photo of the sole through glass

    @property
    def method(self) -> Method:
        return Method.PRESSURE_PLATE if self.medium == "pressure-grid" else Method.FOOTPRINT

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "medium": self.medium,
            "seen_from": self.seen_from,
            "scale": {"px_per_mm": _round(self.px_per_mm, 3), "from": self.scale_source},
            "cut_offs": {
                "high_at_most": ARCH_INDEX_BANDS.high_at_most,
                "flat_at_least": ARCH_INDEX_BANDS.flat_at_least,
                "source": ARCH_INDEX_BANDS.source.citation,
            },
            "hernandez_corvo_bands": {
                "lower_edges_pct": {
                    b.label: (b.low if b.low is not None else 0.0) for b in HERNANDEZ_CORVO_BANDS
                },
                "source": HERNANDEZ_CORVO_BANDS[0].source.citation,
            },
            "feet": [f.to_dict() for f in self.feet],
            "warnings": list(self.warnings),
            "caution": self.caution,
            "annotated": str(self.annotated) if self.annotated else None,
        }


def analyse_footprint(
    path: Path,
    *,
    px_per_mm: float | None = None,
    cell_mm: float | None = None,
    annotate: Path | None = None,
    source: str | None = None,
    side: Side | None = None,
    podoscope: bool | None = None,
) -> FootprintReport:
    """Arch indices of every print in a footprint photo or a pressure-grid CSV; ``source`` is
    the name the person knows the file by (default: its path). ``side`` names the foot of a
    one-print picture instead of the guess from its shape; a picture with two prints is
    refused with it (each print's side is then read from its shape). ``podoscope``: None lets
    the photo decide between a podoscope (light contact on a dark plate) and paper; True or
    False says which it is."""
    is_grid = path.suffix.lower() in GRID_SUFFIXES
    if is_grid:
        if podoscope:
            raise InvalidInput(
                "A pressure grid is not a podoscope photo.",
                hint="Leave the podoscope setting out for a pressure-grid file.",
                field="podoscope",
            )
        photo = _analyse_grid(path, cell_mm)
    else:
        if cell_mm is not None:
            raise InvalidInput(
                "A sensor pitch applies to pressure grids (CSV), not to photos.",
                hint="Give a photo's scale in pixels per millimetre instead.",
                fix=Fix.PHOTO_SCALE,
                field="pitch",
            )
        photo = analyse_photo(read_image(path), px_per_mm, podoscope=podoscope)
    below = photo.from_below and not is_grid
    feet = _name_feet(photo.prints, side, below)
    reports = [_foot_report(a, side, photo.px_per_mm, is_grid) for a, side in feet]
    if annotate is not None:
        labels = [
            f"{r.side.value}: AI {r.arch_index:.3f} ({r.category.value} arch)" for r in reports
        ]
        write_image(annotate, draw_footprints(photo.image, photo.prints, labels))
    return FootprintReport(
        source=source or str(path),
        medium="pressure-grid" if is_grid else "photo",
        px_per_mm=photo.px_per_mm,
        scale_source=photo.scale_source,
        feet=reports,
        warnings=_report_warnings(photo, reports),
        annotated=annotate,
        seen_from="below" if below else "above",
    )


def _analyse_grid(path: Path, cell_mm: float | None) -> FootprintPhoto:
    if cell_mm is None:
        raise InvalidInput(
            "A pressure grid needs the sensor pitch.",
            hint="Give the distance between sensor centres in mm.",
            fix=Fix.GRID_PITCH,
            field="pitch",
        )
    image, scale = grid_to_image(read_grid(path), cell_mm)
    photo = analyse_photo(image, px_per_mm=scale, podoscope=False)
    photo.scale_source = f"sensor pitch {cell_mm:g} mm"
    return photo


def _name_feet(
    prints: list[PrintAnalysis], given: Side | None = None, from_below: bool = False
) -> list[tuple[PrintAnalysis, Side]]:
    """Left or right for each print, from its shape, or the side the person gave for a
    one-print picture (Clarke's angle then uses that foot's inner border).

    A print on paper is seen from above: with the toes up, a left foot's inner border is on
    the right. A podoscope or a photo of the sole is seen from below, a mirror image, so
    there a left foot's inner border is on the left."""
    left_sign = -1 if from_below else 1
    if given is not None:
        if len(prints) != 1:
            raise InvalidInput(
                f"This picture has {len(prints)} prints; a given side names the foot of a "
                "picture with one print.",
                hint="Leave the side out to have each print named from its shape, or "
                "photograph each foot on its own.",
                field="side",
            )
        sign = left_sign if given is Side.LEFT else -left_sign
        return [(with_medial_side(prints[0], sign, f"given as the {given.value} foot"), given)]
    return [(p, Side.LEFT if p.side.medial_sign == left_sign else Side.RIGHT) for p in prints]


def _foot_report(a: PrintAnalysis, side: Side, scale: float | None, is_grid: bool) -> FootReport:
    mm = (lambda px: px / scale) if scale else (lambda px: None)
    warnings = list(a.warnings)
    if is_grid:
        warnings.append(_toe_note(a))
    if distance_to_cut_off(a.arch_index) < BORDERLINE:
        warnings.append(
            f"The arch index {a.arch_index:.3f} lies within {BORDERLINE} of a category edge; "
            "a retake may fall in the neighbouring category."
        )
    return FootReport(
        side=side,
        side_confidence=a.side.confidence,
        side_reason=a.side.reason,
        arch_index=a.arch_index,
        chippaux_smirak_pct=a.chippaux_smirak_pct,
        staheli=a.staheli,
        clarke_deg=a.clarke_deg,
        hernandez_corvo_pct=a.hernandez_corvo_pct,
        midfoot_contact=a.midfoot_contact,
        category=classify_arch_index(a.arch_index),
        length_mm=mm(a.full_length_px),
        width_mm=mm(a.max_width_px),
        sole_length_mm=mm(a.profile.length),
        axis=a.axis_method,
        landmarks=_landmarks(a, scale),
        warnings=warnings,
    )


def _toe_note(a: PrintAnalysis) -> str:
    if a.toes.any():
        return (
            "Toes showed as separate pressure areas in front of the ball and were left "
            "out, as the arch index requires."
        )
    return (
        "The toes could not be told apart from the ball on this grid, so the whole "
        "contact area was measured; the arch index may read slightly low."
    )


def _landmarks(a: PrintAnalysis, scale: float | None) -> dict[str, Any]:
    def xy(p: Any) -> list[float] | None:
        return None if p is None else [round(float(p[0]), 1), round(float(p[1]), 1)]

    return {
        "heel_centre_px": xy(a.frame.heel),
        "second_toe_tip_px": xy(a.second_toe_tip),
        "big_toe_tip_px": xy(a.big_toe_tip),
        "axis_unit": [round(float(v), 5) for v in a.frame.axis],
        "heel_radius_px": round(a.heel_radius_px, 1),
        "px_per_mm": _round(scale, 4),
        "coordinates": "pixels of the working image (the rectified sheet when one was found)",
    }


def _report_warnings(photo: FootprintPhoto, feet: list[FootReport]) -> list[str]:
    notes = list(photo.notes)
    if photo.px_per_mm is None and not photo.podoscope:
        notes.append(
            "No scale: show the whole A4/Letter sheet, or give the scale in pixels per "
            "millimetre, to get lengths in millimetres. The indices are ratios and do not need it."
        )
    if len(feet) == 2 and feet[0].side is feet[1].side:
        notes.append(f"Both prints look like {feet[0].side.value} feet; check the sides by eye.")
    lengths = [f.length_mm for f in feet if f.length_mm]
    if len(lengths) == 2 and abs(lengths[0] - lengths[1]) > LENGTH_DIFFERENCE * max(lengths):
        notes.append(
            f"The two prints differ in length by {abs(lengths[0] - lengths[1]):.0f} mm; "
            "a smudged or partial print is the usual cause."
        )
    return notes


def footprint_measurements(
    report: FootprintReport, taken_at: datetime, note: str = ""
) -> list[NewMeasurement]:
    """One measurement per index and foot, ready for the measurement store."""
    items = []
    for foot in report.feet:
        details = {
            "landmarks": foot.landmarks,
            "axis": foot.axis,
            "warnings": foot.warnings,
            "side_confidence": foot.side_confidence,
            "category": foot.category.value,
            "hernandez_corvo_pct": round(foot.hernandez_corvo_pct, 1),  # no measure kind yet
            "midfoot_contact": foot.midfoot_contact,
        }
        values = [
            (MeasureKind.ARCH_INDEX, foot.arch_index, Unit.RATIO),
            (MeasureKind.CHIPPAUX_SMIRAK, foot.chippaux_smirak_pct, Unit.PERCENT),
            (MeasureKind.STAHELI, foot.staheli, Unit.RATIO),
            (MeasureKind.CLARKE_ANGLE, foot.clarke_deg, Unit.DEG),
            (MeasureKind.FOOT_LENGTH, foot.length_mm, Unit.MM),
            (MeasureKind.FOOT_WIDTH, foot.width_mm, Unit.MM),
        ]
        items += [
            NewMeasurement(
                kind=kind,
                side=foot.side,
                value=float(value),
                unit=unit,
                method=report.method,
                taken_at=taken_at,
                note=note,
                source=report.source,
                details=details,
            )
            for kind, value, unit in values
            if value is not None
        ]
    return items


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


@dataclass(frozen=True)
class PhotoAngleResult:
    source: str
    angle: PhotoAngle
    side: Side | None
    annotated: Path | None = None

    @property
    def kind(self) -> MeasureKind | None:
        return _PRESET_KIND.get(self.angle.preset)

    def to_dict(self) -> dict[str, Any]:
        a = self.angle
        return {
            "source": self.source,
            "preset": a.preset.value,
            "measure": self.kind.value if self.kind else None,
            "side": self.side.value if self.side else None,
            "value_deg": round(a.value_deg, 1),
            "interior_deg": _round(a.interior_deg, 1),
            "definition": a.definition,
            "points": [list(p) for p in a.points],
            "annotated": str(self.annotated) if self.annotated else None,
        }


_PRESET_KIND = {
    AnglePreset.BIG_TOE_EXTENSION: MeasureKind.BIG_TOE_EXTENSION,
    AnglePreset.LUNGE: MeasureKind.ANKLE_DORSIFLEXION,
}


def measure_photo_angle(
    path: Path,
    points: str,
    *,
    preset: AnglePreset = AnglePreset.NONE,
    side: Side | None = None,
    annotate: Path | None = None,
    source: str | None = None,
) -> PhotoAngleResult:
    """The angle defined by points clicked on a photo (see ``vision.pictures.photo_angle``);
    ``source`` is the name the person knows the photo by (default: its path)."""
    image = read_image(path)
    h, w = image.shape[:2]
    angle = measure_angle(parse_points(points), (w, h), preset)
    if annotate is not None:
        write_image(annotate, draw_angle(image, angle))
    return PhotoAngleResult(source or str(path), angle, side, annotate)


def photo_angle_measurements(
    result: PhotoAngleResult, taken_at: datetime, note: str = ""
) -> list[NewMeasurement]:
    """The preset's measurement; a plain three-point angle has no measure kind to store."""
    if result.kind is None:
        raise InvalidInput(
            "A plain angle cannot be saved: footwork would not know what it is.",
            hint="Say what it measures (big-toe extension or the lunge test) to save it.",
            fix=Fix.ANGLE_PRESET,
            field="preset",
        )
    if result.side is None:
        raise InvalidInput(
            "Saving needs the foot.", hint="Say which foot.", fix=Fix.CHOOSE_SIDE, field="side"
        )
    details = {
        "points_px": [list(p) for p in result.angle.points],
        "interior_deg": result.angle.interior_deg,
        "definition": result.angle.definition,
    }
    return [
        NewMeasurement(
            kind=result.kind,
            side=result.side,
            value=result.angle.value_deg,
            unit=Unit.DEG,
            method=Method.PHOTO,
            taken_at=taken_at,
            note=note,
            source=result.source,
            details=details,
        )
    ]


# Use cases: measure a picture, store the result when asked ----------------------------------


def check_picture(path: Path) -> None:
    """Refuse a picture that cannot be read as an image."""
    read_image(path)


@dataclass(frozen=True)
class FootprintOutcome:
    report: FootprintReport
    saved: list[Measurement]


def footprint(
    settings: Settings,
    path: Path,
    *,
    person: str | None = None,
    save: bool = False,
    px_per_mm: float | None = None,
    cell_mm: float | None = None,
    annotate: Path | None = None,
    source: str | None = None,
    taken_at: datetime | None = None,
    note: str = "",
    side: Side | None = None,
    podoscope: bool | None = None,
) -> FootprintOutcome:
    """Arch indices of a footprint photo or pressure grid (with the annotated overlay when
    ``annotate`` is given); stored as measurements when ``save``. A picture with no print is
    refused, so nothing is stored from it."""
    report = analyse_footprint(
        path,
        px_per_mm=px_per_mm,
        cell_mm=cell_mm,
        annotate=annotate,
        source=source,
        side=side,
        podoscope=podoscope,
    )
    if not report.feet:
        raise RetakeNeeded(
            "No footprint was found in this photo.",
            hint="Photograph the whole sheet from straight above, in even light.",
        )
    saved: list[Measurement] = []
    if save:
        when = taken_at or datetime.now().replace(microsecond=0)
        saved = measurements.record(settings, footprint_measurements(report, when, note), person)
    return FootprintOutcome(report, saved)


@dataclass(frozen=True)
class PhotoAngleOutcome:
    result: PhotoAngleResult
    saved: list[Measurement]


def photo_angle(
    settings: Settings,
    path: Path,
    points: str,
    *,
    preset: AnglePreset = AnglePreset.NONE,
    side: Side | None = None,
    person: str | None = None,
    save: bool = False,
    annotate: Path | None = None,
    source: str | None = None,
    taken_at: datetime | None = None,
    note: str = "",
) -> PhotoAngleOutcome:
    """The angle the clicked points define; stored as the preset's measurement when ``save``."""
    result = measure_photo_angle(
        path, points, preset=preset, side=side, annotate=annotate, source=source
    )
    saved: list[Measurement] = []
    if save:
        when = taken_at or datetime.now().replace(microsecond=0)
        saved = measurements.record(settings, photo_angle_measurements(result, when, note), person)
    return PhotoAngleOutcome(result, saved)


@dataclass(frozen=True)
class PointSuggestion:
    points: list[tuple[float, float]]
    angle_deg: float
    warnings: list[str]


def suggest_lunge_points(path: Path, side: str) -> PointSuggestion:
    """Knee and ankle found by the pose model on a lunge photo, for the person to correct."""
    from footwork.services import video  # the pose model: only for this use case

    shin = video.measure_lunge(path, side).shin
    return PointSuggestion([shin.knee_xy, shin.ankle_xy], shin.angle_deg, list(shin.warnings))
