"""Plantar-pressure grids (a CSV of sensor readings) turned into a footprint mask.

A sensor on the print's edge reads in proportion to the area it covers, so the outline is
drawn where the (bilinearly upsampled) reading falls to half of the highest reading nearby,
and readings under a small share of the peak never count. The grid is upsampled to about
4 px/mm so that the same print analysis as for photos can run.
Pressure plates rarely separate the toes from the ball, which the report states.
"""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
from scipy import ndimage

from footwork.errors import Fix, InvalidInput, UnreadableMedia

CONTACT_SHARE = 0.05  # a cell is in contact above this share of the highest reading
EDGE_SHARE = 0.5  # the outline runs where a reading falls to half of its neighbourhood's peak
TARGET_PX_PER_MM = 4.0
MIN_CELLS = 200  # fewer contact cells than this cannot give indices


def read_grid(path: Path) -> np.ndarray:
    """Numbers from a CSV (comma, semicolon or tab separated), one sensor row per line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t ")
        rows = [
            [float(v) for v in row if v.strip()] for row in csv.reader(text.splitlines(), dialect)
        ]
    except (UnicodeDecodeError, csv.Error, ValueError) as exc:
        raise UnreadableMedia(
            f"{path.name} is not a grid of numbers ({exc}).",
            hint="Export the pressure frame as CSV: one row of sensor values per line.",
        ) from None
    rows = [r for r in rows if r]
    if not rows or len({len(r) for r in rows}) != 1:
        raise UnreadableMedia(
            f"{path.name} has rows of different lengths or no numbers.",
            hint="Every line must hold the same number of sensor values.",
        )
    return np.array(rows, dtype=np.float64)


def grid_to_image(grid: np.ndarray, cell_mm: float) -> tuple[np.ndarray, float]:
    """A dark-on-white image of the contact area and its scale in px/mm."""
    if not 0.5 <= cell_mm <= 20:
        raise InvalidInput(
            f"A sensor pitch of {cell_mm:g} mm is not plausible.",
            hint="Give the distance between sensor centres in mm (often 5 to 10 mm).",
            fix=Fix.GRID_PITCH,
        )
    peak = float(np.nanmax(grid)) if grid.size else 0.0
    if not peak > 0:
        raise UnreadableMedia(
            "The pressure grid holds no readings above zero.",
            hint="Export a frame taken while standing on the plate.",
        )
    contact = np.nan_to_num(grid, nan=0.0) / peak
    if (contact > CONTACT_SHARE).sum() < MIN_CELLS / max(1.0, cell_mm / 5) ** 2:
        raise UnreadableMedia(
            "Too few loaded sensors to outline a foot.",
            hint="Export a frame of full standing contact, not of a step.",
        )
    factor = max(1, round(TARGET_PX_PER_MM * cell_mm))
    padded = np.pad(contact, 2)
    local = ndimage.maximum_filter(padded, size=3)
    big = cv2.resize(padded, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
    big_local = cv2.resize(local, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
    inside = (big > CONTACT_SHARE) & (big >= EDGE_SHARE * big_local)
    image = np.where(inside, 30, 245).astype(np.uint8)
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), factor / cell_mm
