#!/usr/bin/env bash
# Terraform checks side by side with checkov, in one run on the same machine (absolute times on a loaded machine
# are noisy; the ratios are what to read). The root module is validator/src/test/resources/load/terraform/
# registry-vpc: terraform-aws-modules/vpc/aws 5.21.0 under .terraform/modules, an instance, an endpoint.
#   (a) the budget: today's pre-commit check of a 50-resource CloudFormation template (+ 0.1 s is the goal)
#   (b) bin/preflight check of the root with its plan beside the .tf files (plan + configuration)
#   (c) bin/preflight check of the root without the plan (configuration only; skipped when this build cannot
#       check configuration alone)
#   (d) checkov -d ROOT --framework terraform --skip-download (checkov 3.3.30, pip-installed in bench/.venv)
# Goals: (c) <= (a) + 0.1 s and (c) < 0.3 x (d); (b) is reported beside them. Paired (bench/paired.py): the
# comparisons are medians of per-round ratios and differences.
#   bench/terraform.sh            # RUNS=5; CHECKOV=path/to/checkov to use an installed one
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
CHECKOV_VERSION=3.3.30
RUNS=${RUNS:-5}
jar=${PREFLIGHT_JAR:-validator/target/preflight.jar}
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checkov=${CHECKOV:-"$root/bench/.venv/checkov/bin/checkov"}
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
# The launcher's first check makes its class archive from the classes that check loads; not measured. As on a
# developer's machine whose hook checks Terraform, the Terraform cases use an archive made by a Terraform check,
# the CloudFormation case one made by a CloudFormation check.
cfn_cache=$work/cache-cfn
tf_cache=$work/cache-tf
XDG_CACHE_HOME=$cfn_cache bin/preflight check --cfn-lint off --fail-on never "$work/gen-50.yaml" >/dev/null 2>&1 || true
XDG_CACHE_HOME=$tf_cache bin/preflight check --fail-on never "$config_only" >/dev/null 2>&1 || true
export XDG_CACHE_HOME=$tf_cache
config_checks=true
set +e
bin/preflight check --show-passes --fail-on never "$config_only" >"$work/config.out" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ] || ! grep -q 'GD00' "$work/config.out"; then
  config_checks=false
  echo "note: this build does not check configuration alone (exit $code): case (c) skipped" >&2
fi

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; commit $(git rev-parse --short HEAD)"
echo "java: $(java -version 2>&1 | head -1); ${checkov:+checkov $("$checkov" --version)}"
echo
cases=("(a) 50-resource CloudFormation=XDG_CACHE_HOME=$cfn_cache bin/preflight check --cfn-lint off --fail-on never $work/gen-50.yaml"
       "(b) registry-vpc plan + .tf=bin/preflight check --fail-on never $with_plan")
compare=(--compare "(b):(a)")
if $config_checks; then
  cases+=("(c) registry-vpc configuration only=bin/preflight check --fail-on never $config_only")
  compare+=(--compare "(c):(a)")
fi
if [ -n "$checkov" ]; then
  cases+=("(d) checkov=$checkov --quiet --compact --skip-download --framework terraform -d $config_only")
  compare+=(--compare "(b):(d)")
  $config_checks && compare+=(--compare "(c):(d)")
fi
# paired and interleaved: every round runs each case once, so each sees the machine load its peers see
python3 bench/paired.py --runs "$RUNS" --warmup 1 --markdown "${compare[@]}" "${cases[@]}"
