"""Podoscope photos: the contact area of the feet, light on a dark glass plate.

A podoscope lights the sole through a glass plate and is photographed from below. Three
kinds of pixel are seen: the dark plate, the foot's skin where it does not touch the glass
(dimmer, often greyish), and the contact area (bright, often tinted by the device's light
or film). The contact area is the footprint.

Reading it:

1. Brightness is the brightest colour channel, so a strong tint (a green or orange contact
   area) still reads as bright.
2. The plate, with any glow from the edge-lit glass, is estimated by a grey-level opening
   wider than a foot (which removes the feet) and subtracted.
3. The light under the plate is rarely even (one end of the plate brighter than the other),
   so each pixel is compared with the brightest contact nearby (a local envelope a few
   centimetres wide) rather than with one global level. Contact is what reaches a share of
   that envelope which Otsu's method picks between the skin and the contact.

Trade-off: the envelope is only right where some contact lies within its radius. Skin
farther than that from any contact would look bright relative to its own neighbourhood;
the radius is therefore wide (about a quarter of a foot's length), which in turn assumes
the light does not change much across that distance.

Whether a photo is a podoscope photo (light on dark) or a paper print (dark on light) is
decided from what surrounds the prints: paper is light at the photo's edge, the plate dark.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage

from footwork.errors import RetakeNeeded


@dataclass(frozen=True)
class PodoscopeLimits:
    """Numbers of the podoscope reading, each with its reason."""

    # Width of the ring at the photo's edge that shows the background (share of each side);
    # a print must stay inside the photo with a margin anyway (footprint_mask._check_print).
    border_share: float = 0.03
    # The edge ring is "dark" when its median sits below this share of the way from the
    # darkest to the brightest tones: paper sits near the top (≥ 0.6 even under a 30% light
    # fall-off), a podoscope plate near the bottom (≤ 0.2); the midpoint splits them.
    dark_border_share: float = 0.5
    # A photo whose tones span less than this (0..255) has no print in it either way; it is
    # then called a podoscope photo when its edge is darker than mid-grey.
    blank_range: float = 40.0
    blank_dark_level: float = 100.0
    # Plate estimate: opening over this share of the working image's long side (wider than
    # a foot, so the feet vanish from it), computed on a copy about 200 px across.
    plate_kernel_share: float = 0.45
    # Envelope radius as a share of the long side: about a quarter of a foot's length on a
    # photo of both feet, so that the arch skin of a high arch still sees the lateral band.
    envelope_share: float = 0.12
    # Only pixels whose envelope reaches this share of the brightest contact are near a
    # foot; farther out the plate's noise would be compared with itself.
    near_share: float = 0.25
    # Contact is also at least this share of the brightest contact in the photo: it allows
    # light that falls to a quarter across the plate (podoscopes are lit far more evenly),
    # and keeps out stray glow on the bare glass, which stays far dimmer than the contact.
    min_share_of_peak: float = 0.25
    # The contact threshold (share of the envelope) is Otsu's between skin and contact,
    # kept inside this range: the half-way edge between contact and plate lies at about
    # 0.5, and skin is rarely brighter than 60% of the contact.
    threshold_range: tuple[float, float] = (0.42, 0.72)
    # Skin is taken to be in view when the pixels between the plate and the contact cover at
    # least this share of the contact area; a blurred edge alone covers about 3% of it, the
    # skin of the arch and around the toes 20% or more.
    min_skin_share: float = 0.08
    # A contact blob's outline rises by at least this share of its mean brightness per pixel
    # (mean slope along its outline): generated contact edges rise 11-16% per px, stray
    # glow on the plate about 1%; the
    # level leaves room for a photo three to four times softer than the generated ones.
    min_edge_step: float = 0.035
    # Brightness of the contact over the plate (0..255) below which nothing is there.
    min_contact: float = 30.0
    # Contact must be at least this much (0..255) brighter than its surroundings.
    min_contrast: float = 18.0


LIMITS = PodoscopeLimits()

_HINT_EMPTY = (
    "Photograph the plate with the person standing on it, both feet fully on the glass, with "
    "the podoscope's light on and the room light dimmed."
)
_HINT_FAINT = (
    "Turn the podoscope's light up (or the room light down) and photograph straight from below "
    "without flash, so the contact area stands out from the rest of the sole."
)


def brightness(image: np.ndarray) -> np.ndarray:
    """Brightest colour channel as float (a tinted contact area stays bright)."""
    if image.ndim == 2:
        return image.astype(np.float32)
    channels = cv2.split(image)
    top = channels[0]
    for channel in channels[1:]:
        top = cv2.max(top, channel)
    return top.astype(np.float32)


def looks_like_podoscope(image: np.ndarray, limits: PodoscopeLimits = LIMITS) -> bool:
    """True when the prints are light on a dark surround (podoscope), False for dark on light.

    Decided from the photo's edge, which shows the background: a paper sheet that fills the
    frame is light there, a podoscope plate dark. A whole sheet on a dark table is found by
    its outline before this is asked (see footprint_photo).
    """
    grey = brightness(image)
    h, w = grey.shape
    band = max(2, round(limits.border_share * min(h, w)))
    ring = np.concatenate(
        [grey[:band].ravel(), grey[-band:].ravel(), grey[:, :band].ravel(), grey[:, -band:].ravel()]
    )
    edge = float(np.median(ring))
    low, high = (float(v) for v in np.percentile(grey[::3, ::3], [1.0, 99.5]))
    if high - low < limits.blank_range:
        return edge < limits.blank_dark_level
    return (edge - low) / (high - low) < limits.dark_border_share


def contact_mask(image: np.ndarray, limits: PodoscopeLimits = LIMITS) -> np.ndarray:
    """Boolean mask of the contact area (all feet, toes included) in a podoscope photo."""
    lit = cv2.GaussianBlur(brightness(image), (0, 0), 1.0)
    above = np.maximum(lit - _plate(lit, limits), 0.0)
    envelope, reach = _envelope(above, limits)
    peak = float(reach.max())
    if peak < limits.min_contact:
        raise RetakeNeeded(
            "No foot found on the podoscope: the plate looks empty.", hint=_HINT_EMPTY
        )
    near = (reach > limits.near_share * peak) & (above > limits.min_share_of_peak * peak)
    share = above / np.maximum(envelope, 1.0)
    level = _threshold(share[near & (share > 0.15)], limits)
    contact = near & (share > level)
    if not contact.any():
        raise RetakeNeeded(
            "No foot found on the podoscope: the plate looks empty.", hint=_HINT_EMPTY
        )
    around = near & ~contact
    if around.any() and above[contact].mean() - above[around].mean() < limits.min_contrast:
        raise RetakeNeeded(
            "The contact area is too faint to tell apart from the rest of the sole.",
            hint=_HINT_FAINT,
        )
    kernel = np.ones((3, 3), np.uint8)
    cleaned = cv2.morphologyEx(contact.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    cleaned = cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, kernel)
    return _sharp_blobs(np.asarray(ndimage.binary_fill_holes(cleaned > 0)), lit, above, limits)


def _sharp_blobs(
    mask: np.ndarray, lit: np.ndarray, above: np.ndarray, limits: PodoscopeLimits
) -> np.ndarray:
    """Drop soft blobs: stray glow on the glass fades out slowly, a contact edge is a step."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    if count <= 1:
        return mask
    slope = np.hypot(cv2.Sobel(lit, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(lit, cv2.CV_32F, 0, 1))
    slope /= 8.0  # Sobel's 3x3 weights sum to 8 per unit step
    inner = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    edge = mask & ~inner
    index = np.arange(1, count)
    rise = _mean_per_label(slope[edge], labels[edge], count)
    level = _mean_per_label(above[mask], labels[mask], count)
    sharp = index[rise >= limits.min_edge_step * np.maximum(level, 1.0)]
    if sharp.size == 0:
        raise RetakeNeeded(
            "No sharp contact area found on the podoscope: the photo is out of focus or shows "
            "only glare on the glass.",
            hint="Focus on the glass plate, avoid reflections of room lights on it, and "
            "photograph with the person standing on it.",
        )
    return np.isin(labels, sharp)


def _mean_per_label(values: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Mean of ``values`` for labels 1..count-1 (0 where a label has none)."""
    sums = np.bincount(labels, weights=values, minlength=count)[1:]
    sizes = np.bincount(labels, minlength=count)[1:]
    return np.asarray(sums / np.maximum(sizes, 1))


def _small(channel: np.ndarray) -> tuple[np.ndarray, int]:
    h, w = channel.shape
    factor = max(1, round(max(h, w) / 200))
    size = (max(1, w // factor), max(1, h // factor))
    return cv2.resize(channel, size, interpolation=cv2.INTER_AREA), factor


def _upsize(small: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def _plate(channel: np.ndarray, limits: PodoscopeLimits) -> np.ndarray:
    """The dark plate's level under and around the feet (grey opening wider than a foot)."""
    small, _ = _small(channel)
    size = max(3, int(limits.plate_kernel_share * min(small.shape)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN, kernel, borderType=cv2.BORDER_REFLECT)
    opened = cv2.GaussianBlur(opened, (0, 0), size / 4)
    return _upsize(opened, channel.shape)


def _envelope(above: np.ndarray, limits: PodoscopeLimits) -> tuple[np.ndarray, np.ndarray]:
    """(smoothed, raw) brightest contact within the envelope radius: the local light level.

    The smoothed one divides the brightness; the raw one (no blur tail reaching past the
    radius) says which pixels have a foot near them.
    """
    small, _ = _small(above)
    radius = max(2, round(limits.envelope_share * max(small.shape)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    top = cv2.dilate(small, kernel, borderType=cv2.BORDER_REFLECT)
    smooth = cv2.GaussianBlur(top, (0, 0), radius / 3)
    return _upsize(smooth, above.shape), _upsize(top, above.shape)


def _threshold(shares: np.ndarray, limits: PodoscopeLimits) -> float:
    """Share of the envelope that splits contact from what surrounds it.

    With the skin in view, Otsu's level between skin and contact. Without it (a podoscope
    that shows only the contact) the pixels below Otsu's level are just the thin blurred
    edge; the edge then lies half-way between the plate (0) and the contact.
    """
    low, high = limits.threshold_range
    if shares.size < 2:
        return low
    scaled = np.clip(np.round(shares * 255), 0, 255).astype(np.uint8)
    level, _ = cv2.threshold(scaled, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    split = level / 255
    contact = shares[shares > split]
    if (shares <= split).sum() < limits.min_skin_share * contact.size:
        return float(0.5 * np.median(contact))
    return float(np.clip(split, low, high))
