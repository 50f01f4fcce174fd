"""Arch indices of a toe-less sole, measured in the foot's own frame.

The frame's origin is the heel centre and its first axis points to the second-toe tip
(Cavanagh & Rodgers). ``along`` runs heel → toes, ``across`` runs along the axis normal
(-u_y, u_x), which is image-right when the toes point up. All lengths are pixels of the
image the mask lives in; pixels are counted in 1-pixel strips across the axis, so no image
is resampled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MEDIAL_SEARCH = (0.2, 0.8)  # share of the sole length where the arch concavity is looked for
EDGE_SMOOTHING = 5  # strips averaged along the medial border
CONTACT_TOLERANCE = 0.006  # share of the sole length: a border this close touches the tangent


@dataclass(frozen=True)
class FootFrame:
    heel: np.ndarray  # heel centre (x, y), image px
    axis: np.ndarray  # unit vector heel centre -> second-toe tip

    @property
    def normal(self) -> np.ndarray:
        return np.array([-self.axis[1], self.axis[0]])

    def coords(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rel = np.asarray(points, dtype=np.float64) - self.heel
        return rel @ self.axis, rel @ self.normal

    def point(self, along: float, across: float) -> np.ndarray:
        return self.heel + along * self.axis + across * self.normal


@dataclass(frozen=True)
class Profile:
    """Sole width and medial/lateral edges in 1-px strips from the rearmost point forward."""

    back: float  # along-coordinate of the rearmost sole pixel
    front: float  # along-coordinate of the foremost sole pixel
    widths: np.ndarray  # contact width (px) per strip, lightly smoothed
    edge_plus: np.ndarray  # largest across per strip (NaN where empty)
    edge_minus: np.ndarray  # smallest across per strip (NaN where empty)
    counts: np.ndarray  # raw pixel count per strip

    @property
    def length(self) -> float:
        return self.front - self.back

    def strip_along(self, index: np.ndarray | int) -> np.ndarray:
        return self.back + np.asarray(index, dtype=np.float64) + 0.5

    def third_slices(self) -> tuple[slice, slice, slice]:
        """Heel, midfoot and forefoot strips (equal thirds of the sole length)."""
        n = len(self.counts)
        a, b = round(n / 3), round(2 * n / 3)
        return slice(0, a), slice(a, b), slice(b, n)


@dataclass(frozen=True)
class Clarke:
    heel_point: tuple[float, float]  # (along, across) where the medial tangent touches the heel
    fore_point: tuple[float, float]  # ... and the forefoot
    deepest: tuple[float, float]  # deepest point of the medial concavity
    angle_deg: float


@dataclass(frozen=True)
class WidthMarks:
    """Where each width used by the indices was taken: (strip index, width px)."""

    min_midfoot: tuple[int, float]
    max_forefoot: tuple[int, float]
    max_heel: tuple[int, float]


def sole_profile(sole: np.ndarray, frame: FootFrame) -> Profile:
    ys, xs = np.nonzero(sole)
    along, across = frame.coords(np.column_stack([xs, ys]))
    back = float(along.min())
    strips = np.floor(along - back).astype(int)
    n = strips.max() + 1
    counts = np.bincount(strips, minlength=n).astype(np.float64)
    plus = np.full(n, -np.inf)
    minus = np.full(n, np.inf)
    np.maximum.at(plus, strips, across)
    np.minimum.at(minus, strips, across)
    smooth = np.convolve(np.pad(counts, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    return Profile(
        back=back,
        front=float(along.max()) + 1.0,
        widths=smooth,
        edge_plus=np.where(np.isfinite(plus), plus, np.nan),
        edge_minus=np.where(np.isfinite(minus), minus, np.nan),
        counts=counts,
    )


def arch_index(profile: Profile) -> float:
    """Cavanagh-Rodgers: middle-third area over the whole toe-less area."""
    _, mid, _ = profile.third_slices()
    return float(profile.counts[mid].sum() / profile.counts.sum())


def width_marks(profile: Profile) -> WidthMarks:
    heel, mid, fore = profile.third_slices()
    w = profile.widths
    i_mid = mid.start + int(np.argmin(w[mid]))
    i_fore = fore.start + int(np.argmax(w[fore]))
    i_heel = heel.start + int(np.argmax(w[heel]))
    return WidthMarks(
        (i_mid, float(w[i_mid])), (i_fore, float(w[i_fore])), (i_heel, float(w[i_heel]))
    )


def chippaux_smirak(marks: WidthMarks) -> float:
    """Narrowest midfoot width over widest forefoot width, in percent (0 if the print breaks)."""
    narrow = marks.min_midfoot[1]
    return 0.0 if narrow < 1.0 else 100.0 * narrow / marks.max_forefoot[1]


def staheli(marks: WidthMarks) -> float:
    """Narrowest midfoot width over widest heel width (both across the foot axis)."""
    narrow = marks.min_midfoot[1]
    return 0.0 if narrow < 1.0 else narrow / marks.max_heel[1]


def midfoot_contact(marks: WidthMarks) -> bool:
    """False when some strip of the middle third has no contact at all (a broken print)."""
    return marks.min_midfoot[1] >= 1.0


def hernandez_corvo_line(profile: Profile) -> int:
    """Strip where the Hernández-Corvo arch width Y is taken: halfway along the toe-less
    print. The hand protocol finds this line by stepping a 'fundamental measure' back from
    the metatarsal line along the medial tangent; footwork places it at half the sole length
    along the foot axis, so it uses the same frame and strips as the other indices."""
    return len(profile.counts) // 2


def hernandez_corvo(profile: Profile, marks: WidthMarks) -> float:
    """Hernández-Corvo index in percent: (X - Y) / X x 100, with X the widest forefoot
    (metatarsal) contact width and Y the contact width across the arch line. 0 is a midfoot
    as wide as the forefoot (flat), 100 a midfoot without contact (very high arch)."""
    x = marks.max_forefoot[1]
    y = float(profile.widths[hernandez_corvo_line(profile)])
    return float(np.clip(100.0 * (x - y) / x, 0.0, 100.0)) if x > 0 else 0.0


def medial_edge(profile: Profile, medial_sign: int) -> np.ndarray:
    """Medial border as 'how far out medially' per strip (NaN where the strip is empty),
    averaged over a few strips so a ragged ink edge does not decide the tangent points."""
    edge = profile.edge_plus if medial_sign > 0 else -profile.edge_minus
    seen = np.isfinite(edge)
    window = np.ones(EDGE_SMOOTHING)
    total = np.convolve(np.where(seen, edge, 0.0), window, mode="same")
    count = np.convolve(seen.astype(np.float64), window, mode="same")
    return np.where(seen, total / np.maximum(count, 1.0), np.nan)


def concavity_depth(profile: Profile, sign: int) -> float:
    """Deepest gap between one border and its convex hull, within the arch search zone."""
    hull = _upper_hull_values(medial_edge(profile, sign))
    depth = hull - medial_edge(profile, sign)
    n = len(depth)
    zone = slice(int(MEDIAL_SEARCH[0] * n), int(MEDIAL_SEARCH[1] * n))
    values = depth[zone]
    return float(np.nanmax(values)) if np.isfinite(values).any() else 0.0


def clarke(profile: Profile, medial_sign: int) -> Clarke:
    """Clarke's angle between the medial tangent and the line to the deepest arch point."""
    edge = medial_edge(profile, medial_sign)
    idx, vals = _upper_hull(edge)
    depth = np.interp(np.arange(len(edge)), idx, vals) - edge
    n = len(edge)
    zone = np.arange(int(MEDIAL_SEARCH[0] * n), int(MEDIAL_SEARCH[1] * n))
    if not np.isfinite(depth[zone]).any():  # no contact anywhere in the search zone
        zone = np.flatnonzero(np.isfinite(depth))
    deep = int(zone[np.nanargmax(depth[zone])])
    k = int(np.searchsorted(idx, deep, side="right"))
    heel_i, fore_i = int(idx[max(k - 1, 0)]), int(idx[min(k, len(idx) - 1)])
    fore_i = _last_contact(edge, heel_i, fore_i, CONTACT_TOLERANCE * n)
    fore = np.array([fore_i, edge[fore_i]])
    to_heel = np.array([heel_i, edge[heel_i]]) - fore
    to_deep = np.array([deep, edge[deep]]) - fore
    cos = to_heel @ to_deep / (np.linalg.norm(to_heel) * np.linalg.norm(to_deep) + 1e-12)
    angle = float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))

    def frame_point(i: int) -> tuple[float, float]:
        return float(profile.strip_along(i)), float(edge[i] * medial_sign)

    return Clarke(frame_point(heel_i), frame_point(fore_i), frame_point(deep), angle)


def _last_contact(edge: np.ndarray, heel_i: int, fore_i: int, tolerance: float) -> int:
    """Foremost strip still touching the heel-forefoot tangent (within ``tolerance`` px).

    Where the forefoot border runs straight along the tangent, the contact point is where it
    starts to curve away, not an arbitrary pixel of the straight run.
    """
    if fore_i == heel_i:
        return fore_i
    slope = (edge[fore_i] - edge[heel_i]) / (fore_i - heel_i)
    ahead = np.arange(fore_i, len(edge))
    line = edge[heel_i] + slope * (ahead - heel_i)
    touching = np.isfinite(edge[ahead]) & (line - edge[ahead] <= tolerance)
    gaps = np.flatnonzero(~touching)
    return int(ahead[gaps[0] - 1]) if gaps.size else int(ahead[-1])


def _upper_hull(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices and values of the upper convex hull of (i, values[i]) over finite entries."""
    v = values.tolist()  # plain floats: this loop runs once per strip
    hull: list[int] = []
    for x in np.flatnonzero(np.isfinite(values)).tolist():
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            if (b - a) * (v[x] - v[a]) - (v[b] - v[a]) * (x - a) < 0:
                break
            hull.pop()
        hull.append(x)
    ids = np.array(hull)
    return ids, values[ids]


def _upper_hull_values(values: np.ndarray) -> np.ndarray:
    idx, vals = _upper_hull(values)
    return np.interp(np.arange(len(values)), idx, vals)
