#!/usr/bin/env bash
# Regenerates docs/html-report.png: the HTML report of the bundled samples, rendered by headless Chromium.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin/preflight check --fail-on never --format html="$work/report.html" samples/ >/dev/null
"${PREFLIGHT_CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$work/profile" \
  --hide-scrollbars --screenshot="$root/docs/html-report.png" --window-size=1280,1600 "file://$work/report.html" 2>/dev/null
echo "wrote docs/html-report.png"
