#!/usr/bin/env bash
# Set footwork up with its test tools and run the whole suite: lint, then pytest.
# PostgreSQL tests run when FOOTWORK_TEST_DATABASE_URL is set (.ci/run sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

# Browser tests drive Debian's chromium (never a downloaded browser). Install it when missing
# and we may: as root, or with passwordless sudo. Otherwise those tests skip with the reason.
install_chromium() {
  command -v apt-get >/dev/null 2>&1 || return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null || return 0
    sudo="sudo -n"
  fi
  echo "Installing Debian's chromium for the browser tests..." >&2
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } \
    >/dev/null || echo "Could not install chromium: the browser tests will skip." >&2
}
[ -x /usr/bin/chromium ] || install_chromium
# They also check every page with axe-core, an npm package pinned in tests/web/axe/.
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix tests/web/axe --no-audit --no-fund --silent \
    || echo "Could not install axe-core: the accessibility checks will skip." >&2
else
  echo "npm is not installed: the accessibility checks will skip." >&2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy src/footwork
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here." >&2
  exit 1
fi
exit "$status"
