"""What the benchmarks that start real servers share about this machine: how busy it is."""

from __future__ import annotations

import os


def load_average() -> str:
    """The load averages (1, 5, 15 minutes), printed beside each run."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())
