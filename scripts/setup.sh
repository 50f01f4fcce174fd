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
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
