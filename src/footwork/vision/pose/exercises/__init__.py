"""Registry of exercise analysers: exercise name → ``analyze(seq: PoseSequence) -> AnalysisResult``.

Entries are ``"module:function"`` strings, imported only when that exercise is analysed, so
importing the registry costs nothing and one analyser's dependencies never load another's.

To add an exercise: write ``analyze(seq) -> AnalysisResult`` in a module of this package
(count with ``footwork.vision.pose.reps.RepCounter``, make the result with
``footwork.vision.pose.result.ResultBuilder``) and add one line to ``ANALYSERS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from footwork.errors import InvalidInput

if TYPE_CHECKING:  # numpy-backed types: the registry itself stays cheap to import
    from footwork.vision.pose.result import AnalysisResult
    from footwork.vision.pose.sequence import PoseSequence

Analyser: TypeAlias = "Callable[[PoseSequence], AnalysisResult]"

ANALYSERS: dict[str, str] = {
    # Squat family and heel raise (video-analysis engineer).
    "banded-squat": "footwork.vision.pose.exercises.squat:analyze_banded_squat",
    "squat": "footwork.vision.pose.exercises.squat:analyze",
    "heel-raise": "footwork.vision.pose.exercises.heel_raise:analyze",
    # Foot-mobility exercises and the lunge test (motion engineer).
    "heel-circle": "footwork.vision.pose.exercises.heel_circle:analyze",
    "outward-roll": "footwork.vision.pose.exercises.outward_roll:analyze",
    "lunge-test": "footwork.vision.pose.exercises.lunge_test:analyze",
}

EXERCISE_NAMES: tuple[str, ...] = tuple(ANALYSERS)


def check_exercise(name: str) -> str:
    """Return ``name`` normalised, or raise InvalidInput listing the supported names."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in ANALYSERS:
        raise InvalidInput(
            f"Unknown exercise {name!r}.",
            hint=f"Choose one of: {', '.join(EXERCISE_NAMES)}.",
        )
    return key


def get_analyser(name: str) -> Analyser:
    """The analyse function for an exercise name (imported on first use)."""
    key = check_exercise(name)
    module_name, func_name = ANALYSERS[key].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise InvalidInput(
            f"Analysis of {key} is not part of this installation.",
            hint="Update footwork, or choose another exercise.",
        ) from None
    analyser: Analyser = getattr(module, func_name)
    return analyser
