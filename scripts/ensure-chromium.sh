#!/usr/bin/env bash
# Make sure a Chromium the browser tests can drive is installed.
# Uses $CHROMIUM if set, else Debian's /usr/bin/chromium; installs Debian's `chromium`
# package when it is missing (as root, or through sudo). Playwright's own browser
# download is never used: it needs hosts this project must not depend on.
set -euo pipefail
browser="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  exit 0
fi
echo "Chromium not found at $browser; installing Debian's chromium package..."
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Run as root, or install Chromium yourself and set CHROMIUM=/path/to/chromium." >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "chromium did not install at /usr/bin/chromium" >&2; exit 1; }
