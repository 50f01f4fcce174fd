#!/usr/bin/env bash
# Create .venv with Python 3.11 and install footwork into it.
#   scripts/setup.sh          the app
#   scripts/setup.sh --dev    the app plus the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python_bin="$candidate"; break
    fi
  done
fi
if [ -z "$python_bin" ]; then
  echo "footwork needs Python 3.11 (mediapipe 0.10.21, the pose model, has wheels for it)." >&2
  echo "Install it (e.g. 'apt-get install python3.11' or pyenv), or set PYTHON=/path/to/python3.11." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$python_bin" -m venv .venv
fi
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

# Install only when needed: the stamp records what was installed (a hash of pyproject.toml, the
# Python version, app or dev). The code itself is installed editable, so changing it needs no
# reinstall; a changed pyproject.toml (dependencies, entry points) or a new Python does.
stamp=.venv/.footwork-installed
want="$(.venv/bin/python - "${extras:-app}" <<'PY'
import hashlib, sys
digest = hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest()[:16]
kind = "dev" if sys.argv[1] == "[dev]" else "app"
print(f"pyproject {digest} python {sys.version.split()[0]} {kind}")
PY
)"
# In-browser pose for live camera coaching (phones, and team mode without sending video): the
# npm package @mediapipe/pose (Apache-2.0; the version pinned in its package-lock.json), served
# by footwork itself, never from a CDN. Without npm the camera uses the server's pose only.
install_browser_pose() {
  local dir=src/footwork/web/browser_pose
  local lock="$dir/package-lock.json" have_lock="$dir/node_modules/.package-lock.json"
  if [ -f "$dir/node_modules/@mediapipe/pose/pose.js" ] && [ -f "$have_lock" ] &&
     [ "$have_lock" -nt "$lock" ]; then
    return 0  # installed already, from this lock file
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: pose in the browser is off, and the camera uses this" \
         "computer's pose (install Node.js with npm, then run scripts/setup.sh again)." >&2
    return 0
  fi
  echo "Installing in-browser pose (@mediapipe/pose, about 50 MB, from the npm registry)..." >&2
  npm ci --prefix "$dir" --no-audit --no-fund --silent --fetch-retries=1 ||
    echo "Could not install in-browser pose: the camera uses this computer's pose." >&2
}

have="$(cat "$stamp" 2>/dev/null || true)"
if { [ "$have" = "$want" ] || [ "$have" = "${want% app} dev" ]; } &&
   .venv/bin/python -c 'import footwork' 2>/dev/null; then
  install_browser_pose
  exit 0  # installed already, and the dev tools include the app
fi
echo "Installing footwork into .venv (first start, or pyproject.toml changed)..." >&2
rm -f "$stamp"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
echo "$want" > "$stamp"
install_browser_pose
