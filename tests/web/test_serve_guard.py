"""footwork serve refuses what would expose or break it, before it prints an address:
another host than this computer without the explicit flag, and a busy port."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.cli.serve import NETWORK_FLAG, free_port

SERVE = [sys.executable, "-m", "footwork", "serve", "--no-browser"]


def run(*args: str) -> tuple[int, str]:
    """footwork serve in this process (it is refused before it would start serving)."""
    result = CliRunner().invoke(build_app(), ["serve", "--no-browser", *args])
    return result.exit_code, " ".join((result.stdout + result.stderr).split())


def test_a_network_address_is_refused_without_the_flag(footwork_home: Path):
    port = free_port("127.0.0.1")
    code, out = run("--host", "0.0.0.0", "--port", str(port))
    assert code == 2
    assert "no sign-in" in out and NETWORK_FLAG in out and "--team" in out
    assert "running at" not in out and "Traceback" not in out
    with socket.socket() as probe:  # nothing listens there
        assert probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.slow  # a real server process
def test_with_the_flag_the_app_is_served_on_the_network_address_and_warns(footwork_home: Path):
    port = free_port("0.0.0.0")
    with subprocess.Popen(
        [*SERVE, "--host", "0.0.0.0", "--port", str(port), NETWORK_FLAG],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as proc:  # fmt: skip
        try:
            assert proc.stdout is not None
            first, second = proc.stdout.readline(), proc.stdout.readline()
            assert re.search(rf"running at http://0\.0\.0\.0:{port}/", first), first
            assert "Other devices on your network" in second
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/welcome") as r:
                        assert "Welcome to footwork" in r.read().decode()
                        break
                except OSError:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_a_busy_port_is_named_with_how_to_choose_another(footwork_home: Path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        code, out = run("--port", str(port))
    assert code == 2
    assert f"Port {port} on 127.0.0.1 is busy" in out and "--port" in out
    assert "running at" not in out
    assert "Errno" not in out and "Traceback" not in out
