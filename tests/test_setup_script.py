"""scripts/setup.sh (run by scripts/run.sh on every start) installs only when the project
changed: the first start installs, the next ones start at once, a changed pyproject.toml
installs again.

Runs on a copy of the project with its own .venv (offline: dependencies come from the test's
environment through a .pth line, and pip builds without isolation).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALLING = "Installing footwork into .venv"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "footwork"
    (copy / "scripts").mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "scripts/setup.sh"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(
        ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(copy / ".venv")], check=True)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run(
        [str(copy / ".venv/bin/python"), "-c", purelib], capture_output=True, text=True, check=True
    ).stdout.strip()
    (Path(site) / "deps-from-test-env.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return copy


def setup(project: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = os.environ | {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}
    start = time.monotonic()
    done = subprocess.run(
        ["bash", str(project / "scripts/setup.sh")],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done, time.monotonic() - start


@pytest.mark.slow
def test_setup_installs_once_and_again_only_when_pyproject_changes(project):
    first, _ = setup(project)
    assert INSTALLING in first.stderr
    assert (project / ".venv/.footwork-installed").is_file()

    again, seconds = setup(project)
    assert INSTALLING not in again.stderr
    assert seconds < 10, f"an unchanged project took {seconds:.1f} s to start"

    with (project / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a changed dependency list\n")
    changed, _ = setup(project)
    assert INSTALLING in changed.stderr
