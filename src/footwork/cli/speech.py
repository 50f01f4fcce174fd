"""Spoken cues through espeak-ng when it is installed; silent otherwise."""

from __future__ import annotations

import shutil
import subprocess

MISSING_VOICE_HINT = (
    "Spoken cues need espeak-ng, which is not installed; on Debian or Ubuntu: "
    "sudo apt-get install espeak-ng (on macOS: brew install espeak-ng). "
    "Carrying on without voice."
)


class Voice:
    def __init__(self, enabled: bool) -> None:
        self.binary = shutil.which("espeak-ng") or shutil.which("espeak")
        self.wanted = enabled
        self.enabled = enabled and self.binary is not None
        self.missing_hint = MISSING_VOICE_HINT
        self._current: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        """Speak without blocking the timer; a new cue cuts off the previous one."""
        if not self.enabled or not text:
            return
        self.stop()
        assert self.binary is not None
        self._current = subprocess.Popen(
            [self.binary, "-s", "150", text],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
            self._current.wait()
        self._current = None
