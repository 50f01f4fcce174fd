"""In-browser pose's files (web/browser_pose.py): the pinned @mediapipe/pose package served by
the app itself, only what model complexity 1 needs, with its licence; the session page offers
it only when installed; the Content-Security-Policy lets WebAssembly compile and nothing more.
(The model running in Chromium: tests/web/test_browser_live_inbrowser.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from footwork.web import browser_pose

installed = pytest.mark.skipif(
    not browser_pose.installed(),
    reason="in-browser pose is not installed (scripts/setup.sh installs @mediapipe/pose with "
    "npm when npm is present)",
)
LOADERS = ("pose.js", "pose_solution_packed_assets_loader.js", "pose_solution_simd_wasm_bin.js",
           "pose_solution_wasm_bin.js")  # fmt: skip
NAME = re.compile(r"pose[a-z_]*\.(?:js|wasm|data|tflite|binarypb)")


def test_the_package_is_pinned_to_one_version_with_its_checksum():
    wanted = json.loads((browser_pose.HERE / "package.json").read_text())["dependencies"]
    version = wanted["@mediapipe/pose"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version  # exact, no range
    lock = json.loads((browser_pose.HERE / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/@mediapipe/pose"]
    assert pinned["version"] == version and pinned["integrity"].startswith("sha512-")
    assert pinned["license"] == "Apache-2.0"


def test_the_licence_is_served_beside_the_files(client: TestClient):
    r = client.get("/assets/mediapipe-pose/LICENSE")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "Apache License" in r.text and "Version 2.0" in r.text
    assert "@mediapipe/pose" in r.text


@installed
def test_the_files_served_are_those_pose_js_loads_for_model_complexity_1():
    package = browser_pose.PACKAGE
    wanted = {"pose.js"}
    for loader in LOADERS:
        wanted |= set(NAME.findall((package / loader).read_text(encoding="utf-8")))
    wanted -= {"pose_landmark_lite.tflite", "pose_landmark_heavy.tflite"}  # complexity 0, 2
    wanted -= {"pose_detection.tflite"}  # inside pose_solution_packed_assets.data
    assert wanted == set(browser_pose.FILES)


@installed
def test_each_file_is_served_with_its_type_and_nothing_else(client: TestClient):
    for name, media_type in browser_pose.FILES.items():
        r = client.get(f"/assets/mediapipe-pose/{name}")
        assert r.status_code == 200, name
        assert r.headers["content-type"].startswith(media_type), (name, r.headers)
        assert r.content == (browser_pose.PACKAGE / name).read_bytes()
        assert "max-age" in r.headers["cache-control"]
    for name in ("pose_landmark_heavy.tflite", "package.json", "README.md", "nothing.js"):
        r = client.get(f"/assets/mediapipe-pose/{name}")
        assert r.status_code == 404 and "No in-browser pose file" in r.text, name
    for path in ("..%2Fpackage.json", "..%2F..%2Fpackage.json", "%2E%2E/LICENSE"):
        r = client.get(f"/assets/mediapipe-pose/{path}")
        assert r.status_code == 404 and '"@mediapipe/pose"' not in r.text, path


def test_without_the_files_the_page_offers_only_the_servers_pose(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(browser_pose, "PACKAGE", tmp_path / "missing")
    assert not browser_pose.installed()
    page = client.get("/session?live=squat").text
    assert "live_browser_pose.js" not in page and "/static/live.js" in page
    r = client.get("/assets/mediapipe-pose/pose.js")
    assert r.status_code == 404


@installed
def test_with_the_files_the_page_loads_in_browser_pose(client: TestClient):
    page = client.get("/session?live=squat").text
    assert page.index("/static/live_browser_pose.js") < page.index("/static/live.js")
    assert client.get("/static/live_browser_pose.js").status_code == 200


def test_the_content_security_policy_lets_webassembly_compile_and_no_eval(client: TestClient):
    policy = client.get("/session").headers["content-security-policy"]
    scripts = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert scripts.split() == ["script-src", "'self'", "'wasm-unsafe-eval'"]
