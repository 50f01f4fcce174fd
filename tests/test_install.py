"""Installing footwork as a tool, not as the repository: the wheel carries the web app.

The wheel is built from a copy of the project (offline: no build isolation), installed into a
fresh virtual environment with no access to the repository, and its `footwork serve` must serve
a page and a static file. The new environment takes its dependencies from the test's own
environment through a .pth line (so nothing is downloaded); footwork itself comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROWSER_POSE = ROOT / "src" / "footwork" / "web" / "browser_pose"
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "src",
        project / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--wheel-dir", str(dist), str(project)],
        check=True, timeout=600,
    )  # fmt: skip
    [built] = dist.glob("footwork-*.whl")
    return built


def test_the_wheel_holds_every_template_static_file_and_migration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "src" / "footwork"
    data = [
        path.relative_to(package.parent).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        # The in-browser pose model is an npm project the set-up script installs beside the
        # code (docs/live.md): a wheel install offers the server's pose only.
        and BROWSER_POSE not in path.parents
    ]
    assert "footwork/web/templates/base.html" in data and "footwork/web/static/app.css" in data
    assert sorted(set(data) - names) == []
    assert "footwork/storage/migrations/versions/0001_initial.py" in names


def test_footwork_installed_from_the_wheel_serves_pages_and_static_files(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True, timeout=600,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # Dependencies from this test's environment; appended after the venv's own site-packages,
    # so `footwork` is the wheel's copy.
    (Path(site) / "deps-from-test-env.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    where = subprocess.run(
        [str(python), "-c", "import footwork; print(footwork.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(venv)), where

    port = _free_port()
    env = os.environ | {"FOOTWORK_HOME": str(tmp_path / "home")}
    env.pop("FOOTWORK_DATABASE_URL", None)
    env.pop("PYTHONPATH", None)
    server = subprocess.Popen(
        [str(venv / "bin" / "footwork"), "serve", "--port", str(port), "--no-browser"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                status, kind, body = _get(base + "/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    out, err = server.communicate(timeout=10)
                    pytest.fail(f"footwork serve did not answer:\n{out}\n{err}")
                time.sleep(0.5)
        assert status == 200 and kind.startswith("text/html")
        assert b"footwork" in body
        status, kind, css = _get(base + "/static/app.css")
        assert status == 200 and "css" in kind
        assert css == (ROOT / "src/footwork/web/static/app.css").read_bytes()
    finally:
        server.terminate()
        server.communicate(timeout=30)  # also closes its pipes
