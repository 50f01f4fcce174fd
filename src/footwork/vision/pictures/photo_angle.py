"""Angles from points clicked on a photo, like a goniometer app.

Three points A, B, C give the interior angle at B (0-180°). Presets turn that into a clinical
angle:

- ``big-toe-extension``: A on the first-metatarsal shaft, B at the joint centre (first MTP),
  C on the proximal phalanx. With the toe in line with the metatarsal the interior angle is
  180°, so extension = 180° − interior angle (0° = neutral, larger = more extension).
- ``lunge``: two points, knee then ankle; the shin's inclination from the image vertical
  (0° = upright shin). Valid only if the camera is level (use the phone's level).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import cv2
import numpy as np

from footwork.errors import InvalidInput
from footwork.vision.pictures.angle_presets import AnglePreset

MIN_SEPARATION_PX = 5.0
MIN_TURN_DEG = 1.0  # three points closer than this to a straight line carry no angle


POINTS_NEEDED = {AnglePreset.NONE: 3, AnglePreset.BIG_TOE_EXTENSION: 3, AnglePreset.LUNGE: 2}
DEFINITIONS = {
    AnglePreset.NONE: "interior angle at the middle point (0-180°)",
    AnglePreset.BIG_TOE_EXTENSION: (
        "big-toe extension = 180° − angle at the joint between the first-metatarsal shaft and "
        "the proximal phalanx (0° = toe in line with the metatarsal)"
    ),
    AnglePreset.LUNGE: "shin inclination: angle of the knee→ankle line from the image vertical",
}


@dataclass(frozen=True)
class PhotoAngle:
    preset: AnglePreset
    points: list[tuple[float, float]]
    interior_deg: float | None  # at the middle point, three-point presets only
    value_deg: float  # the clinical angle the preset defines
    definition: str


def parse_points(text: str) -> list[tuple[float, float]]:
    """'x1,y1 x2,y2 x3,y3' (pixels, origin top-left) into a list of points."""
    points = []
    for chunk in text.replace(";", " ").split():
        try:
            x, y = (float(v) for v in chunk.split(","))
        except ValueError:
            raise InvalidInput(
                f"Cannot read the point {chunk!r}.",
                hint='Write points as "x,y" pixel pairs separated by spaces, '
                'e.g. "120,340 200,310 260,200".',
            ) from None
        points.append((x, y))
    return points


def measure_angle(
    points: list[tuple[float, float]], size: tuple[int, int], preset: AnglePreset
) -> PhotoAngle:
    """Validate the points against the image size (w, h) and compute the preset's angle."""
    _check_points(points, size, POINTS_NEEDED[preset])
    p = [np.array(q, dtype=np.float64) for q in points]
    if preset is AnglePreset.LUNGE:
        knee, ankle = p
        dx, dy = knee - ankle
        value = math.degrees(math.atan2(abs(dx), abs(dy)))
        return PhotoAngle(preset, points, None, value, DEFINITIONS[preset])
    interior = _interior(*p)
    if 180.0 - interior < MIN_TURN_DEG or interior < MIN_TURN_DEG:
        raise InvalidInput(
            "The three points lie on one straight line, so they define no angle.",
            hint="Click the middle point on the joint and the other two along each segment.",
        )
    value = 180.0 - interior if preset is AnglePreset.BIG_TOE_EXTENSION else interior
    return PhotoAngle(preset, points, interior, value, DEFINITIONS[preset])


def _interior(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    u, v = a - b, c - b
    return math.degrees(math.atan2(abs(u[0] * v[1] - u[1] * v[0]), float(u @ v)))


def _check_points(points: list[tuple[float, float]], size: tuple[int, int], needed: int) -> None:
    if len(points) != needed:
        raise InvalidInput(
            f"This measurement needs {needed} points, got {len(points)}.",
            hint="Give them in order, separated by spaces.",
        )
    w, h = size
    for x, y in points:
        if not (0 <= x < w and 0 <= y < h):
            raise InvalidInput(
                f"The point {x:g},{y:g} lies outside the {w}x{h} photo.",
                hint="Use pixel coordinates from the top-left corner.",
            )
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            if math.dist(points[i], points[j]) < MIN_SEPARATION_PX:
                raise InvalidInput(
                    "Two of the points are (almost) the same.",
                    hint="Each point must mark a different place.",
                )


def draw_angle(image: np.ndarray, angle: PhotoAngle) -> np.ndarray:
    """The photo with the clicked points, the lines between them and the angle."""
    canvas = image.copy()
    pen = max(2, round(max(canvas.shape[:2]) / 500))
    pts = [(round(x), round(y)) for x, y in angle.points]
    for a, b in itertools.pairwise(pts):
        cv2.line(canvas, a, b, (0, 200, 255), pen, cv2.LINE_AA)
    if angle.preset is AnglePreset.LUNGE:  # the vertical the shin is measured from
        knee, ankle = pts
        cv2.line(canvas, ankle, (ankle[0], knee[1]), (255, 200, 0), pen, cv2.LINE_AA)
    if angle.preset is AnglePreset.BIG_TOE_EXTENSION:  # the metatarsal line carried on
        shaft, joint, toe = (np.array(q, dtype=np.float64) for q in angle.points)
        reach = np.linalg.norm(toe - joint) / max(float(np.linalg.norm(joint - shaft)), 1e-9)
        x, y = np.round(joint + (joint - shaft) * reach).astype(int)
        cv2.line(canvas, pts[1], (int(x), int(y)), (255, 200, 0), pen, cv2.LINE_AA)
    for p in pts:
        cv2.circle(canvas, p, 3 * pen, (0, 0, 255), -1, cv2.LINE_AA)
    label = f"{angle.value_deg:.1f} deg"
    at = pts[1] if len(pts) == 3 else pts[0]
    size = max(canvas.shape[:2]) / 900
    cv2.putText(
        canvas,
        label,
        (at[0] + 10, at[1] - 10),
        cv2.FONT_HERSHEY_SIMPLEX,
        size,
        (255, 255, 255),
        4 * pen,
        cv2.LINE_AA,
    )
    cv2.putText(
        canvas,
        label,
        (at[0] + 10, at[1] - 10),
        cv2.FONT_HERSHEY_SIMPLEX,
        size,
        (0, 0, 200),
        pen,
        cv2.LINE_AA,
    )
    return canvas
