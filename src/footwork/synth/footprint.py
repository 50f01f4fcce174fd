"""Realistic footprint photos whose arch indices are known exactly.

A foot is drawn in its own frame, in millimetres: heel centre at the origin, the second-toe tip
straight ahead on the +y axis, the medial border on +x for a left foot (the print seen from
above, toes up). The sole is the convex hull of a heel disc and a tilted forefoot ellipse,
minus an arch cut-out whose depth runs from none (flat) to right across the midfoot (a broken,
high-arched print). Toes are ellipses in front of the ball, some joined to it by a thin neck.

The truth is computed on that ideal raster (10 px/mm) with the published definitions: along
the heel-centre → second-toe axis, toes excluded. It never uses the analyser. The photo is then
made by mapping the raster through foot → paper → camera transforms (rotation, scale,
perspective), with ink texture, paper colour, uneven light, sensor noise and JPEG compression.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from footwork.domain.sides import Side

RES = 10.0  # raster pixels per millimetre for the ideal foot
A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class FootShape:
    """Ideal rasters in foot coordinates. Row 0 is the front (toes), column 0 the -x edge."""

    side: Side
    sole: np.ndarray  # bool, toes excluded
    whole: np.ndarray  # bool, sole + toes + necks
    x0_mm: float  # x of column 0 (left foot frame: +x medial)
    y_top_mm: float  # y of row 0
    second_toe_tip_mm: tuple[float, float]

    def raster_to_foot(self) -> np.ndarray:
        """3x3 matrix: raster (col, row, 1) -> foot mm (x, y, 1)."""
        return np.array([[1 / RES, 0, self.x0_mm], [0, -1 / RES, self.y_top_mm], [0, 0, 1]])


@dataclass(frozen=True)
class FootTruth:
    side: Side
    arch_index: float
    chippaux_smirak_pct: float
    staheli: float
    clarke_deg: float
    length_mm: float  # heel back to the foremost toe tip, along the axis
    width_mm: float  # widest sole strip across the axis
    sole_length_mm: float  # heel back to the front of the toe-less print


@dataclass(frozen=True)
class SyntheticPhoto:
    image: np.ndarray  # BGR uint8
    feet: list[FootTruth]  # in the order they appear left to right in the photo
    px_per_mm: float  # nominal scale at the paper
    sheet_corners: np.ndarray | None  # (4, 2) image px, when the whole sheet is in view
    params: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- the ideal foot


def random_foot(
    rng: np.random.Generator,
    side: Side,
    arch: float | None = None,
    length_mm: tuple[float, float] = (225.0, 285.0),
    toe_gap_mm: tuple[float, float] = (1.5, 5.0),
    neck_chance: float = 0.5,
) -> FootShape:
    """A foot drawn at random; ``arch`` 0 = flat (no cut-out) ... 1.05 = broken midfoot.

    ``toe_gap_mm``: range of the gap between the ball and each toe; ``neck_chance``: chance
    that a toe is joined to the ball by a thin neck of ink (0 = every toe a separate blob).
    """
    f = rng.uniform(*length_mm)
    heel_r = rng.uniform(0.115, 0.13) * f
    fore = _forefoot(rng, f)
    sole = _Canvas(f)
    hull = cv2.convexHull(np.vstack([_circle(0, 0, heel_r), _ellipse(*fore)]).astype(np.float32))
    sole.fill(hull[:, 0, :], 1)
    depth = rng.uniform(-0.05, 1.05) if arch is None else arch
    _cut_arch(sole, rng, fore, depth, f)
    whole = _Canvas(f)
    whole.img[:] = sole.img
    tip = _draw_toes(whole, sole, rng, fore, toe_gap_mm, neck_chance)
    return FootShape(side, sole.img > 0, whole.img > 0, sole.x0, sole.y_top, (0.0, tip))


class _Canvas:
    def __init__(self, f: float) -> None:
        self.x0, self.y_top = -0.33 * f, 1.0 * f
        self.img = np.zeros((round(1.25 * f * RES), round(0.66 * f * RES)), np.uint8)

    def fill(self, points_mm: np.ndarray, value: int) -> None:
        cols = (points_mm[:, 0] - self.x0) * RES
        rows = (self.y_top - points_mm[:, 1]) * RES
        pts = np.round(np.column_stack([cols, rows]) * 16).astype(np.int32)
        cv2.fillPoly(self.img, [pts], (value,), lineType=cv2.LINE_8, shift=4)

    def row_of(self, y_mm: float) -> int:
        return round((self.y_top - y_mm) * RES)

    def col_of(self, x_mm: float) -> int:
        return round((x_mm - self.x0) * RES)


def _circle(cx: float, cy: float, r: float, n: int = 360) -> np.ndarray:
    return _ellipse(cx, cy, r, r, 0.0, n)


def _ellipse(cx: float, cy: float, a: float, b: float, tilt: float, n: int = 360) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = a * np.cos(t), b * np.sin(t)
    c, s = np.cos(tilt), np.sin(tilt)
    return np.column_stack([cx + c * x - s * y, cy + s * x + c * y])


def _forefoot(rng: np.random.Generator, f: float) -> tuple[float, float, float, float, float]:
    """(cx, cy, half-width, half-length, tilt) of the ball of the foot."""
    return (
        rng.uniform(0.0, 0.03) * f,
        rng.uniform(0.56, 0.60) * f,
        rng.uniform(0.185, 0.205) * f,
        rng.uniform(0.11, 0.13) * f,
        np.radians(rng.uniform(5, 12)),
    )


def _cut_arch(
    canvas: _Canvas, rng: np.random.Generator, fore: tuple, depth: float, f: float
) -> None:
    """Remove the medial arch: an ellipse reaching ``depth`` x the midfoot width into the sole."""
    if depth <= 0:
        return
    yc = fore[1] * rng.uniform(0.45, 0.55)
    row = canvas.img[canvas.row_of(yc)]
    cols = np.flatnonzero(row)
    medial_x = canvas.x0 + cols.max() / RES
    width = (cols.max() - cols.min()) / RES
    a = depth * width + rng.uniform(12.0, 20.0)  # reaches past the medial border
    b = rng.uniform(0.17, 0.21) * f
    cut = _ellipse(medial_x + a - depth * width, yc, a, b, np.radians(rng.uniform(-4, 4)))
    canvas.fill(cut, 0)


def _draw_toes(
    whole: _Canvas,
    sole: _Canvas,
    rng: np.random.Generator,
    fore: tuple,
    gap_mm: tuple[float, float] = (1.5, 5.0),
    neck_chance: float = 0.5,
) -> float:
    """Five toes across the ball front; returns the y of the second-toe tip (on x = 0)."""
    half_w = [
        rng.uniform(10.5, 12.5),
        rng.uniform(6.0, 7.0),
        rng.uniform(5.5, 6.5),
        rng.uniform(5.0, 6.0),
        rng.uniform(4.5, 5.5),
    ]
    half_l = [w * rng.uniform(1.25, 1.45) for w in half_w]
    gaps = rng.uniform(-1.0, 3.0, size=4)
    xs = [half_w[1] + gaps[0] + half_w[0], 0.0]
    for i in (2, 3, 4):
        xs.append(xs[-1] - half_w[i - 1] - gaps[i - 1] - half_w[i])
    tip = 0.0
    for i, (x, hw, hl) in enumerate(zip(xs, half_w, half_l, strict=True)):
        front = _front_of(sole, x)
        gap = rng.uniform(*gap_mm)
        cy = front + gap + hl
        whole.fill(_ellipse(x, cy, hw, hl, 0.0), 1)
        if rng.random() < neck_chance:
            neck = rng.uniform(2.5, 5.0) / 2
            whole.fill(
                np.array(
                    [[x - neck, front - 2], [x + neck, front - 2], [x + neck, cy], [x - neck, cy]]
                ),
                1,
            )
        if i == 1:
            tip = cy + hl
    return tip


def _front_of(canvas: _Canvas, x_mm: float) -> float:
    """Foremost y of the sole in the column at x (or of the nearest filled column)."""
    filled = np.flatnonzero(canvas.img.any(axis=0))
    col = filled[np.argmin(np.abs(filled - canvas.col_of(x_mm)))]
    rows = np.flatnonzero(canvas.img[:, col])
    return canvas.y_top - rows.min() / RES


# ---------------------------------------------------------------- the truth


def foot_truth(shape: FootShape) -> FootTruth:
    """Indices of the ideal foot, in its own frame (rows are strips across the axis)."""
    rows = np.flatnonzero(shape.sole.any(axis=1))
    sole = shape.sole[rows.min() : rows.max() + 1][::-1]  # heel first
    counts = sole.sum(axis=1).astype(np.float64)
    n = len(counts)
    heel, mid, fore = (
        slice(0, round(n / 3)),
        slice(round(n / 3), round(2 * n / 3)),
        slice(round(2 * n / 3), n),
    )
    narrow = counts[mid].min()
    top_row = np.flatnonzero(shape.whole.any(axis=1)).min()
    return FootTruth(
        side=shape.side,
        arch_index=float(counts[mid].sum() / counts.sum()),
        chippaux_smirak_pct=float(100 * narrow / counts[fore].max()),
        staheli=float(narrow / counts[heel].max()),
        clarke_deg=_clarke_truth(sole),
        length_mm=(rows.max() + 1 - top_row) / RES,
        width_mm=float(counts.max() / RES),
        sole_length_mm=n / RES,
    )


def _clarke_truth(sole_heel_first: np.ndarray) -> float:
    """Clarke's angle on the medial (+x) border: tangent at heel and forefoot vs deepest point."""
    n = len(sole_heel_first)
    filled = sole_heel_first.any(axis=1)
    last_col = sole_heel_first.shape[1] - 1 - np.argmax(sole_heel_first[:, ::-1], axis=1)
    ys = np.flatnonzero(filled).astype(np.float64)
    xs = last_col[filled].astype(np.float64)
    hull = _upper_hull(ys, xs)
    line = np.interp(ys, ys[hull], xs[hull])
    zone = (ys >= 0.2 * n) & (ys < 0.8 * n)
    deep = np.flatnonzero(zone)[np.argmax((line - xs)[zone])]
    k = np.searchsorted(ys[hull], ys[deep], side="right")
    h, f = hull[max(k - 1, 0)], hull[min(k, len(hull) - 1)]
    f = _foremost_contact(ys, xs, h, f, 0.006 * n)
    v1 = np.array([ys[h] - ys[f], xs[h] - xs[f]])
    v2 = np.array([ys[deep] - ys[f], xs[deep] - xs[f]])
    cos = v1 @ v2 / (np.linalg.norm(v1) * np.linalg.norm(v2))
    return float(np.degrees(np.arccos(np.clip(cos, -1, 1))))


def _foremost_contact(ys: np.ndarray, xs: np.ndarray, h: int, f: int, tol: float) -> int:
    """Where a straight forefoot border leaves the tangent line (same rule as the analyser's)."""
    slope = (xs[f] - xs[h]) / (ys[f] - ys[h])
    while f + 1 < len(ys) and ys[f + 1] == ys[f] + 1:
        if xs[h] + slope * (ys[f + 1] - ys[h]) - xs[f + 1] > tol:
            break
        f += 1
    return f


def _upper_hull(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    hull: list[int] = []
    for i in range(len(xs)):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (xs[b] - xs[a]) * (ys[i] - ys[a]) - (ys[b] - ys[a]) * (xs[i] - xs[a]) < 0:
                break
            hull.pop()
        hull.append(i)
    return np.array(hull)


# ---------------------------------------------------------------- the photo

PAPER_COLOURS = ((246, 246, 246), (212, 232, 244), (236, 238, 230), (226, 226, 226))  # BGR
INK_COLOURS = ((28, 28, 30), (120, 45, 25), (90, 30, 70), (60, 55, 50))


@dataclass(frozen=True)
class Camera:
    """How the paper is photographed."""

    px_per_mm: float = 3.0
    roll_deg: float = 0.0  # camera rotation about its optical axis
    perspective: float = 0.0  # corner jitter as a share of the paper size
    sheet_visible: bool = False  # show the whole A4 sheet on a table
    jpeg_quality: int = 85
    light_falloff: float = 0.15  # 0 = even light
    noise: float = 2.5
    edge_roughness_mm: float = 0.0  # ink bleeding / ragged outline, typical edge shift
    size_px: tuple[int, int] | None = None  # force the output size (w, h), e.g. 12 MP


def render_photo(
    feet: list[FootShape],
    rng: np.random.Generator,
    camera: Camera,
    placements: list[tuple[float, float, float]],
    paper_mm: tuple[float, float] = A4_MM,
) -> SyntheticPhoto:
    """Photograph feet placed on paper at (x mm, y mm, rotation deg) each."""
    paper_to_image, size, corners = _camera_matrix(rng, camera, paper_mm)
    coverage = np.zeros(size[::-1], np.float32)
    for shape, place in zip(feet, placements, strict=True):
        matrix = paper_to_image @ _foot_to_paper(shape, *place) @ shape.raster_to_foot()
        coverage = np.maximum(coverage, _warp(shape.whole, matrix, size, camera.px_per_mm))
    coverage = _roughen(coverage, rng, camera)
    paper_mask = _warp_paper(paper_to_image, size, paper_mm, camera)
    image = _paint(coverage, paper_mask, rng, camera)
    truths = [foot_truth(s) for s in feet]
    centres = np.array([[p[0], p[1]] for p in placements], np.float64)[None]
    order = np.argsort(cv2.perspectiveTransform(centres, paper_to_image)[0][:, 0])
    return SyntheticPhoto(
        image=image,
        feet=[truths[i] for i in order],
        px_per_mm=camera.px_per_mm,
        sheet_corners=corners if camera.sheet_visible else None,
        params={"camera": camera, "placements": placements},
    )


def _foot_to_paper(shape: FootShape, x: float, y: float, rotation_deg: float) -> np.ndarray:
    """Foot mm -> paper mm (x right, y down), the middle of the foot's length at (x, y)."""
    mirror = 1.0 if shape.side is Side.LEFT else -1.0
    t = np.radians(rotation_deg)
    c, s = np.cos(t), np.sin(t)
    rows = np.flatnonzero(shape.whole.any(axis=1))
    middle = shape.y_top_mm - (rows.min() + rows.max()) / 2 / RES
    flip = np.array([[mirror, 0, 0], [0, -1, middle], [0, 0, 1]])
    rotate = np.array([[c, -s, x], [s, c, y], [0, 0, 1]])
    return rotate @ flip


def _camera_matrix(
    rng: np.random.Generator, camera: Camera, paper_mm: tuple[float, float]
) -> tuple[np.ndarray, tuple[int, int], np.ndarray]:
    """Homography paper mm -> image px, the image size (w, h) and the sheet corners in px."""
    w, h = paper_mm
    k = camera.px_per_mm
    paper = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    t = np.radians(camera.roll_deg)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    centred = (paper - [w / 2, h / 2]) * k
    jitter = rng.uniform(-1, 1, size=(4, 2)) * camera.perspective * np.array([w, h]) * k
    seen = (centred + jitter) @ rot.T
    if camera.sheet_visible:
        margin = 0.08 * max(w, h) * k
        seen -= seen.min(axis=0) - margin
        size = tuple(int(v) for v in np.ceil(seen.max(axis=0) + margin))
    else:  # the paper fills the frame: crop a window inside the sheet
        inset = 0.04 * min(w, h) * k
        lo = np.sort(seen, axis=0)[1] + inset
        hi = np.sort(seen, axis=0)[2] - inset
        seen -= lo
        size = tuple(int(v) for v in np.floor(hi - lo))
    if camera.size_px is not None:
        scale = min(camera.size_px[0] / size[0], camera.size_px[1] / size[1])
        seen = seen * scale + (np.array(camera.size_px) - np.array(size) * scale) / 2
        size = camera.size_px
    matrix = cv2.getPerspectiveTransform(paper.astype(np.float32), seen.astype(np.float32))
    return matrix, (int(size[0]), int(size[1])), seen


def _warp(
    mask: np.ndarray, matrix: np.ndarray, size: tuple[int, int], px_per_mm: float
) -> np.ndarray:
    """Anti-aliased coverage of a raster mask in the photo (blur, then warp)."""
    sigma = 0.42 * RES / px_per_mm
    soft = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), sigma)
    return cv2.warpPerspective(soft, matrix, size, flags=cv2.INTER_LINEAR, borderValue=(0,))


def _roughen(coverage: np.ndarray, rng: np.random.Generator, camera: Camera) -> np.ndarray:
    """Shift the print's outline in and out by smooth noise (ink bleeding, uneven contact)."""
    if camera.edge_roughness_mm <= 0:
        return coverage
    shift = _smooth_noise(rng, coverage.shape, 1.5 * camera.px_per_mm)
    edge = 4 * coverage * (1 - coverage)
    step = camera.edge_roughness_mm * camera.px_per_mm * 0.9
    return np.clip(coverage + step * shift * edge, 0.0, 1.0)


def _warp_paper(
    matrix: np.ndarray, size: tuple[int, int], paper_mm: tuple[float, float], camera: Camera
) -> np.ndarray:
    corners = np.array(
        [[0, 0], [paper_mm[0], 0], [paper_mm[0], paper_mm[1]], [0, paper_mm[1]]], np.float32
    )
    seen = cv2.perspectiveTransform(corners[None], matrix)[0]
    canvas = np.zeros(size[::-1], np.uint8)
    cv2.fillConvexPoly(canvas, np.round(seen * 16).astype(np.int32), (255,), cv2.LINE_AA, shift=4)
    return canvas.astype(np.float32) / 255


def _paint(
    coverage: np.ndarray, paper: np.ndarray, rng: np.random.Generator, camera: Camera
) -> np.ndarray:
    h, w = coverage.shape
    paper_rgb = np.array(PAPER_COLOURS[rng.integers(len(PAPER_COLOURS))], np.float32)
    ink_rgb = np.array(INK_COLOURS[rng.integers(len(INK_COLOURS))], np.float32)
    density = _ink_texture(rng, (h, w), camera.px_per_mm)
    ink = (coverage * density)[..., None]
    table = _table(rng, (h, w))
    image = (paper_rgb * (1 - ink) + ink_rgb * ink) * paper[..., None] + table * (
        1 - paper[..., None]
    )
    image *= _lighting(rng, (h, w), camera.light_falloff)[..., None]
    image += rng.normal(0, camera.noise, size=image.shape).astype(np.float32)
    image = np.clip(image, 0, 255).astype(np.uint8)
    _ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, camera.jpeg_quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, ...], cell_px: float) -> np.ndarray:
    """Zero-mean, unit-ish smooth noise with features about ``cell_px`` wide."""
    small = (max(2, int(shape[0] / cell_px) + 2), max(2, int(shape[1] / cell_px) + 2))
    field = rng.normal(0, 1, size=small).astype(np.float32)
    return cv2.resize(field, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _ink_texture(rng: np.random.Generator, shape: tuple[int, int], px_per_mm: float) -> np.ndarray:
    blotches = _smooth_noise(rng, shape, 8 * px_per_mm)
    grain = rng.normal(0, 1, size=shape).astype(np.float32)
    return np.clip(0.8 + 0.09 * blotches + 0.07 * grain, 0.45, 1.0)


def _table(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    base = np.array([55, 85, 120], np.float32) * rng.uniform(0.7, 1.2)
    streaks = _smooth_noise(rng, shape, 40)[..., None] * 12
    return base + streaks


def _lighting(rng: np.random.Generator, shape: tuple[int, int], falloff: float) -> np.ndarray:
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = ((x / w - 0.5) * np.cos(angle) + (y / h - 0.5) * np.sin(angle)) + 0.5
    vignette = ((x / w - 0.5) ** 2 + (y / h - 0.5) ** 2) * 0.5
    return (1.0 - falloff * ramp - falloff * vignette).astype(np.float32)


# ---------------------------------------------------------------- ready-made scenes


def random_photo(
    seed: int,
    *,
    both_feet: bool = False,
    sheet_visible: bool = False,
    arch: float | None = None,
    size_px: tuple[int, int] | None = None,
) -> SyntheticPhoto:
    """A seeded scene: one foot (left or right) or both, optionally with the whole A4 in view."""
    rng = np.random.default_rng(seed)
    lengths = (220.0, 262.0) if sheet_visible else (225.0, 285.0)
    if both_feet:
        feet = [random_foot(rng, Side.LEFT, arch), random_foot(rng, Side.RIGHT, arch)]
    else:
        side = Side.LEFT if rng.random() < 0.5 else Side.RIGHT
        feet = [random_foot(rng, side, arch, lengths)]
    camera = Camera(
        px_per_mm=rng.uniform(2.0, 4.0) if size_px is None else 1.0,
        roll_deg=rng.uniform(-25, 25) if sheet_visible else 0.0,
        perspective=rng.uniform(0.0, 0.04) if sheet_visible else rng.uniform(0.0, 0.004),
        sheet_visible=sheet_visible,
        jpeg_quality=int(rng.integers(55, 92)),
        light_falloff=rng.uniform(0.0, 0.3),
        noise=rng.uniform(1.0, 4.0),
        edge_roughness_mm=rng.uniform(0.0, 0.6),
        size_px=size_px,
    )
    if both_feet:
        paper = (360.0, 400.0)
        spin = rng.uniform(-25, 25)
        placements = [
            (90.0, 200.0, spin + rng.uniform(-5, 5)),
            (270.0, 200.0, spin + rng.uniform(-5, 5)),
        ]
        return render_photo(feet, rng, camera, placements, paper)
    if sheet_visible:
        placements = [(105.0 + rng.uniform(-4, 4), 148.5 + rng.uniform(-4, 4), rng.uniform(-5, 5))]
        return render_photo(feet, rng, camera, placements, A4_MM)
    paper = (240.0, 330.0)
    placements = [(120.0, 170.0, rng.uniform(-30, 30))]
    return render_photo(feet, rng, camera, placements, paper)


def pressure_grid(shape: FootShape, cell_mm: float, rng: np.random.Generator) -> np.ndarray:
    """A plantar-pressure frame of the foot: mean contact per sensor cell times a load pattern.

    Cells on the print's edge read in proportion to the area they cover; the load is higher
    under the heel and the ball, as on a real plate. Orientation: toes up, seen from above.
    """
    cell = max(1, round(cell_mm * RES))
    h, w = shape.whole.shape
    pad = ((0, -h % cell), (0, -w % cell))
    whole = np.pad(shape.whole.astype(np.float32), pad)
    cover = whole.reshape(whole.shape[0] // cell, cell, -1, cell).mean(axis=(1, 3))
    if shape.side is Side.RIGHT:
        cover = cover[:, ::-1]
    rows = np.linspace(1.0, 0.0, cover.shape[0])[:, None]  # 1 at the toes, 0 at the heel end
    load = (
        120
        + 180 * np.exp(-(((rows - 0.75) / 0.12) ** 2))
        + 220 * np.exp(-(((rows - 0.1) / 0.1) ** 2))
    )
    noise = rng.normal(1.0, 0.05, size=cover.shape)
    return np.round(cover * load * noise, 1)


# ---------------------------------------------------------------- podoscope photos

PLATE_MM = (420.0, 400.0)  # the part of the glass in view (w, h): both feet with a margin
# BGR of the lit contact area, the device's light or film: blue-white, yellow, green, orange, pink
CONTACT_TINTS = ((240, 225, 205), (120, 220, 240), (150, 235, 160), (80, 170, 245), (200, 185, 250))
SKIN_BGR = (100, 110, 130)  # the sole off the glass: dim, greyish-pink (scaled by skin_share)
PLATE_BGR = (14, 16, 20)  # the dark glass around the feet


@dataclass(frozen=True)
class Podoscope:
    """How a podoscope lights the sole and how it is photographed (from below the glass)."""

    px_per_mm: float = 2.0
    light_falloff: float = 0.3  # uneven light under the plate: share lost towards one side
    skin_share: float = 0.4  # brightness of the off-glass skin as a share of the contact area
    plate_glow: float = 10.0  # grey levels of stray light on the bare plate
    noise: float = 3.0
    jpeg_quality: int = 85
    seen_from_below: bool = True  # the direct view from under the glass (mirrored vs paper)


def render_podoscope(
    feet: list[FootShape],
    rng: np.random.Generator,
    device: Podoscope,
    placements: list[tuple[float, float, float]],
    plate_mm: tuple[float, float] = PLATE_MM,
) -> SyntheticPhoto:
    """Photograph feet standing on a podoscope at (x mm, y mm, rotation deg) each.

    Placements are in the top view (as for paper: x right, y towards the heels); the photo
    is mirrored left-right when ``seen_from_below``. The contact area is the foot's ``whole``
    raster (the truth's print); the off-glass skin is the convex outline of the foot.
    """
    camera = Camera(px_per_mm=device.px_per_mm, perspective=rng.uniform(0.0, 0.004))
    plate_to_image, size, _ = _camera_matrix(rng, camera, plate_mm)
    contact = np.zeros(size[::-1], np.float32)
    skin = np.zeros(size[::-1], np.float32)
    for shape, place in zip(feet, placements, strict=True):
        matrix = plate_to_image @ _foot_to_paper(shape, *place) @ shape.raster_to_foot()
        contact = np.maximum(contact, _warp(shape.whole, matrix, size, device.px_per_mm))
        skin = np.maximum(skin, _warp(_plantar_outline(shape), matrix, size, device.px_per_mm))
    image = _paint_podoscope(contact, skin, rng, device)
    truths = [foot_truth(s) for s in feet]
    centres = np.array([[p[0], p[1]] for p in placements], np.float64).reshape(1, -1, 2)
    xs = cv2.perspectiveTransform(centres, plate_to_image)[0][:, 0] if feet else np.zeros(0)
    if device.seen_from_below:
        image = np.ascontiguousarray(image[:, ::-1])
        xs = -xs
    return SyntheticPhoto(
        image=image,
        feet=[truths[i] for i in np.argsort(xs)],
        px_per_mm=device.px_per_mm,
        sheet_corners=None,
        params={"device": device, "placements": placements},
    )


def _plantar_outline(shape: FootShape, margin_mm: float = 3.0) -> np.ndarray:
    """The whole sole seen through the glass: convex outline of the print, a little wider."""
    contours, _ = cv2.findContours(
        shape.whole.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    hull = cv2.convexHull(np.concatenate(contours))
    outline = np.zeros(shape.whole.shape, np.uint8)
    cv2.fillPoly(outline, [hull], (1,))
    gap = cv2.distanceTransform(1 - outline, cv2.DIST_L2, 5)
    return gap <= margin_mm * RES


def _paint_podoscope(
    contact: np.ndarray, skin: np.ndarray, rng: np.random.Generator, device: Podoscope
) -> np.ndarray:
    h, w = contact.shape
    k = device.px_per_mm
    tint = np.array(CONTACT_TINTS[rng.integers(len(CONTACT_TINTS))], np.float32)
    tint *= rng.uniform(0.8, 1.05)
    skin_rgb = np.array(SKIN_BGR, np.float32) / max(SKIN_BGR) * tint.max() * device.skin_share
    plate = np.array(PLATE_BGR, np.float32) * rng.uniform(0.6, 1.4)
    glow = device.plate_glow * (0.5 + 0.5 * _smooth_noise(rng, (h, w), 80 * k))[..., None]
    light = _lighting(rng, (h, w), device.light_falloff)[..., None]
    grain = rng.standard_normal((h, w), dtype=np.float32)
    ridges = 1 + 0.06 * _smooth_noise(rng, (h, w), 3 * k) + 0.04 * grain
    creases = 1 + 0.08 * _smooth_noise(rng, (h, w), 6 * k)
    halo = cv2.GaussianBlur(contact, (0, 0), 1.5 * k)  # skin blanches next to the contact
    body = skin_rgb * (creases * (1 + 0.25 * halo))[..., None] * light
    lit = tint * ridges[..., None] * light
    c, s = contact[..., None], skin[..., None]
    image = (plate + glow) * (1 - s) + body * s
    image = image * (1 - c) + lit * c
    image += device.noise * rng.standard_normal(image.shape, dtype=np.float32)
    image = np.clip(image, 0, 255).astype(np.uint8)
    _ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, device.jpeg_quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def podoscope_photo(
    seed: int,
    *,
    arch: float | None = None,
    toe_gap_mm: tuple[float, float] = (3.0, 12.0),
    empty: bool = False,
    seen_from_below: bool = True,
) -> SyntheticPhoto:
    """A seeded podoscope scene: both feet (left and right) standing side by side.

    Every toe is a separate blob ``toe_gap_mm`` in front of the ball (no ink necks: only the
    toe pads touch the glass). ``empty`` shows the lit plate with nobody on it.
    """
    rng = np.random.default_rng(seed)
    feet = []
    if not empty:
        feet = [
            random_foot(rng, side, arch, toe_gap_mm=toe_gap_mm, neck_chance=0.0)
            for side in (Side.LEFT, Side.RIGHT)
        ]
    device = Podoscope(
        px_per_mm=rng.uniform(1.6, 2.8),
        light_falloff=rng.uniform(0.1, 0.45),
        skin_share=rng.uniform(0.25, 0.5),
        plate_glow=rng.uniform(0.0, 35.0),
        noise=rng.uniform(1.5, 5.0),
        jpeg_quality=int(rng.integers(55, 92)),
        seen_from_below=seen_from_below,
    )
    apart = rng.uniform(150.0, 190.0)  # between the two feet's centres
    spin = rng.uniform(-8, 8)
    middle_x, middle_y = PLATE_MM[0] / 2, PLATE_MM[1] / 2 + rng.uniform(-8, 8)
    placements = [
        (middle_x - apart / 2, middle_y, spin - rng.uniform(0, 12)),  # left foot, toes out
        (middle_x + apart / 2, middle_y, spin + rng.uniform(0, 12)),  # right foot
    ]
    return render_podoscope(feet, rng, device, placements[: len(feet)])
