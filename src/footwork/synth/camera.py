"""A level pinhole camera that films the 3-D body, so every view is a projection of one skeleton.

Views are named by where the camera stands relative to a person facing +y:

    front           camera in front of the person, looking at their face
    rear            camera behind them
    left / right    camera at the person's left / right side (side views)
    front-left, front-right, rear-left, rear-right   oblique, 45° between the two

Image pixels: origin top-left, x right, y down. The camera looks horizontally (no pitch), so
world verticals stay vertical in the image unless ``roll_deg`` tilts it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footwork.errors import InvalidInput

VIEW_AZIMUTH_DEG: dict[str, float] = {
    "front": 0.0,
    "front-left": 45.0,
    "left": 90.0,
    "rear-left": 135.0,
    "rear": 180.0,
    "rear-right": 225.0,
    "right": 270.0,
    "front-right": 315.0,
}
VIEW_ALIASES: dict[str, str] = {"side": "left", "back": "rear", "oblique": "rear-left"}


def view_azimuth(view: str) -> float:
    """Camera azimuth (deg) for a view name; raises InvalidInput for an unknown name."""
    key = VIEW_ALIASES.get(view, view)
    if key not in VIEW_AZIMUTH_DEG:
        names = ", ".join([*VIEW_AZIMUTH_DEG, *VIEW_ALIASES])
        raise InvalidInput(f"Unknown camera view {view!r}.", hint=f"Use one of: {names}.")
    return VIEW_AZIMUTH_DEG[key]


@dataclass(frozen=True)
class Camera:
    """Where the camera stands and how it maps metres to pixels.

    ``person_px`` is how tall a standing person of ``body_height_m`` appears; ``target`` is the
    world point (metres) drawn at the image centre; ``distance_m`` sets the perspective.
    """

    view: str = "rear"
    width: int = 1280
    height: int = 720
    person_px: float = 560.0
    body_height_m: float = 1.75
    distance_m: float = 3.5
    height_m: float = 0.9
    roll_deg: float = 0.0
    target: tuple[float, float, float] = (0.0, 0.0, 0.85)

    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(position, right, down, forward) of the camera in world coordinates."""
        az = np.radians(view_azimuth(self.view))
        toward_cam = np.array([-np.sin(az), np.cos(az), 0.0])
        tx, ty, _ = self.target
        position = np.array([tx, ty, self.height_m]) + self.distance_m * toward_cam
        forward = -toward_cam
        right = np.cross(forward, [0.0, 0.0, 1.0])
        down = np.array([0.0, 0.0, -1.0])
        roll = np.radians(self.roll_deg)
        right, down = (
            np.cos(roll) * right + np.sin(roll) * down,
            np.cos(roll) * down - np.sin(roll) * right,
        )
        return position, right, down, forward

    @property
    def focal_px(self) -> float:
        return self.person_px * self.distance_m / self.body_height_m

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (..., 2) and camera depth (...) of world points (..., 3)."""
        position, right, down, forward = self.axes()
        rel = points - position
        depth = rel @ forward
        f = self.focal_px
        _, _, tz = self.target
        cy = self.height / 2 + f * (tz - self.height_m) / self.distance_m
        u = self.width / 2 + f * (rel @ right) / depth
        v = cy + f * (rel @ down) / depth
        return np.stack([u, v], axis=-1), depth
