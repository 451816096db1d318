#!/usr/bin/env bash
# Sets up everything docgen needs on this machine: system packages, then a virtualenv in .venv.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-noto-cjk: without it Chinese renders as empty boxes.
# libharfbuzz-subset0: without it every CJK PDF takes ~40x longer, with only a log warning.
# poppler-utils: pdftotext/pdftoppm for the tests and for looking at pages.
# libpango-1.0-0 libpangoft2-1.0-0: WeasyPrint's text layout.
# fonts-hanazono: CJK Extension B and beyond, which Noto CJK lacks (rare name characters).
# fonts-noto-color-emoji: emoji in names and notes.
SYSTEM_PACKAGES=(fonts-noto-cjk fonts-hanazono fonts-noto-color-emoji libharfbuzz-subset0 poppler-utils
  libpango-1.0-0 libpangoft2-1.0-0)
# postgresql: the register's tests run against a real server (scripts/test_postgres.sh starts it).
# docgen itself needs no local server, so without root this is only a note.
# chromium chromium-driver: the browser tests drive Debian's Chromium through its matching driver (no download).
TEST_PACKAGES=(postgresql chromium chromium-driver)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "docgen setup: not a Debian/Ubuntu machine; install these yourself:" >&2
    echo "  a CJK font (Noto CJK), HarfBuzz with its subset library, poppler-utils, Pango" >&2
    return
  fi
  local missing missing_test
  missing=$(missing_packages "${SYSTEM_PACKAGES[@]}")
  missing_test=$(missing_packages "${TEST_PACKAGES[@]}")
  if [ "$(id -u)" != 0 ]; then
    if [ -n "$missing_test" ]; then
      echo "docgen setup: the PostgreSQL and browser tests need (as root): apt-get install -y $missing_test" >&2
    fi
    if [ -n "$missing" ]; then
      echo "docgen setup: missing system packages; run as root:" >&2
      echo "  apt-get update && apt-get install -y $missing" >&2
      exit 1
    fi
    return
  fi
  # shellcheck disable=SC2086
  missing=$(echo $missing $missing_test)
  [ -z "$missing" ] && return
  echo "docgen setup: installing $missing"
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

install_python_packages() {
  local python=${PYTHON:-python3}
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
}

install_system_packages
install_python_packages
echo "docgen setup: ready (.venv/bin/docgen)"
