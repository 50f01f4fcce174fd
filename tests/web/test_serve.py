"""footwork serve: a real server process on 127.0.0.1 and a free port, that prints its address."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from footwork.cli.serve import free_port, is_loopback
from footwork.config import Settings
from footwork.web.app import create_app
from footwork.web.options import WebOptions


@pytest.mark.slow
def test_the_server_starts_on_loopback_and_a_free_port_and_prints_its_address(
    footwork_home: Path,
):
    with subprocess.Popen(
        [sys.executable, "-m", "footwork", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            assert match, line
            assert "Welcome to footwork" in _get_when_up(match[0] + "welcome")
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def _get_when_up(url: str, timeout_s: float = 30) -> str:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_free_port_is_one_that_can_be_bound():
    port = free_port("127.0.0.1")
    assert 1024 <= port <= 65535


@pytest.mark.parametrize(
    ("host", "private"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False),
     ("192.168.1.20", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_private(host: str, private: bool):
    assert is_loopback(host) is private


def test_a_local_server_refuses_requests_for_other_host_names(footwork_home: Path):
    app = create_app(
        Settings(home=footwork_home), WebOptions(allowed_hosts=("127.0.0.1", "localhost"))
    )
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/welcome").status_code == 200
    with TestClient(app, base_url="http://evil.example:8000") as rebound:
        assert rebound.get("/api/export").status_code == 400
