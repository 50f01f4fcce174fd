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
