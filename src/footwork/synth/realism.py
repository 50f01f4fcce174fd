"""What a real pose model adds to clean projected landmarks: noise, jitter, lost frames, occlusion.

All randomness comes from the ``numpy.random.Generator`` passed in, so a seed fixes a clip.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footwork.vision.pose.sequence import LANDMARK_INDEX

FOOT_POINTS: tuple[str, ...] = (
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
_LIMB_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(f"{side}_{part}" for part in parts)
    for side in ("left", "right")
    for parts in (("knee", "ankle", "heel", "foot_index"), ("elbow", "wrist", "index"))
)


@dataclass(frozen=True)
class Realism:
    """Knobs for how far a clip is from clean geometry.

    noise_px            Gaussian noise per landmark and frame (pixels, 1 σ)
    foot_noise_factor   foot points (ankle, heel, toe) are this much noisier: pose models
                        place them least well
    burst_rate_hz       jitter bursts per second: a limb's points jump for a few frames
    burst_px            size of a jitter jump (pixels)
    burst_frames        length of one burst (frames)
    drop_fraction       share of frames where the person is lost (NaN, visibility near 0)
    occluded            landmark names hidden part of the time (low visibility, extra noise)
    occluded_fraction   share of the clip those landmarks are hidden, in chunks of ~1 s
    occlusion_noise     noise multiplier while hidden
    walk_in_s           seconds of walking into place before setting up (0 = already there)
    setup_s             seconds standing still before getting into the start position
    sway_m              slow body sway amplitude (metres)
    tilt_deg            camera roll: the phone is not quite level
    """

    noise_px: float = 1.0
    foot_noise_factor: float = 1.5
    burst_rate_hz: float = 0.0
    burst_px: float = 12.0
    burst_frames: int = 3
    drop_fraction: float = 0.0
    occluded: tuple[str, ...] = ()
    occluded_fraction: float = 1.0
    occlusion_noise: float = 3.0
    walk_in_s: float = 0.0
    setup_s: float = 1.0
    sway_m: float = 0.004
    tilt_deg: float = 0.0

    @classmethod
    def clean(cls) -> Realism:
        """No noise, no sway, no losses: landmarks are the exact projection."""
        return cls(noise_px=0.0, foot_noise_factor=1.0, sway_m=0.0)

    @classmethod
    def rough(cls) -> Realism:
        """A hard but fair phone clip: noise, bursts, dropped frames, a walk-in, a tilt."""
        return cls(
            noise_px=1.5, burst_rate_hz=0.15, drop_fraction=0.03, walk_in_s=2.5, tilt_deg=0.8
        )


def corrupt(
    xy: np.ndarray, visibility: np.ndarray, realism: Realism, fps: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Apply noise, bursts, occlusion and dropped frames to clean (T, 33, 2) landmarks."""
    xy, vis = xy.copy(), visibility.copy()
    scale = _noise_scale(vis, realism)
    hidden = _occlusion_mask(len(xy), realism, fps, rng)
    scale = np.where(hidden, scale * realism.occlusion_noise, scale)
    vis = np.where(hidden, rng.uniform(0.1, 0.35, vis.shape), vis)
    xy += rng.normal(0.0, 1.0, xy.shape) * scale[..., None]
    _add_bursts(xy, realism, fps, rng)
    dropped = _dropped_frames(len(xy), realism.drop_fraction, rng)
    xy[dropped] = np.nan
    vis[dropped] = rng.uniform(0.0, 0.05, (int(dropped.sum()), vis.shape[1]))
    return xy, np.clip(vis, 0.0, 1.0)


def _noise_scale(vis: np.ndarray, realism: Realism) -> np.ndarray:
    scale = np.full(vis.shape, realism.noise_px)
    for name in FOOT_POINTS:
        scale[:, LANDMARK_INDEX[name]] *= realism.foot_noise_factor
    # Points the model sees poorly (far side, back of the head) wander more.
    return scale * (1.0 + 1.5 * (1.0 - vis))


def _occlusion_mask(n: int, realism: Realism, fps: float, rng: np.random.Generator) -> np.ndarray:
    mask = np.zeros((n, len(LANDMARK_INDEX)), dtype=bool)
    if not realism.occluded or realism.occluded_fraction <= 0:
        return mask
    chunk = max(1, round(fps))
    hidden_chunks = rng.random(n // chunk + 1) < realism.occluded_fraction
    frames = np.repeat(hidden_chunks, chunk)[:n]
    for name in realism.occluded:
        mask[:, LANDMARK_INDEX[name]] = frames
    return mask


def _add_bursts(xy: np.ndarray, realism: Realism, fps: float, rng: np.random.Generator) -> None:
    n = len(xy)
    count = rng.poisson(realism.burst_rate_hz * n / fps) if realism.burst_rate_hz > 0 else 0
    for _ in range(count):
        start = int(rng.integers(0, n))
        group = _LIMB_GROUPS[int(rng.integers(0, len(_LIMB_GROUPS)))]
        idx = [LANDMARK_INDEX[name] for name in group]
        jump = rng.normal(0.0, realism.burst_px, 2)
        stop = min(n, start + realism.burst_frames)
        xy[start:stop, idx, :] += jump + rng.normal(0.0, realism.burst_px / 4, (stop - start, 1, 2))


def _dropped_frames(n: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Frames where the person is lost, in short runs of 1–4 frames."""
    dropped = np.zeros(n, dtype=bool)
    target = round(fraction * n)
    while dropped.sum() < target:
        start = int(rng.integers(0, n))
        dropped[start : start + int(rng.integers(1, 5))] = True
    return dropped
