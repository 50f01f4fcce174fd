"""From a photo of footprints (ink on paper, or a podoscope) to analysed prints with a scale.

The photo is shrunk to a working size first (the indices need about 2-4 px/mm, not 12 MP).
If the whole A4/Letter sheet is visible it is rectified to a top-down view, which also gives
millimetres; ``px_per_mm`` given by the user overrides that.

Paper prints are dark on light; a podoscope's contact area is light on a dark plate
(vision/pictures/podoscope.py). ``podoscope=None`` decides which from the photo: a whole
sheet found means paper, otherwise the photo's edge (light paper or dark plate) decides.
A podoscope photo has no sheet, so it has no millimetre scale unless ``px_per_mm`` is given;
the indices are ratios and do not need one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from footwork.errors import InvalidInput, RetakeNeeded
from footwork.vision.pictures.footprint import PrintAnalysis, analyse_print
from footwork.vision.pictures.footprint_mask import (
    PrintMask,
    find_prints,
    ink_darkness,
    ink_mask,
    is_sole_photo,
)
from footwork.vision.pictures.paper import Rectified, Sheet, find_sheet, rectify
from footwork.vision.pictures.podoscope import contact_mask, looks_like_podoscope

WORKING_LONG_SIDE = 1400  # px of the working image's long side
RECTIFIED_PX_PER_MM = (2.5, 4.0)  # the rectified sheet's scale is kept inside this range
MIN_PRINT_PX = 260  # shortest print (in working pixels) that gives indices to ±0.01
PLAUSIBLE_LENGTH_MM = (120.0, 360.0)
SHEET_MARGIN_MM = 2.0

NO_SCALE_PODOSCOPE = (
    "A podoscope photo has no paper to measure by, so lengths are not given in millimetres; "
    "the arch indices are ratios and do not need a scale. To get lengths, give the scale "
    "(pixels per millimetre, from a ruler laid on the glass)."
)


@dataclass
class FootprintPhoto:
    """The working image, the prints found in it and their analyses."""

    image: np.ndarray  # the (possibly rectified) working image all coordinates refer to
    px_per_mm: float | None  # of the working image
    scale_source: str  # "sheet A4", "given", or "none"
    prints: list[PrintAnalysis]
    # True: read as a podoscope photo (light contact on a dark plate, seen from below, so a
    # left foot looks like a right footprint on paper); False: ink on paper (seen from above).
    podoscope: bool = False
    notes: list[str] = field(default_factory=list)  # what the reader should know (no scale...)
    # Seen from below (a podoscope, or a cut-out photo of the sole through glass): the prints
    # are mirror images of ink prints on paper, so a left foot looks like a right print.
    from_below: bool = False


def analyse_photo(
    image: np.ndarray,
    px_per_mm: float | None = None,
    long_side: float = WORKING_LONG_SIDE,
    max_px_per_mm: float = RECTIFIED_PX_PER_MM[1],
    podoscope: bool | None = None,
) -> FootprintPhoto:
    """Find and analyse every print in a photo; refuse photos that need a retake.

    ``long_side`` and ``max_px_per_mm`` set the working resolution (the photo is shrunk to
    at most ``long_side`` px, a found sheet is rectified at most at ``max_px_per_mm``).
    ``podoscope``: None decides the polarity from the photo (paper ink is dark on light, a
    podoscope's contact area light on dark); True reads a podoscope photo, False paper.
    """
    if px_per_mm is not None and not 0.2 <= px_per_mm <= 100:
        raise InvalidInput(
            f"A scale of {px_per_mm:g} px/mm is not plausible for a photo of a footprint.",
            hint="Measure a ruler in the photo: pixels between two marks ÷ millimetres.",
        )
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    work, factor = _working_copy(image, long_side)
    scale_given = None if px_per_mm is None else px_per_mm / factor
    sheet = find_sheet(work) if podoscope is None or not (podoscope or scale_given) else None
    decided = sheet is None and looks_like_podoscope(work) if podoscope is None else podoscope
    try:
        if decided:
            view, scale, margin = work, scale_given, 0
            source = "none" if scale is None else "given"
            masks = find_prints(contact_mask(view))
        else:
            view, scale, source, margin = _view(work, scale_given, max_px_per_mm, sheet)
            masks = find_prints(_restrict(ink_mask(ink_darkness(view)), margin), margin)
    except RetakeNeeded as exc:
        if podoscope is None:
            raise
        raise _wrong_polarity(exc, work, podoscope) from exc
    podoscope = decided
    shortest = min(m.length_px for m in masks)
    if shortest < MIN_PRINT_PX and factor > 1.0 and not source.startswith("sheet"):
        bigger = long_side * MIN_PRINT_PX * 1.2 / shortest
        return analyse_photo(image, px_per_mm, bigger, max_px_per_mm, podoscope)
    prints = [_analyse(m, scale, podoscope) for m in masks]
    notes = [NO_SCALE_PODOSCOPE] if podoscope and scale is None else []
    below = podoscope or is_sole_photo(view)
    return FootprintPhoto(view, scale, source, prints, podoscope, notes, from_below=below)


def _wrong_polarity(exc: RetakeNeeded, work: np.ndarray, forced: bool) -> RetakeNeeded:
    """The retake message, plus a word on the choice of medium when the photo looks like the
    other one (a podoscope photo read as paper, or the reverse)."""
    seems = find_sheet(work) is None and looks_like_podoscope(work)
    if seems == forced:
        return exc
    podoscope, paper = "a podoscope photo", "a print on paper"
    told, looks = (podoscope, paper) if forced else (paper, podoscope)
    return RetakeNeeded(
        f"{exc.message} It was read as {told}, but it looks like {looks}.",
        hint="Let footwork decide which kind of photo it is (leave the podoscope setting out), "
        "or check that this is the right photo.",
    )


def _working_copy(image: np.ndarray, long_side: float) -> tuple[np.ndarray, float]:
    factor = max(1.0, max(image.shape[:2]) / long_side)
    if factor == 1.0:
        return image, 1.0
    size = (round(image.shape[1] / factor), round(image.shape[0] / factor))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def _view(
    work: np.ndarray, scale: float | None, max_px_per_mm: float, sheet: Sheet | None
) -> tuple[np.ndarray, float | None, str, int]:
    """The image to segment, its scale, where the scale came from, and a border to ignore."""
    if scale is not None:
        return work, scale, "given", 0
    if sheet is None:
        return work, None, "none", 0
    seen = max(np.linalg.norm(sheet.corners - np.roll(sheet.corners, -1, axis=0), axis=1))
    target = float(np.clip(seen / max(sheet.size_mm), RECTIFIED_PX_PER_MM[0], max_px_per_mm))
    flat: Rectified = rectify(work, sheet, target)
    return flat.image, target, f"sheet {sheet.name}", max(2, round(SHEET_MARGIN_MM * target))


def _restrict(mask: np.ndarray, margin: int) -> np.ndarray:
    if margin:
        mask = mask.copy()
        mask[:margin, :] = mask[-margin:, :] = False
        mask[:, :margin] = mask[:, -margin:] = False
    return mask


def _analyse(found: PrintMask, scale: float | None, podoscope: bool) -> PrintAnalysis:
    if found.length_px < MIN_PRINT_PX:
        closer = "the plate" if podoscope else "the paper"
        raise RetakeNeeded(
            f"The print is too small in the photo ({found.length_px:.0f} px long) to measure.",
            hint=f"Move the camera closer so {closer} fills the frame, or use a higher resolution.",
        )
    analysis = analyse_print(found.mask, found.length_px)
    if scale is not None:
        length = analysis.full_length_px / scale
        low, high = PLAUSIBLE_LENGTH_MM
        if not low <= length <= high:
            raise RetakeNeeded(
                f"The print measures {length:.0f} mm long, which is not a plausible adult foot.",
                hint="Check the scale (px/mm)"
                + ("." if podoscope else " or show the whole A4/Letter sheet flat in the photo."),
            )
    return analysis
