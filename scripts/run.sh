#!/usr/bin/env bash
# Set footwork up and start the web app on the embedded default (SQLite in FOOTWORK_HOME,
# else your user data folder), listening on 127.0.0.1 only. It prints the address to open.
# Extra arguments go to `footwork serve` (e.g. --port 8000, --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/footwork serve "$@"
