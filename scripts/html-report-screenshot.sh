#!/usr/bin/env bash
# Regenerates the HTML report screenshots in docs/, rendered by headless Chromium at 1280 px:
#   docs/html-report.png            the incident (samples/cloudformation/incident): failures ordered by consequence,
#                                   each with its fix and, for GD001-GD004, the path picture of each failing workload
#                                   (workload, security groups, subnets, network ACLs, the endpoint's subnets, ACLs and
#                                   security groups, the endpoint; the failing hop in red with its rule and reason)
#   docs/html-report-terraform.png  the Terraform incident (samples/terraform/incident), the same pictures from .tf
#   docs/html-report-1000.png       1,000 templates: 500 teams, each with the incident's application and network
#                                   stacks (exports renamed per team), 1,000 workloads: the layout at scale
# HtmlReportBrowserTest checks the same reports in Chromium (visible figure and table, path pictures that fit, hops in
# order, the failing hop marked; column widths).
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
shot "$work/incident.html" "$root/docs/html-report.png" 2600
bin/preflight check --cfn-lint off --fail-on never --format html="$work/terraform.html" samples/terraform/incident >/dev/null
shot "$work/terraform.html" "$root/docs/html-report-terraform.png" 2200
for i in $(seq -w 0 499); do
  mkdir -p "$work/infra/team$i"
  for stack in app.yaml network.yaml; do
    sed "s/payments-/payments-team$i-/g" "samples/cloudformation/incident/$stack" >"$work/infra/team$i/$stack"
  done
done
(cd "$work" && "$root/bin/preflight" check --cfn-lint off --fail-on never --format html="$work/thousand.html" infra >/dev/null)
shot "$work/thousand.html" "$root/docs/html-report-1000.png" 1600
