#!/usr/bin/env bash
# Terraform checks side by side with checkov, in one run on the same machine (absolute times on a loaded machine
# are noisy; the ratios are what to read). The root module is validator/src/test/resources/load/terraform/
# registry-vpc: terraform-aws-modules/vpc/aws 5.21.0 under .terraform/modules, an instance, an endpoint.
#   (a) the budget: today's pre-commit check of a 50-resource CloudFormation template (+ 0.1 s is the goal)
#   (b) bin/preflight check of the root with its plan beside the .tf files (plan + configuration)
#   (c) bin/preflight check of the root without the plan (configuration only; skipped when this build cannot
#       check configuration alone)
#   (d) checkov -d ROOT --framework terraform --skip-download (checkov 3.3.30, pip-installed in bench/.venv)
# Goals: (c) <= (a) + 0.1 s and (c) < 0.3 x (d); (b) is reported beside them.
#   bench/terraform.sh            # RUNS=5
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
CHECKOV_VERSION=3.3.30
RUNS=${RUNS:-5}
jar=${PREFLIGHT_JAR:-validator/target/preflight.jar}
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/measure.sh
. bench/measure.sh
checkov="$root/bench/.venv/checkov/bin/checkov"
if ! "$checkov" --version 2>/dev/null | grep -q "$CHECKOV_VERSION"; then
  { python3 -m venv bench/.venv/checkov && bench/.venv/checkov/bin/pip install --quiet --disable-pip-version-check \
      "checkov==$CHECKOV_VERSION"; } >&2 || { echo "bench: could not install checkov $CHECKOV_VERSION" >&2; checkov=; }
fi

with_plan=$work/with-plan
config_only=$work/config-only
cp -r validator/src/test/resources/load/terraform/registry-vpc "$with_plan"
cp -r "$with_plan" "$config_only"
rm "$config_only/plan.json"
python3 bench/gen-template.py 50 "$work/gen-50.yaml"
export XDG_CACHE_HOME=$work/cache
# the launcher's first check makes its class archive; not measured
bin/preflight check --cfn-lint off --fail-on never "$work/gen-50.yaml" >/dev/null 2>&1 || true
config_checks=true
set +e
bin/preflight check --fail-on never "$config_only" >"$work/config.out" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ] || ! grep -q 'GD00' "$work/config.out"; then
  config_checks=false
  echo "note: this build does not check configuration alone (exit $code): case (c) skipped" >&2
fi

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); ${checkov:+checkov $("$checkov" --version)}"
echo
echo '| case | runs | wall min s | wall median s | CPU min s | CPU median s | peak RSS MB |'
echo '| --- | --- | --- | --- | --- | --- | --- |'
measure "(a) 50-resource CloudFormation: bin/preflight check" "$RUNS" bin/preflight check --cfn-lint off --fail-on never "$work/gen-50.yaml"
a_wall=$LAST_WALL; a_cpu=$LAST_CPU
measure "(b) registry-vpc with plan: bin/preflight check" "$RUNS" bin/preflight check --fail-on never "$with_plan"
b_wall=$LAST_WALL; b_cpu=$LAST_CPU
c_wall=; c_cpu=
if $config_checks; then
  measure "(c) registry-vpc configuration only: bin/preflight check" "$RUNS" bin/preflight check --fail-on never "$config_only"
  c_wall=$LAST_WALL; c_cpu=$LAST_CPU
fi
d_wall=; d_cpu=
if [ -n "$checkov" ]; then
  measure "(d) registry-vpc: checkov --framework terraform" "$RUNS" "$checkov" --quiet --compact --skip-download --framework terraform -d "$config_only"
  d_wall=$LAST_WALL; d_cpu=$LAST_CPU
fi
echo
echo '| comparison | wall | CPU |'
echo '| --- | --- | --- |'
echo "| (b) plan + configuration - (a) 50-resource template, s | $(awk -v x="$b_wall" -v y="$a_wall" 'BEGIN{printf "%+.2f", x-y}') | $(awk -v x="$b_cpu" -v y="$a_cpu" 'BEGIN{printf "%+.2f", x-y}') |"
[ -n "$d_wall" ] && echo "| (b) / (d) checkov | $(ratio "$b_wall" "$d_wall") | $(ratio "$b_cpu" "$d_cpu") |"
if [ -n "$c_wall" ]; then
  echo "| (c) configuration only - (a), s (goal: <= +0.10) | $(awk -v x="$c_wall" -v y="$a_wall" 'BEGIN{printf "%+.2f", x-y}') | $(awk -v x="$c_cpu" -v y="$a_cpu" 'BEGIN{printf "%+.2f", x-y}') |"
  [ -n "$d_wall" ] && echo "| (c) / (d) checkov (goal: < 0.30) | $(ratio "$c_wall" "$d_wall") | $(ratio "$c_cpu" "$d_cpu") |"
fi
