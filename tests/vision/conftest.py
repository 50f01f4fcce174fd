"""Fixtures for the vision tests."""

from __future__ import annotations

import pytest
from video_media import PoseCache


@pytest.fixture(scope="session")
def poses() -> PoseCache:
    """Pose sequences of real clips, extracted once per test session."""
    return PoseCache()
