"""What the browser tests share: Debian's chromium, its flags, real media, and the skip rule.

The fixtures (``settings_sqlite``, ``server``, ``browser``, ``page``) live in ``conftest.py``;
a browser test module sets ``pytestmark = needs_chromium``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
MEDIA = Path(__file__).resolve().parents[2].parent / "shared" / "media"
FOOT_PHOTO = MEDIA / "foot-photo" / "side_normal_img_20220420_171144.jpg"
FOOTPRINT = MEDIA / "footprint" / "plantar_flat.jpg"
CLIP = MEDIA / "squat" / "squat_19.mp4"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SPEED = 100  # session timers run this many times faster

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium (scripts/test.sh installs "
    "it with apt-get when it may)",
)


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """Serve ``app`` with a real uvicorn on 127.0.0.1:``port`` until the block ends."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=20)


def fake_camera_file(
    clip: Path,
    out: Path,
    *,
    size: tuple[int, int],
    fps: int = 15,
    lead_s: float = 0.0,
    tail_s: float = 0.0,
) -> Path:
    """``clip`` as a y4m for Chromium's fake camera (``--use-file-for-fake-video-capture``):
    ``size`` pixels at ``fps``, its first frame shown for ``lead_s`` before it and its last
    for ``tail_s`` after. Decoded and converted with OpenCV (YUV 4:2:0), so no ffmpeg is
    needed; y4m itself is a one-line header and a line before each frame."""
    import cv2

    capture = cv2.VideoCapture(str(clip))
    source_fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        frames.append(bgr)
    capture.release()
    if not frames:
        raise RuntimeError(f"no frame could be decoded from {clip}")
    length_s = len(frames) / source_fps
    picked = [frames[min(len(frames) - 1, int(k / fps * source_fps))]
              for k in range(round(length_s * fps))]  # fmt: skip
    picked = [frames[0]] * round(lead_s * fps) + picked + [frames[-1]] * round(tail_s * fps)
    width, height = size
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for bgr in picked:
            small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
            f.write(b"FRAME\n" + cv2.cvtColor(small, cv2.COLOR_BGR2YUV_I420).tobytes())
    return out
