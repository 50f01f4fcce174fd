"""In-browser pose: the files of MediaPipe's Pose solution (the npm package ``@mediapipe/pose``,
Apache-2.0: BlazePose's models and its WebAssembly runtime), served by the app itself at
``/assets/mediapipe-pose/<name>``, so a page never fetches them from a CDN.

``scripts/setup.sh`` installs the version pinned in ``browser_pose/package-lock.json`` with
``npm ci`` when npm is present. Without it ``installed()`` is false and the session page offers
only the server's pose. ``static/live_browser_pose.js`` loads these files and sends only the 33
landmarks of each frame over ``/live/socket``. The licence sits beside the package
(``browser_pose/LICENSE``; the tarball carries none) and is served as ``LICENSE``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from footwork.errors import NotFound

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).parent / "browser_pose"
PACKAGE = HERE / "node_modules" / "@mediapipe" / "pose"
LICENSE = HERE / "LICENSE"
# What pose.js loads for model complexity 1 (the one footwork uses, as on the server): its
# graph, the packed-assets loader and data (the detector model), the WebAssembly runtime with
# SIMD and without (the browser picks one), and the complexity-1 landmark model. The lite and
# heavy models are not served.
FILES = {
    "pose.js": "text/javascript",
    "pose_web.binarypb": "application/octet-stream",
    "pose_solution_packed_assets_loader.js": "text/javascript",
    "pose_solution_packed_assets.data": "application/octet-stream",
    "pose_solution_simd_wasm_bin.js": "text/javascript",
    "pose_solution_simd_wasm_bin.wasm": "application/wasm",
    "pose_solution_wasm_bin.js": "text/javascript",
    "pose_solution_wasm_bin.wasm": "application/wasm",
    "pose_landmark_full.tflite": "application/octet-stream",
}
# The package's version is pinned, so a file under a name never changes: browsers may keep
# these 20 MB for a week rather than fetch them for every set.
CACHE = {"Cache-Control": "public, max-age=604800"}


def installed() -> bool:
    """Whether every file in-browser pose needs is here (scripts/setup.sh ran with npm)."""
    return all((PACKAGE / name).is_file() for name in FILES)


@router.get("/assets/mediapipe-pose/{name}")
def mediapipe_pose_file(name: str) -> FileResponse:
    if name == "LICENSE":
        return FileResponse(LICENSE, media_type="text/plain; charset=utf-8", headers=CACHE)
    path = PACKAGE / name
    if name not in FILES or not path.is_file():
        raise NotFound(
            f"No in-browser pose file called {name!r}.",
            hint="In-browser pose is installed by scripts/setup.sh when npm is present; "
            "without it the camera uses the server's pose.",
        )
    return FileResponse(path, media_type=FILES[name], headers=CACHE)
