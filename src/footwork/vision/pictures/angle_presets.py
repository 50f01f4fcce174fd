"""The photo-angle presets, apart from the geometry so that naming one costs no numpy import."""

from __future__ import annotations

from enum import StrEnum


class AnglePreset(StrEnum):
    NONE = "none"
    BIG_TOE_EXTENSION = "big-toe-extension"
    LUNGE = "lunge"
