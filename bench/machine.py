"""What the benchmarks that start real servers share: how busy this machine is, and stopping a
process they started."""

from __future__ import annotations

import os
import signal
import subprocess


def load_average() -> str:
    """The load averages (1, 5, 15 minutes), printed beside each run."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def stop(proc: subprocess.Popen) -> int:  # type: ignore[type-arg]
    """SIGTERM, so the process finishes what it runs; its exit code. A process still running
    after a minute is killed (code -9)."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
