"""Footprint analysis: one print mask in, arch indices and landmarks out.

Order of work (docs/science.md §6): find the toes and the heel first, set the foot axis from
the heel centre to the second-toe tip, then remove the toes and measure the sole in the
foot's own frame. Where no second toe can be found the principal axis of the sole is used
instead and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from scipy import ndimage

from footwork.errors import RetakeNeeded
from footwork.vision.pictures import footprint_geometry as geo
from footwork.vision.pictures.footprint_geometry import FootFrame, Profile
from footwork.vision.pictures.footprint_toes import second_toe, split_toes, toe_tips

HEEL_ZONE = 0.10  # share of the sole length behind which the heel contour is fitted
AXIS_ROUNDS = 3
SIDE_CUE_MARGIN = 0.01  # concavity depths closer than this share of length do not decide

TOE_MAX_GAP = 0.12  # share of print length: a toe starts no farther than this ahead of the ball;
# toe pads print apart from the ball where the toes' bases do not touch (podoscopes, sole photos:
# up to about 10% of the length for the second toe), so a mark farther ahead is a stray mark
_SMUDGE = "There is an ink smudge or a stray mark touching the print."
_SMUDGE_HINT = (
    "Use a clean sheet, wipe spare ink off the foot, and step on and off without sliding."
)

AXIS_CAVANAGH = "heel centre to second-toe tip"
AXIS_FALLBACK = "principal axis of the sole (fallback: no clear second toe)"


@dataclass(frozen=True)
class SideCall:
    medial_sign: int  # +1: medial border on the +across side (image right when toes point up)
    confidence: str  # "high", "medium" or "low"
    reason: str


@dataclass
class PrintAnalysis:
    """Everything measured on one print, in the pixels of the image it was found in."""

    frame: FootFrame
    axis_method: str
    profile: Profile
    marks: geo.WidthMarks
    clarke: geo.Clarke
    side: SideCall
    sole: np.ndarray
    toes: np.ndarray
    second_toe_tip: np.ndarray | None
    big_toe_tip: np.ndarray | None
    foremost_along: float  # front of the whole print (toes included) along the axis
    heel_radius_px: float
    arch_index: float
    chippaux_smirak_pct: float
    staheli: float
    clarke_deg: float
    hernandez_corvo_pct: float
    warnings: list[str] = field(default_factory=list)

    @property
    def midfoot_contact(self) -> bool:
        """False for a broken print: heel and forefoot are separate (a very high arch)."""
        return geo.midfoot_contact(self.marks)

    @property
    def full_length_px(self) -> float:
        return self.foremost_along - self.profile.back

    @property
    def max_width_px(self) -> float:
        return float(self.profile.widths.max())

    def moved(self, offset: np.ndarray, shape: tuple[int, ...]) -> PrintAnalysis:
        """The same analysis with image coordinates shifted by ``offset`` (x, y) into a
        larger image of ``shape``; used after analysing a crop."""
        x, y = int(offset[0]), int(offset[1])

        def embed(mask: np.ndarray) -> np.ndarray:
            full = np.zeros(shape, bool)
            full[y : y + mask.shape[0], x : x + mask.shape[1]] = mask
            return full

        def shift(point: np.ndarray | None) -> np.ndarray | None:
            return None if point is None else point + offset

        return replace(
            self,
            frame=FootFrame(self.frame.heel + offset, self.frame.axis),
            sole=embed(self.sole),
            toes=embed(self.toes),
            second_toe_tip=shift(self.second_toe_tip),
            big_toe_tip=shift(self.big_toe_tip),
        )


def analyse_print(mask: np.ndarray, length_px: float) -> PrintAnalysis:
    """Analyse one whole print (sole and toes) given as a boolean mask.

    The mask is cropped to the print first; coordinates in the result refer to ``mask``.
    """
    ys, xs = np.nonzero(mask)
    pad = 4
    y0, x0 = max(ys.min() - pad, 0), max(xs.min() - pad, 0)
    crop = mask[y0 : ys.max() + pad + 1, x0 : xs.max() + pad + 1]
    return _analyse_crop(crop, length_px).moved(np.array([x0, y0], float), mask.shape)


def _analyse_crop(mask: np.ndarray, length_px: float) -> PrintAnalysis:
    direction, centre = principal_direction(mask)
    parts = split_toes(mask, direction, centre, length_px)
    sole = _main_sole(parts.sole)
    _check_toes_touch_the_ball(parts.toes, sole, direction, length_px)
    frame, tips, radius = _locate_axis(sole, parts.toes, direction, length_px)
    pair = second_toe(tips)
    axis_method = AXIS_CAVANAGH if pair else AXIS_FALLBACK
    profile = geo.sole_profile(sole, frame)
    side = _decide_side(profile, frame, pair[0].point if pair else None)
    marks = geo.width_marks(profile)
    clarke = geo.clarke(profile, side.medial_sign)
    analysis = PrintAnalysis(
        frame=frame,
        axis_method=axis_method,
        profile=profile,
        marks=marks,
        clarke=clarke,
        side=side,
        sole=sole,
        toes=parts.toes & mask,
        second_toe_tip=pair[1].point if pair else None,
        big_toe_tip=pair[0].point if pair else None,
        foremost_along=_foremost(mask, frame),
        heel_radius_px=radius,
        arch_index=geo.arch_index(profile),
        chippaux_smirak_pct=geo.chippaux_smirak(marks),
        staheli=geo.staheli(marks),
        clarke_deg=clarke.angle_deg,
        hernandez_corvo_pct=geo.hernandez_corvo(profile, marks),
    )
    analysis.warnings.extend(_warnings(analysis, tips))
    return analysis


def with_medial_side(analysis: PrintAnalysis, medial_sign: int, reason: str) -> PrintAnalysis:
    """The analysis with the medial border on ``medial_sign``'s side, as someone who saw the
    foot says (the left/right guess overridden): Clarke's angle is measured on that border."""
    clarke = geo.clarke(analysis.profile, medial_sign)
    notes = [w for w in analysis.warnings if not w.startswith("Unsure which foot")]
    return replace(
        analysis,
        side=SideCall(medial_sign, "given", reason),
        clarke=clarke,
        clarke_deg=clarke.angle_deg,
        warnings=notes,
    )


def principal_direction(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Long axis of the print (from image moments), pointing to its wider end (forefoot)."""
    m = cv2.moments(mask.astype(np.uint8), binaryImage=True)
    centre = np.array([m["m10"] / m["m00"], m["m01"] / m["m00"]])
    angle = 0.5 * np.arctan2(2 * m["mu11"], m["mu20"] - m["mu02"])
    direction = np.array([np.cos(angle), np.sin(angle)])
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    points = np.concatenate([c[:, 0, :] for c in contours]).astype(np.float64) - centre
    along = points @ direction
    across = points @ np.array([-direction[1], direction[0]])
    span = np.ptp(along)
    front = along > along.max() - 0.35 * span
    back = along < along.min() + 0.35 * span
    if np.ptp(across[front]) < np.ptp(across[back]):
        direction = -direction
    return direction, centre


def _main_sole(sole: np.ndarray) -> np.ndarray:
    """Drop sole crumbs: keep pieces at least 5% of the biggest (a broken print has two)."""
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(
        sole.astype(np.uint8), connectivity=8
    )
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.flatnonzero(areas >= 0.05 * areas.max()) + 1
    if keep.size > 2:  # heel and forefoot at most; a third piece is a smudge
        raise RetakeNeeded(_SMUDGE, hint=_SMUDGE_HINT)
    return np.isin(labels, keep)


def _check_toes_touch_the_ball(
    toes: np.ndarray, sole: np.ndarray, direction: np.ndarray, length_px: float
) -> None:
    """A 'toe' far in front of the ball is a stray mark, not a toe."""
    count, labels = cv2.connectedComponents(toes.astype(np.uint8), connectivity=8)
    if count <= 1:
        return
    sy, sx = np.nonzero(sole)
    front = (np.column_stack([sx, sy]) @ direction).max()
    ty, tx = np.nonzero(labels)
    along = np.column_stack([tx, ty]) @ direction
    rear = ndimage.minimum(along, labels[ty, tx], np.arange(1, count))
    if (np.asarray(rear) - front).max() > TOE_MAX_GAP * length_px:
        raise RetakeNeeded(_SMUDGE, hint=_SMUDGE_HINT)


def _locate_axis(
    sole: np.ndarray, toes: np.ndarray, direction: np.ndarray, length_px: float
) -> tuple[FootFrame, list, float]:
    """Alternate heel-circle fit and second-toe search until the axis settles."""
    axis = direction
    tips: list = []
    heel, radius = _heel_centre(sole, axis)
    for _ in range(AXIS_ROUNDS):
        heel, radius = _heel_centre(sole, axis)
        tips = toe_tips(toes, heel, axis, length_px)
        pair = second_toe(tips)
        if pair is None:
            axis = _sole_axis(sole, direction)
            heel, radius = _heel_centre(sole, axis)
            break
        new_axis = (pair[1].point - heel) / np.linalg.norm(pair[1].point - heel)
        if np.degrees(np.arccos(np.clip(new_axis @ axis, -1, 1))) < 0.05:
            axis = new_axis
            break
        axis = new_axis
    return FootFrame(heel, axis), tips, radius


def _sole_axis(sole: np.ndarray, direction: np.ndarray) -> np.ndarray:
    principal, _ = principal_direction(sole)
    return principal if principal @ direction > 0 else -principal


def _heel_centre(sole: np.ndarray, axis: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre of a circle fitted to the rear contour of the heel (rear 10% of the sole)."""
    contours, _ = cv2.findContours(sole.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    points = np.concatenate([c[:, 0, :] for c in contours]).astype(np.float64)
    along = points @ axis
    span = np.ptp(along)
    rear = points[along < along.min() + HEEL_ZONE * span]
    x, y = rear[:, 0], rear[:, 1]
    design = np.column_stack([x, y, np.ones_like(x)])
    (a, b, c), *_ = np.linalg.lstsq(design, x**2 + y**2, rcond=None)
    centre = np.array([a / 2, b / 2])
    radius = float(np.sqrt(max(c + centre @ centre, 0.0)))
    if not 0.03 * span < radius < 0.4 * span:
        return rear.mean(axis=0), 0.0  # not a round heel: centroid of the rear contour
    return centre, radius


def _foremost(mask: np.ndarray, frame: FootFrame) -> float:
    ys, xs = np.nonzero(mask)
    along, _ = frame.coords(np.column_stack([xs, ys]))
    return float(along.max()) + 1.0


def _decide_side(profile: Profile, frame: FootFrame, big_toe: np.ndarray | None) -> SideCall:
    """Medial border from the big-toe side and the arch-concavity side, with how sure we are."""
    plus = geo.concavity_depth(profile, +1)
    minus = geo.concavity_depth(profile, -1)
    arch_sign = 0
    if abs(plus - minus) > SIDE_CUE_MARGIN * profile.length:
        arch_sign = 1 if plus > minus else -1
    toe_sign = 0
    if big_toe is not None:
        toe_sign = 1 if frame.coords(big_toe[None, :])[1][0] > 0 else -1
    if toe_sign and arch_sign == toe_sign:
        return SideCall(toe_sign, "high", "big toe and arch curve are on the same side")
    if toe_sign and not arch_sign:
        return SideCall(toe_sign, "medium", "from the big toe; the arch curve is too shallow")
    if arch_sign and not toe_sign:
        return SideCall(arch_sign, "medium", "from the arch curve; no clear big toe")
    if toe_sign:
        return SideCall(toe_sign, "low", "big toe and arch curve point to different sides")
    return SideCall(1, "low", "neither a big toe nor an arch curve could be seen")


def _warnings(analysis: PrintAnalysis, tips: list) -> list[str]:
    notes = []
    if analysis.axis_method == AXIS_FALLBACK:
        notes.append(
            "No clear second toe: the foot axis is the sole's principal axis, not the "
            "heel-to-second-toe line of the published method; indices may be shifted."
        )
    if not analysis.midfoot_contact:
        notes.append(
            "No midfoot contact: the heel and the forefoot printed as separate marks, the "
            "sign of a very high arch. They were measured as one print; the midfoot indices "
            "are 0 (Chippaux-Smirak, Staheli) or near it (arch index)."
        )
    if not analysis.toes.any():
        notes.append("No toes were found in front of the sole; the whole print was measured.")
    if analysis.side.confidence == "low":
        notes.append(f"Unsure which foot this is: {analysis.side.reason}.")
    return notes
