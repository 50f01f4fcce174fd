"""Annotated footprint image: outline, axis, thirds, the widths and the Clarke lines used."""

from __future__ import annotations

import cv2
import numpy as np

from footwork.vision.pictures.footprint import PrintAnalysis
from footwork.vision.pictures.footprint_geometry import FootFrame

SOLE = (60, 170, 40)  # BGR
TOES = (0, 140, 255)
AXIS = (200, 40, 200)
THIRDS = (200, 120, 0)
WIDTH = (0, 0, 220)
CLARKE = (0, 160, 160)
MIN_LONG_SIDE = 1000


def draw_footprints(
    image: np.ndarray, prints: list[PrintAnalysis], labels: list[str]
) -> np.ndarray:
    """A copy of the working image with every print's measurements drawn on it."""
    zoom = max(1.0, MIN_LONG_SIDE / max(image.shape[:2]))
    canvas = cv2.resize(image, None, fx=zoom, fy=zoom) if zoom > 1 else image.copy()
    canvas = cv2.addWeighted(canvas, 0.55, np.full_like(canvas, 255), 0.45, 0)
    pen = max(1, round(max(canvas.shape[:2]) / 600))
    room = _label_room(prints, zoom)
    for analysis, label in zip(prints, labels, strict=True):
        _draw_one(canvas, analysis, label, zoom, pen, room)
    return _with_legend(canvas, pen)


LEGEND = (
    (SOLE, "sole (toes removed)"),
    (TOES, "toes"),
    (AXIS, "axis: heel centre -> 2nd-toe tip"),
    (THIRDS, "tangents and thirds (arch index)"),
    (WIDTH, "widths: min midfoot, max forefoot, max heel"),
    (CLARKE, "Clarke: medial tangent, deepest arch point"),
)


def _with_legend(canvas: np.ndarray, pen: int) -> np.ndarray:
    """The drawing with a legend panel above it (never covering the print)."""
    size = max(canvas.shape[:2]) / 2000
    step = round(36 * size) + 6
    widest = max(cv2.getTextSize(t, cv2.FONT_HERSHEY_SIMPLEX, size, 1)[0][0] for _, t in LEGEND)
    width = max(canvas.shape[1], widest + 60)
    panel = np.full((step * len(LEGEND) + 12, width, 3), 255, np.uint8)
    for i, (colour, text) in enumerate(LEGEND):
        row = 6 + step * i + step // 2
        cv2.line(panel, (10, row), (36, row), colour, 2 * pen, cv2.LINE_AA)
        cv2.putText(panel, text, (44, row + step // 3), cv2.FONT_HERSHEY_SIMPLEX, size,
                    (0, 0, 0), 1, cv2.LINE_AA)  # fmt: skip
    right = width - canvas.shape[1]
    padded = cv2.copyMakeBorder(canvas, 0, 0, 0, right, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    return np.vstack([panel, padded])


def _label_spot(a: PrintAnalysis) -> np.ndarray:
    """Where a print's label goes: just behind its heel, on the axis."""
    return a.frame.point(a.profile.back - 0.04 * a.profile.length, 0)


def _label_room(prints: list[PrintAnalysis], zoom: float) -> int | None:
    """How wide a label may be so that labels of prints side by side do not overlap."""
    xs = sorted(float(_label_spot(a)[0]) * zoom for a in prints)
    gaps = np.diff(xs)
    return int(gaps.min()) - 16 if gaps.size else None


def _draw_one(
    canvas: np.ndarray, a: PrintAnalysis, label: str, zoom: float, pen: int, room: int | None
) -> None:
    _outline(canvas, a.sole, SOLE, zoom, pen)
    _outline(canvas, a.toes, TOES, zoom, pen)
    f = a.frame
    p = a.profile
    _line(canvas, f.point(p.back, 0), f.point(a.foremost_along, 0), AXIS, zoom, pen)
    cv2.circle(canvas, _px(f.heel, zoom), 3 * pen, AXIS, -1)
    if a.second_toe_tip is not None:
        cv2.drawMarker(canvas, _px(a.second_toe_tip, zoom), AXIS, cv2.MARKER_CROSS, 12 * pen, pen)
    half = 0.5 * a.max_width_px + 10
    for k in range(4):
        along = p.back + k * p.length / 3
        _line(canvas, f.point(along, -half), f.point(along, half), THIRDS, zoom, pen)
    for k, name in enumerate(("heel", "midfoot", "forefoot")):
        lateral = -a.side.medial_sign * half
        _text(canvas, name, f.point(p.back + (k + 0.5) * p.length / 3, lateral), zoom, THIRDS)
    for strip, _ in (a.marks.min_midfoot, a.marks.max_forefoot, a.marks.max_heel):
        _width_bar(canvas, a, strip, zoom, pen)
    _clarke(canvas, a, zoom, pen)
    if not a.midfoot_contact:  # the axis crosses the empty midfoot from heel to forefoot
        _text(canvas, "no midfoot contact", f.point(p.back + p.length / 2, 0), zoom, AXIS)
    _text(canvas, label, _label_spot(a), zoom, (0, 0, 0), scale=1.0, room=room)


def _width_bar(canvas: np.ndarray, a: PrintAnalysis, strip: int, zoom: float, pen: int) -> None:
    along = float(a.profile.strip_along(strip))
    lo, hi = a.profile.edge_minus[strip], a.profile.edge_plus[strip]
    if np.isnan(lo):
        cv2.drawMarker(
            canvas,
            _px(a.frame.point(along, 0), zoom),
            WIDTH,
            cv2.MARKER_TILTED_CROSS,
            14 * pen,
            2 * pen,
        )
        return
    _line(canvas, a.frame.point(along, lo), a.frame.point(along, hi), WIDTH, zoom, 2 * pen)


def _clarke(canvas: np.ndarray, a: PrintAnalysis, zoom: float, pen: int) -> None:
    c = a.clarke
    f: FootFrame = a.frame
    heel, fore, deep = (f.point(*c.heel_point), f.point(*c.fore_point), f.point(*c.deepest))
    _line(canvas, fore, heel, CLARKE, zoom, pen)
    _line(canvas, fore, deep, CLARKE, zoom, pen)
    cv2.circle(canvas, _px(deep, zoom), 3 * pen, CLARKE, -1)
    _text(canvas, f"{c.angle_deg:.0f} deg", fore, zoom, CLARKE)


def _outline(canvas: np.ndarray, mask: np.ndarray, colour: tuple, zoom: float, pen: int) -> None:
    if not mask.any():
        return
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    scaled = [np.round(c * zoom).astype(np.int32) for c in contours]
    cv2.drawContours(canvas, scaled, -1, colour, pen, cv2.LINE_AA)


def _line(
    canvas: np.ndarray, a: np.ndarray, b: np.ndarray, colour: tuple, zoom: float, pen: int
) -> None:
    cv2.line(canvas, _px(a, zoom), _px(b, zoom), colour, pen, cv2.LINE_AA)


def _text(
    canvas: np.ndarray,
    text: str,
    at: np.ndarray,
    zoom: float,
    colour: tuple,
    scale: float = 0.7,
    room: int | None = None,
) -> None:
    """Text centred on ``at``, shrunk to fit the picture's width (or ``room`` pixels)."""
    size = scale * max(canvas.shape[:2]) / 1100
    (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, size, 1)
    fit = canvas.shape[1] - 16 if room is None else min(room, canvas.shape[1] - 16)
    if w > fit:  # a narrow picture, or prints side by side: shrink to fit
        size *= fit / w
        (w, h), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, size, 1)
    x, y = _px(at, zoom)
    x = int(np.clip(x - w // 2, 0, canvas.shape[1] - w - 8))
    y = int(np.clip(y + h // 2, h + 8, canvas.shape[0] - 4))
    cv2.putText(
        canvas,
        text,
        (x + 4, y - 4),
        cv2.FONT_HERSHEY_SIMPLEX,
        size,
        (255, 255, 255),
        4,
        cv2.LINE_AA,
    )
    cv2.putText(
        canvas, text, (x + 4, y - 4), cv2.FONT_HERSHEY_SIMPLEX, size, colour, 1, cv2.LINE_AA
    )


def _px(point: np.ndarray, zoom: float) -> tuple[int, int]:
    return round(float(point[0]) * zoom), round(float(point[1]) * zoom)
