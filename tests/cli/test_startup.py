"""Start-up cost: commands import only what they use.

Measured with ``python -X importtime``, which lists every module a process imports (on stderr),
so the tests see exactly what a user's ``footwork --help`` or ``footwork measure list`` loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Heavy stacks: the database (sqlalchemy, alembic) and the vision and charting stacks.
DATABASE_STACK = ("sqlalchemy", "alembic")
VISION_STACK = ("numpy", "cv2", "mediapipe", "matplotlib", "scipy")


def imported_packages(*args: str, home: Path) -> set[str]:
    """Top-level packages a fresh ``python -m footwork ARGS`` process imports."""
    env = os.environ | {"FOOTWORK_HOME": str(home), "COLUMNS": "100"}
    env.pop("FOOTWORK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "footwork", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "footwork" in names, done.stderr[-2000:]
    return names


def test_help_imports_no_database_vision_or_chart_stack(footwork_home):
    loaded = imported_packages("--help", home=footwork_home)
    assert loaded.isdisjoint(DATABASE_STACK + VISION_STACK), sorted(
        loaded & set(DATABASE_STACK + VISION_STACK)
    )


@pytest.mark.slow
def test_every_command_help_imports_no_heavy_stack(footwork_home):
    for args in (["measure", "--help"], ["analyze", "--help"], ["progress", "--help"]):
        loaded = imported_packages(*args, home=footwork_home)
        assert loaded.isdisjoint(DATABASE_STACK + VISION_STACK), (args, sorted(loaded))


@pytest.mark.slow
def test_measure_list_uses_the_database_but_not_the_vision_stack(footwork_home):
    loaded = imported_packages("measure", "list", home=footwork_home)
    assert "sqlalchemy" in loaded
    assert loaded.isdisjoint(VISION_STACK), sorted(loaded & set(VISION_STACK))
