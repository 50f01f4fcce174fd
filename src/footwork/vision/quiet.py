"""Silence native libraries that print straight to the process's stderr.

OpenCV's FFmpeg wrapper and MediaPipe's C++ logging write informational lines to file
descriptor 2 ("Created TensorFlow Lite XNNPACK delegate", "tag ... is not supported"),
which Python's own redirection cannot catch. ``native_stderr_silenced`` points descriptor 2
at /dev/null for the few calls known to do that, then restores it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Discard what native code writes to stderr inside the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
