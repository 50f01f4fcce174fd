"""Reading photos into BGR arrays, refusing files that are not usable images."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from footwork.errors import InvalidInput, NotFound, UnreadableMedia

MIN_SIDE_PX = 64
WRITABLE_SUFFIXES = (".png", ".jpg", ".jpeg")


def read_image(path: Path) -> np.ndarray:
    """Read a photo as an 8-bit BGR array (H, W, 3); grey images are expanded to 3 channels."""
    if not path.is_file():
        raise NotFound(f"No file at {path}.", hint="Check the path and try again.")
    data = np.fromfile(path, dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise UnreadableMedia(
            f"{path.name} is not a readable image (empty, corrupt or not a photo).",
            hint="Save the photo again as JPEG or PNG, or take a new one.",
        )
    if min(image.shape[:2]) < MIN_SIDE_PX:
        raise UnreadableMedia(
            f"{path.name} is only {image.shape[1]}x{image.shape[0]} pixels.",
            hint="Use the original photo from the camera, not a thumbnail.",
        )
    return image


def write_image(path: Path, image: np.ndarray) -> Path:
    """Write an image; the format follows the file extension (PNG recommended)."""
    if path.suffix.lower() not in WRITABLE_SUFFIXES:
        raise InvalidInput(
            f"Cannot write an image as {path.suffix or 'a file without extension'!r}.",
            hint="Give the output a .png or .jpg name.",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    ok, buffer = cv2.imencode(path.suffix.lower(), image)
    if not ok:
        raise InvalidInput(f"Could not encode the image for {path}.", hint="Use a .png name.")
    buffer.tofile(path)
    return path
