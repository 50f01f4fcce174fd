"""Finding a whole A4 or US-Letter sheet in a photo and rectifying it to a top-down view.

When the four corners of the sheet are visible, a homography maps the photo onto a flat
rectangle of known size, which gives the scale (pixels per millimetre) and removes
perspective. If no whole sheet is found the caller works on the photo as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Paper sizes (short side, long side) in millimetres.
PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "US-Letter": (215.9, 279.4),
}
ASPECT_TOLERANCE = 0.07  # how far the seen long/short ratio may be from the paper's
MIN_SHEET_FRACTION = 0.15  # the sheet must cover at least this share of the photo


@dataclass(frozen=True)
class Sheet:
    name: str
    corners: np.ndarray  # (4, 2) float, image px: top-left, top-right, bottom-right, bottom-left
    size_mm: tuple[float, float]  # (width, height) of the rectified sheet as seen


@dataclass(frozen=True)
class Rectified:
    image: np.ndarray  # top-down view of the sheet
    px_per_mm: float
    homography: np.ndarray  # photo px -> rectified px
    sheet: Sheet


def find_sheet(image: np.ndarray) -> Sheet | None:
    """The whole sheet of paper, or None when no complete A4/Letter sheet is visible."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contour = _largest_inner_contour(bright)
    if contour is None:
        return None
    corners = _quadrilateral(contour)
    if corners is None:
        return None
    return _identify_paper(_order_corners(corners))


def rectify(image: np.ndarray, sheet: Sheet, px_per_mm: float) -> Rectified:
    """Warp the sheet to a top-down rectangle at ``px_per_mm``."""
    width_mm, height_mm = sheet.size_mm
    w, h = round(width_mm * px_per_mm), round(height_mm * px_per_mm)
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)
    homography = cv2.getPerspectiveTransform(
        sheet.corners.astype(np.float32), target.astype(np.float32)
    )
    flat = cv2.warpPerspective(image, homography, (w, h), flags=cv2.INTER_AREA)
    return Rectified(flat, px_per_mm, homography, sheet)


def _largest_inner_contour(bright: np.ndarray) -> np.ndarray | None:
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    h, w = bright.shape
    if cv2.contourArea(contour) < MIN_SHEET_FRACTION * h * w:
        return None
    x, y, bw, bh = cv2.boundingRect(contour)
    if x <= 1 or y <= 1 or x + bw >= w - 1 or y + bh >= h - 1:
        return None  # the sheet runs off the photo: not a whole sheet
    return contour[:, 0, :]


def _quadrilateral(contour: np.ndarray) -> np.ndarray | None:
    """Four corners refined by fitting a straight line to each side of the contour."""
    hull = cv2.convexHull(contour.astype(np.int32))
    rough = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)[:, 0, :]
    if len(rough) != 4:
        return None
    lines = [_fit_side(contour, rough[i], rough[(i + 1) % 4]) for i in range(4)]
    corners = [_intersect(lines[i - 1], lines[i]) for i in range(4)]
    if any(c is None for c in corners):
        return None
    return np.array(corners, dtype=np.float64)


def _fit_side(contour: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Line (point, direction) through the contour points lying along the side a-b."""
    direction = (b - a).astype(np.float64)
    length = float(np.hypot(*direction))
    direction /= length
    rel = contour - a
    along = rel @ direction
    across = np.abs(rel @ np.array([-direction[1], direction[0]]))
    near = (along > 0.1 * length) & (along < 0.9 * length) & (across < 0.02 * length + 3)
    points = contour[near] if near.sum() >= 10 else np.array([a, b])
    vx, vy, x0, y0 = cv2.fitLine(points.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)[:, 0]
    return np.array([x0, y0, vx, vy], dtype=np.float64)


def _intersect(l1: np.ndarray, l2: np.ndarray) -> np.ndarray | None:
    p, r, q, s = l1[:2], l1[2:], l2[:2], l2[2:]
    denom = r[0] * s[1] - r[1] * s[0]
    if abs(denom) < 1e-6:
        return None
    t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / denom
    return p + t * r


def _order_corners(corners: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left, keeping the contour's cyclic order."""
    centre = corners.mean(axis=0)
    angles = np.arctan2(corners[:, 1] - centre[1], corners[:, 0] - centre[0])
    cyclic = corners[np.argsort(angles)]  # clockwise on screen (y down)
    start = int(np.argmin(cyclic.sum(axis=1)))
    return np.roll(cyclic, -start, axis=0)


def _identify_paper(corners: np.ndarray) -> Sheet | None:
    sides = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    width_px = (sides[0] + sides[2]) / 2
    height_px = (sides[1] + sides[3]) / 2
    ratio = max(width_px, height_px) / min(width_px, height_px)
    name, (short, long) = min(
        PAPER_SIZES_MM.items(), key=lambda item: abs(item[1][1] / item[1][0] - ratio)
    )
    if abs(long / short - ratio) > ASPECT_TOLERANCE * long / short:
        return None
    size = (short, long) if height_px >= width_px else (long, short)
    return Sheet(name, corners, size)
