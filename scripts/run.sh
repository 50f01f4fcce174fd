#!/usr/bin/env bash
# Set footwork up and start the guided flow on the embedded default (SQLite in FOOTWORK_HOME,
# else your user data folder). Extra arguments go to `footwork start`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/footwork start "$@"
