"""Silence native libraries that print straight to the process's stderr.

OpenCV's FFmpeg wrapper and MediaPipe's C++ logging write informational lines to file
descriptor 2 ("Created TensorFlow Lite XNNPACK delegate", "tag ... is not supported"),
which Python's own redirection cannot catch. ``native_stderr_silenced`` points descriptor 2
at /dev/null for the few calls known to do that, then restores it.

MediaPipe's C++ side logs through absl, which no environment variable quiets, and from worker
threads at moments no call brackets (``inference_feedback_manager.cc … Feedback manager
requires…`` while the landmark model is built). ``native_log_filtered`` covers a pose
estimator's whole life: descriptor 2 feeds a filter that drops native info and warning lines
and passes everything else on.
"""

from __future__ import annotations

import os
import re
import sys
import threading
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


# A native log line: glog/absl ("W0000 00:00:1795617807.038881    2232 file.cc:114] text") or
# TensorFlow Lite's "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."
_NATIVE_LOG = re.compile(rb"^(?:[IW]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w./-]+:\d+\] |INFO: )")
_MAYBE_LOG = re.compile(rb"^(?:[IW]\d|I$|W$|IN|INF|INFO)")  # the start of one, split by a read


class _NativeLogFilter:
    """While active, file descriptor 2 feeds a pipe; a thread forwards to the real stderr every
    line except native informational and warning log lines. Python's own stderr output (error
    messages, progress bars) and native errors still reach the terminal.

    Descriptor 2 belongs to the whole process, so the filter is shared: the first user installs
    it and the last one removes it (several clip analyses may run at once in the web app).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._real = -1
        self._thread: threading.Thread | None = None

    def acquire(self) -> None:
        with self._lock:
            self._users += 1
            if self._users > 1:
                return
            sys.stderr.flush()
            self._real = os.dup(2)
            read_end, write_end = os.pipe()
            os.dup2(write_end, 2)
            os.close(write_end)
            self._thread = threading.Thread(
                target=_forward, args=(read_end, self._real), name="native-log-filter", daemon=True
            )
            self._thread.start()

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users > 0:
                return
            sys.stderr.flush()
            os.dup2(self._real, 2)  # closes the pipe's write end: the thread sees the end
            if self._thread is not None:
                self._thread.join(timeout=5)
            os.close(self._real)
            self._real, self._thread = -1, None


def _forward(read_end: int, real: int) -> None:
    pending = b""
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while chunk := pipe.read(65536):
            *lines, pending = (pending + chunk).split(b"\n")
            out = b"".join(line + b"\n" for line in lines if not _NATIVE_LOG.match(line))
            if pending and not _MAYBE_LOG.match(pending):  # a progress bar redrawn with \r
                out, pending = out + pending, b""
            if out:
                os.write(real, out)
    if pending and not _NATIVE_LOG.match(pending):
        os.write(real, pending)


_FILTER = _NativeLogFilter()


@contextmanager
def native_log_filtered() -> Iterator[None]:
    """Drop native libraries' info and warning log lines written to stderr inside the block
    (including from their worker threads); everything else written to stderr still shows."""
    _FILTER.acquire()
    try:
        yield
    finally:
        _FILTER.release()
