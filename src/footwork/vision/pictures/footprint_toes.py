"""Separating the toes from the sole of one print, and finding the toe tips.

The sole (ball, midfoot, heel) is what survives a morphological opening with a disc wider
than any toe; pieces the opening removes at the front of the print are toes, with the narrow
neck that joins them to the ball. Each toe has a core (a maximum of the distance to its
outline), even where toes touch; its tip is the foremost toe pixel nearest that core. The
widest toe at either end of the row is the big toe and its neighbour is the second toe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage

OPENING_RADIUS = 0.07  # disc radius as a share of print length: wider than the big toe
BODY_SHARE = 0.15  # opened pieces smaller than this share of the biggest may be toes
NOTCH_ZONE = 0.75  # notches between merged toes and the ball lie in front of this share
NOTCH_DEPTH = 0.010  # share of print length: shallower dents in the outline are not notches
TOE_ZONE = 0.72  # toes lie in front of this share of the print length, from the heel
MIN_TOE_THICKNESS = 0.012  # half-width of the thinnest toe, share of print length
MIN_TOE_GAP = 0.02  # window (share of print length) in which a toe core is the maximum
CORE_MERGE = 0.03  # toe cores closer than this share of print length are one toe


@dataclass(frozen=True)
class ToeTip:
    point: np.ndarray  # (x, y) image px
    size_px: float  # half-width of the toe at its core


@dataclass(frozen=True)
class SoleAndToes:
    sole: np.ndarray  # bool mask, toes removed
    toes: np.ndarray  # bool mask of all toe pixels (may be empty)


def opening(mask: np.ndarray, radius: float) -> np.ndarray:
    """Binary opening with a disc, via two Euclidean distance transforms (fast at any radius)."""
    inside = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 5)
    core = (inside > radius).astype(np.uint8)
    outside = cv2.distanceTransform(1 - core, cv2.DIST_L2, 5)
    return (outside <= radius) & mask


def split_toes(
    mask: np.ndarray, heel_to_toe: np.ndarray, origin: np.ndarray, length_px: float
) -> SoleAndToes:
    """Remove toes: front pieces that a disc wider than a toe cannot enter, if thick enough."""
    ys, xs = np.nonzero(mask)
    along = (np.column_stack([xs, ys]) - origin) @ heel_to_toe
    back, span = along.min(), np.ptp(along)

    def in_toe_zone(centres: np.ndarray) -> np.ndarray:
        return ((centres - origin) @ heel_to_toe - back) / span > TOE_ZONE

    body = _sole_body(opening(mask, OPENING_RADIUS * length_px), in_toe_zone)
    residual = mask & ~body
    count, labels, _, centres = cv2.connectedComponentsWithStats(
        residual.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return SoleAndToes(mask.copy(), np.zeros_like(mask))
    thickness = cv2.distanceTransform(residual.astype(np.uint8), cv2.DIST_L2, 5)
    thickest = ndimage.maximum(thickness, labels, np.arange(1, count))
    is_toe = in_toe_zone(centres[1:]) & (np.asarray(thickest) >= MIN_TOE_THICKNESS * length_px)
    toes = np.isin(labels, np.flatnonzero(is_toe) + 1)
    toes |= _merged_toes(mask & ~toes, heel_to_toe, origin, back + NOTCH_ZONE * span, length_px)
    return SoleAndToes(mask & ~toes, toes)


def _merged_toes(
    sole: np.ndarray, axis: np.ndarray, origin: np.ndarray, zone_start: float, length_px: float
) -> np.ndarray:
    """Toes that touch each other and the ball leave notches in the sole's front outline;
    whatever lies in front of the line through those notches is toe."""
    notches = _front_notches(sole, axis, origin, zone_start, length_px)
    if len(notches) < 2:
        return np.zeros_like(sole)
    normal = np.array([-axis[1], axis[0]])
    n_along, n_across = (notches - origin) @ axis, (notches - origin) @ normal
    order = np.argsort(n_across)
    ys, xs = np.nonzero(sole)
    rel = np.column_stack([xs, ys]) - origin
    along, across = rel @ axis, rel @ normal
    between = (across > n_across.min()) & (across < n_across.max())
    cut = np.interp(across, n_across[order], n_along[order])
    toes = np.zeros_like(sole)
    ahead = between & (along > cut)
    toes[ys[ahead], xs[ahead]] = True
    return toes


def _front_notches(
    sole: np.ndarray, axis: np.ndarray, origin: np.ndarray, zone_start: float, length_px: float
) -> np.ndarray:
    """Deepest points (x, y) of the outline's concavities in the toe zone."""
    contours, _ = cv2.findContours(sole.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    points = []
    for contour in contours:
        if len(contour) < 5:
            continue
        hull = cv2.convexHull(contour, returnPoints=False)
        defects = cv2.convexityDefects(contour, hull)
        if defects is None:
            continue
        for _, _, far, depth in defects[:, 0, :]:
            point = contour[far, 0, :].astype(np.float64)
            deep = depth / 256.0 > NOTCH_DEPTH * length_px
            if deep and (point - origin) @ axis > zone_start:
                points.append(point)
    return np.array(points).reshape(-1, 2)


def _sole_body(opened: np.ndarray, in_toe_zone: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """The opened print without small pieces at the front (touching toes wide enough to
    survive the opening): those belong to the toes."""
    count, labels, stats, centres = cv2.connectedComponentsWithStats(
        opened.astype(np.uint8), connectivity=8
    )
    if count <= 2:
        return opened
    areas = stats[1:, cv2.CC_STAT_AREA]
    toe_like = (areas < BODY_SHARE * areas.max()) & in_toe_zone(centres[1:])
    return opened & ~np.isin(labels, np.flatnonzero(toe_like) + 1)


def toe_tips(
    toes: np.ndarray, heel: np.ndarray, axis: np.ndarray, length_px: float
) -> list[ToeTip]:
    """One tip per toe, ordered across the foot (along the axis normal).

    Each toe has its own core, a maximum of the distance to the toe outline, even where toes
    touch; toe pixels belong to the nearest core (weighted by its size) and the tip is the foremost.
    """
    centres, half_widths = _toe_cores(toes, length_px)
    if len(centres) == 0:
        return []
    ys, xs = np.nonzero(toes)
    points = np.column_stack([xs, ys]).astype(np.float64)
    power = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2) - half_widths**2
    owner = np.argmin(power, axis=1)  # nearest core, big toes claiming more (power diagram)
    along = (points - heel) @ axis
    normal = np.array([-axis[1], axis[0]])
    tips = []
    for k in np.argsort((centres - heel) @ normal):
        mine = np.flatnonzero(owner == k)
        tip = points[mine[np.argmax(along[mine])]]
        if _on_front_edge(toes, tip, axis):
            tips.append(ToeTip(tip, float(half_widths[k])))
    return tips


def _on_front_edge(toes: np.ndarray, tip: np.ndarray, axis: np.ndarray) -> bool:
    """A real tip has no toe in front of it; a core that only reaches into another toe
    (a crescent under the big toe, say) is not a toe of its own."""
    h, w = toes.shape
    for step in (2.0, 4.0):
        x, y = np.round(tip + step * axis).astype(int)
        if 0 <= x < w and 0 <= y < h and toes[y, x]:
            return False
    return True


def _toe_cores(toes: np.ndarray, length_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres (x, y) and half-widths of the toes: well-separated distance-transform maxima."""
    inside = cv2.distanceTransform(toes.astype(np.uint8), cv2.DIST_L2, 5)
    window = max(3, int(MIN_TOE_GAP * length_px) | 1)
    peaks = (inside == ndimage.maximum_filter(inside, size=window)) & (
        inside >= MIN_TOE_THICKNESS * length_px
    )
    ys, xs = np.nonzero(peaks)
    points = np.column_stack([xs, ys]).astype(np.float64)
    values = inside[ys, xs]
    kept: list[int] = []
    for i in np.argsort(-values):
        near = [np.hypot(*(points[i] - points[j])) for j in kept]
        if all(d > CORE_MERGE * length_px for d in near):
            kept.append(int(i))
    return points[kept], values[kept]


def second_toe(tips: list[ToeTip]) -> tuple[ToeTip, ToeTip] | None:
    """(big toe, second toe): the bigger toe at the two ends of the row, and its neighbour."""
    if len(tips) < 2:
        return None
    big = 0 if tips[0].size_px >= tips[-1].size_px else len(tips) - 1
    if tips[big].size_px < 0.8 * max(t.size_px for t in tips):
        return None  # the biggest toe is not at an end of the row: no clear big toe
    neighbour = 1 if big == 0 else big - 1
    return tips[big], tips[neighbour]
