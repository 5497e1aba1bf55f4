#!/usr/bin/env bash
# Regenerates the HTML report screenshots in docs/, rendered by headless Chromium at 1280 px:
#   docs/html-report.png           the incident (samples/cloudformation/incident): failures ordered by consequence,
#                                  each with its fix and, for the network rules, its path picture
#   docs/html-report-1000.png      1,000 application stacks (2,000 workloads): the layout at scale
# HtmlReportBrowserTest checks the same two reports in Chromium (visible figure, table, diagram; column widths).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shot() { # HTML PNG HEIGHT
  "${PREFLIGHT_CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$work/profile" \
    --hide-scrollbars --screenshot="$2" --window-size=1280,"$3" "file://$1" 2>/dev/null
  echo "wrote ${2#"$root"/}"
}
bin/preflight check --cfn-lint off --fail-on never --format html="$work/incident.html" samples/cloudformation/incident >/dev/null
shot "$work/incident.html" "$root/docs/html-report.png" 2400
for i in $(seq -w 0 999); do
  mkdir -p "$work/infra/team$i"
  cp samples/cloudformation/incident/app.yaml "$work/infra/team$i/app.yaml"
done
(cd "$work" && "$root/bin/preflight" check --cfn-lint off --fail-on never --format html="$work/thousand.html" infra >/dev/null)
shot "$work/thousand.html" "$root/docs/html-report-1000.png" 1600
