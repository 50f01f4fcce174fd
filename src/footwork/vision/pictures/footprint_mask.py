"""From a photo of paper to one binary mask per footprint, with the quality gates that go with it.

Ink is found as "darker than the local paper": the paper's brightness is estimated with a
large grey-level closing (which wipes out the print), the photo is divided by it (flat field),
and Otsu's threshold splits ink from paper. Components are grouped into prints; toes stay
with their print. Anything that cannot support a measurement raises ``RetakeNeeded``.

A plantar photo with its background removed (the sole seen through glass, cut out onto white)
is not an ink print: its outline is the whole sole, arch included. There the contact is the
pale, pressed skin and the skin that does not touch is darker, so the contact area is found
inside the outline (see ``SkinPhotoRules``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage

from footwork.errors import RetakeNeeded
from footwork.vision.pictures.footprint import principal_direction
from footwork.vision.pictures.footprint_toes import opening, split_toes

MIN_CONTRAST = 0.12  # mean darkness of ink minus paper, after flat-fielding (0..1)
MIN_PRINT_FRACTION = 0.01  # a print must cover at least this share of the photo
SPECK_FRACTION = 0.004  # pieces smaller than this share of the biggest piece are dust
GROUP_RADIUS = 0.06  # pieces closer than this share of the print length belong together
SMUDGE_FRACTION = 0.02  # a loose piece this big (share of a print) is a smudge
MIN_ASPECT = 1.75  # length/width of a whole print; rounder blobs are overlaps or smudges
MIN_WHITE_SHARE = 0.15  # pure-white share of a photo whose background was cut out (or blown)


@dataclass(frozen=True)
class BrokenPrintRules:
    """When a heel island and a forefoot island are one high-arched print (no midfoot contact).

    A very high arch leaves the heel and the forefoot (with the toes) as two separate marks.
    Each is too round to be a whole print, so they are joined only when they line up as the
    two ends of one foot; otherwise they stay two marks and are refused as smudges. The
    ranges are wide around adult feet (heel contact about half the forefoot's area, the heel
    about two thirds of its width and always narrower, feet about 2.2-3 times as long as
    wide): they trade a smudge that happens to sit where a heel would be (joined, then
    usually refused by the print's own checks) for never refusing a real high arch.
    """

    heel_area: tuple[float, float] = (0.15, 0.9)  # heel island area / forefoot island area
    heel_width: tuple[float, float] = (0.35, 0.9)  # heel width / forefoot width, across the foot
    length_to_width: tuple[float, float] = (2.0, 3.6)  # whole print length / forefoot width
    max_gap: float = 0.45  # empty stretch between the islands, share of the whole print length
    max_offset: float = 0.35  # heel centre off the forefoot's middle, share of forefoot width
    max_tilt_deg: float = 35.0  # forefoot's long side vs the heel-forefoot line: near square


BROKEN = BrokenPrintRules()


@dataclass(frozen=True)
class SkinPhotoRules:
    """How a cut-out plantar photo is told from an ink print, and its contact area found.

    Skin pressed on glass pales; skin that does not touch (under the arch, where the sole
    curves up at its border) stays darker. Ink is the other way round: darkest where pressed,
    thinning at the edge. So a print whose border band is clearly darker than its middle, on
    a background that was cut out to pure white, is a photo of skin: its contact is what is
    at least halfway from the darker free skin (the border band's level) to the pressed skin
    (the middle's level). The median filter keeps that edge where it is while skin lines and
    pores do not decide it. An ink print on white paper never has a dark border band, so it
    keeps its whole outline; a skin photo not cut out to white is left to the podoscope
    reading.
    """

    cut_out_level: int = 250  # grey at or above which the background was removed (white)
    cut_out_share: float = 0.9  # share of the background that must be that white
    border_band_px: tuple[float, float] = (1.0, 4.0)  # depth of the border band inside
    darker_border: float = 0.15  # border band darker than the middle by this share of it
    contact_level: float = 0.5  # threshold: this far from the free skin to the pressed skin
    median_share: float = 0.015  # median filter size, share of the print length
    crumb_share: float = 0.005  # contact bits thinner than this share of the length go


SKIN = SkinPhotoRules()

_HINT_CONTRAST = (
    "Use more ink (or a wetter foot on darker paper), light the paper evenly without shadows, "
    "and photograph it straight from above."
)
_HINT_FRAME = (
    "Keep the whole print inside the photo with a margin around it, and either fill the frame "
    "with the paper or show the whole sheet with a little table around it."
)


@dataclass(frozen=True)
class PrintMask:
    """One footprint (sole and toes) as a boolean mask the size of the working image."""

    mask: np.ndarray
    length_px: float  # long side of the print's minimum-area rectangle
    centre: tuple[float, float]  # (x, y)


def ink_darkness(image: np.ndarray) -> np.ndarray:
    """0 for paper, towards 1 for ink; corrected for uneven light and paper colour.

    Where the background was cut out to pure white (or the paper is blown out) there is no
    uneven light to correct, and a print that fills the frame would defeat the estimate of
    the paper's brightness, so the darkness is taken against white. On a cut-out photo of
    the sole, the skin that does not touch is no print: its darkness is 0 (``skin_contact``).
    """
    channel = image.min(axis=2) if image.ndim == 3 else image
    white = float(np.mean(channel >= SKIN.cut_out_level))
    channel = channel.astype(np.float32) + 1.0
    if white >= MIN_WHITE_SHARE:
        darkness = np.clip(1.0 - channel / 256.0, 0.0, 1.0)
        contact = skin_contact(darkness)
        return darkness if contact is None else np.where(contact, darkness, 0.0)
    background = _paper_brightness(channel)
    return np.clip(1.0 - channel / background, 0.0, 1.0)


def _paper_brightness(channel: np.ndarray) -> np.ndarray:
    h, w = channel.shape
    factor = max(1, round(max(h, w) / 200))
    small = cv2.resize(channel, (w // factor, h // factor), interpolation=cv2.INTER_AREA)
    size = max(3, int(0.45 * min(small.shape)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REFLECT)
    closed = cv2.GaussianBlur(closed, (0, 0), size / 4)
    return np.maximum(cv2.resize(closed, (w, h), interpolation=cv2.INTER_LINEAR), 1.0)


def ink_mask(darkness: np.ndarray) -> np.ndarray:
    """Binary ink mask by Otsu's threshold; refuses a photo with too little contrast."""
    return _outline(darkness)


def _outline(darkness: np.ndarray) -> np.ndarray:
    if float(darkness.max()) - float(np.percentile(darkness, 5)) < MIN_CONTRAST:
        raise RetakeNeeded("No footprint found: the photo looks blank.", hint=_HINT_CONTRAST)
    scaled = np.round(darkness * 255).astype(np.uint8)
    _level, binary = cv2.threshold(scaled, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = binary > 0
    if darkness[ink].mean() - darkness[~ink].mean() < MIN_CONTRAST:
        raise RetakeNeeded(
            "The print is too faint to tell apart from the paper.", hint=_HINT_CONTRAST
        )
    kernel = np.ones((3, 3), np.uint8)
    cleaned = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    cleaned = cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, kernel)
    return ndimage.binary_fill_holes(cleaned > 0)


def is_sole_photo(image: np.ndarray) -> bool:
    """True for a cut-out photo of the sole itself (taken from below, through glass): its
    prints are mirror images of ink prints on paper, so a left foot looks like a right print."""
    channel = image.min(axis=2) if image.ndim == 3 else image
    if np.mean(channel >= SKIN.cut_out_level) < MIN_WHITE_SHARE:
        return False
    darkness = np.clip(1.0 - (channel.astype(np.float32) + 1.0) / 256.0, 0.0, 1.0)
    try:
        outline = _outline(darkness)
    except RetakeNeeded:
        return False
    return _skin_levels(_grey(darkness), outline) is not None


def _grey(darkness: np.ndarray) -> np.ndarray:
    return np.round((1.0 - darkness) * 256.0 - 1.0).clip(0, 255).astype(np.uint8)


def _skin_levels(grey: np.ndarray, outline: np.ndarray) -> tuple[float, float] | None:
    """(free skin, pressed skin) grey levels of a cut-out sole photo; None for anything else."""
    background = grey[~outline]
    if background.size == 0 or np.mean(background >= SKIN.cut_out_level) < SKIN.cut_out_share:
        return None
    depth = cv2.distanceTransform(outline.astype(np.uint8), cv2.DIST_L2, 5)
    if depth.max() <= 2 * SKIN.border_band_px[1]:
        return None
    band = (depth > SKIN.border_band_px[0]) & (depth <= SKIN.border_band_px[1])
    middle = depth > 0.5 * depth.max()
    free, pressed = float(np.median(grey[band])), float(np.median(grey[middle]))
    if pressed - free < SKIN.darker_border * pressed:
        return None  # no dark border band: ink, or a print photographed some other way
    return free, pressed


def skin_contact(darkness: np.ndarray) -> np.ndarray | None:
    """The contact area of a cut-out plantar photo, from its darkness against white; None if
    the photo is not one (or shows nothing to outline)."""
    try:
        outline = _outline(darkness)
    except RetakeNeeded:
        return None  # the measurement itself will say what is wrong
    grey = _grey(darkness)
    levels = _skin_levels(grey, outline)
    if levels is None:
        return None
    free, pressed = levels
    length = _length_px(outline)
    size = max(3, int(SKIN.median_share * length) | 1)
    smooth = cv2.medianBlur(np.where(outline, grey, round(free)).astype(np.uint8), size)
    contact = outline & (smooth >= free + SKIN.contact_level * (pressed - free))
    contact = opening(contact, SKIN.crumb_share * length)
    return ndimage.binary_fill_holes(contact | _outline_toes(outline))


def _outline_toes(outline: np.ndarray) -> np.ndarray:
    """The toes of each print-sized outline, whole. Toes are landmarks (the second-toe tip
    sets the axis), never part of an index, and a toe pad that only half touches the glass
    would otherwise lose the tip."""
    toes = np.zeros_like(outline)
    groups = _group(outline, outline.shape)
    biggest = max(int(g.mask.sum()) for g in groups)
    for g in groups:
        if g.mask.sum() >= 0.4 * biggest:
            direction, centre = principal_direction(g.mask)
            toes |= split_toes(g.mask, direction, centre, g.length_px).toes
    return toes


def find_prints(mask: np.ndarray, border: int = 0) -> list[PrintMask]:
    """One or two whole prints, left to right in the image; refuses anything doubtful."""
    pieces = _pieces(mask)
    groups = _join_broken_prints(_group(pieces, mask.shape))
    prints = [p for p in groups if p.mask.sum() >= 0.4 * max(g.mask.sum() for g in groups)]
    _check_leftovers(groups, prints)
    if len(prints) > 2:
        raise RetakeNeeded(
            f"Found {len(prints)} print-sized marks; footwork reads one or two feet per photo.",
            hint="Photograph each sheet on its own and keep other marks out of the frame.",
        )
    for p in prints:
        _check_print(p, mask.shape, border)
    return sorted(prints, key=lambda p: p.centre[0])


def _pieces(mask: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    areas = stats[1:, cv2.CC_STAT_AREA]
    if count <= 1 or areas.max() < MIN_PRINT_FRACTION * mask.size:
        raise RetakeNeeded("No footprint found on the paper.", hint=_HINT_CONTRAST)
    keep = np.flatnonzero(areas >= SPECK_FRACTION * areas.max()) + 1
    return np.isin(labels, keep)


def _group(pieces: np.ndarray, shape: tuple[int, ...]) -> list[PrintMask]:
    biggest = _length_px(pieces)
    radius = max(2.0, GROUP_RADIUS * biggest)
    gap = cv2.distanceTransform((~pieces).astype(np.uint8), cv2.DIST_L2, 5)
    joined = (gap <= radius).astype(np.uint8)
    count, labels = cv2.connectedComponents(joined, connectivity=8)
    groups = []
    for label in range(1, count):
        member = pieces & (labels == label)
        ys, xs = np.nonzero(member)
        groups.append(PrintMask(member, _length_px(member), (xs.mean(), ys.mean())))
    return groups


def _join_broken_prints(groups: list[PrintMask]) -> list[PrintMask]:
    """Join each heel island to the forefoot island it lines up with (see BrokenPrintRules).

    Only marks too round to be a whole print are candidates; a whole print never is, so a
    second print beside a first is left alone. Pairs are taken best first (smallest gap).
    """
    rounds = [g for g in groups if g.length_px / max(_width_px(g.mask), 1.0) < MIN_ASPECT]
    pairs = []
    for heel in rounds:
        for fore in rounds:
            if heel is not fore:
                gap = _broken_print_gap(heel, fore)
                if gap is not None:
                    pairs.append((gap, heel, fore))
    used: list[PrintMask] = []
    joined = []
    for _gap, heel, fore in sorted(pairs, key=lambda p: p[0]):
        if any(heel is u or fore is u for u in used):
            continue
        used += [heel, fore]
        both = heel.mask | fore.mask
        ys, xs = np.nonzero(both)
        joined.append(PrintMask(both, _length_px(both), (xs.mean(), ys.mean())))
    return [g for g in groups if not any(g is u for u in used)] + joined


def _broken_print_gap(heel: PrintMask, fore: PrintMask) -> float | None:
    """The gap (px) between a heel island and a forefoot island if they make one foot."""
    heel_area, fore_area = float(heel.mask.sum()), float(fore.mask.sum())
    if not BROKEN.heel_area[0] <= heel_area / fore_area <= BROKEN.heel_area[1]:
        return None
    line = np.subtract(fore.centre, heel.centre)
    distance = float(np.hypot(*line))
    if distance < 1.0:
        return None
    along_dir = line / distance
    across_dir = np.array([-along_dir[1], along_dir[0]])

    def extent(mask: np.ndarray, direction: np.ndarray) -> np.ndarray:
        ys, xs = np.nonzero(mask)
        return np.column_stack([xs, ys]) @ direction

    h_along, f_along = extent(heel.mask, along_dir), extent(fore.mask, along_dir)
    h_across, f_across = extent(heel.mask, across_dir), extent(fore.mask, across_dir)
    fore_width = float(np.ptp(f_across)) + 1.0
    length = float(f_along.max() - h_along.min()) + 1.0
    gap = float(f_along.min() - h_along.max())
    offset = abs(float(np.median(h_across) - np.median(f_across)))
    checks = (
        BROKEN.heel_width[0] <= (np.ptp(h_across) + 1.0) / fore_width <= BROKEN.heel_width[1],
        BROKEN.length_to_width[0] <= length / fore_width <= BROKEN.length_to_width[1],
        0.0 < gap <= BROKEN.max_gap * length,
        offset <= BROKEN.max_offset * fore_width,
        _tilt_deg(fore.mask, across_dir) <= BROKEN.max_tilt_deg,
    )
    return gap if all(checks) else None


def _tilt_deg(mask: np.ndarray, across: np.ndarray) -> float:
    """Angle between a mark's long side (min-area rectangle) and ``across``; 0 for a square."""
    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    (_, _), (w, h), angle = cv2.minAreaRect(np.concatenate(contours))
    if max(w, h) < 1.15 * min(w, h):
        return 0.0  # about square: no long side to speak of
    theta = np.radians(angle if w >= h else angle + 90.0)
    long_side = np.array([np.cos(theta), np.sin(theta)])
    return float(np.degrees(np.arccos(min(1.0, abs(long_side @ across)))))


def _rect_sides(mask: np.ndarray) -> tuple[float, float]:
    """(long, short) side of the minimum-area rectangle around a mask."""
    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    (_, _), (w, h), _ = cv2.minAreaRect(np.concatenate(contours))
    return float(max(w, h)), float(min(w, h))


def _length_px(mask: np.ndarray) -> float:
    return _rect_sides(mask)[0]


def _width_px(mask: np.ndarray) -> float:
    return _rect_sides(mask)[1]


def _check_leftovers(groups: list[PrintMask], prints: list[PrintMask]) -> None:
    smallest_print = min(int(p.mask.sum()) for p in prints)
    for g in groups:
        if any(g is p for p in prints):
            continue
        if g.mask.sum() >= SMUDGE_FRACTION * smallest_print:
            raise RetakeNeeded(
                "There are ink smudges or stray marks on the paper besides the print.",
                hint="Use a clean sheet, wipe spare ink off the foot, and step on and off "
                "without sliding.",
            )


def _check_print(p: PrintMask, shape: tuple[int, ...], border: int) -> None:
    ys, xs = np.nonzero(p.mask)
    h, w = shape[:2]
    edge = border + 1
    if ys.min() <= edge or xs.min() <= edge or ys.max() >= h - 1 - edge or xs.max() >= w - 1 - edge:
        raise RetakeNeeded(
            "The print is cut off by the edge of the paper or of the photo.", hint=_HINT_FRAME
        )
    if p.length_px / max(_width_px(p.mask), 1.0) < MIN_ASPECT:
        raise RetakeNeeded(
            "The print looks smudged or like two prints on top of each other.",
            hint="Step onto a clean sheet once, straight down, and lift the foot without "
            "sliding; print each foot on its own area of the paper.",
        )
