#!/usr/bin/env bash
# Preflight side by side with its peers on the same machine in one run, then a table of ratios Preflight / peer
# (below 1 means Preflight is faster). Installs the pinned peers when missing:
#   cfn-lint and checkov: pip, each in its own venv under bench/.venv (gitignored)
#   cfn-guard: cargo install (into ~/.cargo/bin)      conftest: go install (into $(go env GOPATH)/bin)
# A peer that cannot be installed is reported as such and left out of the table.
#
#   bench/run-peers.sh                      # RUNS=5 for the 50-resource case, SWEEP_RUNS=1 for the sweeps
#   RUNS=3 SWEEP_RUNS=3 bench/run-peers.sh
#
# Cases: (a) the pre-commit case, one generated template of 50 resources; (b) ../shared/corpus/cfn;
# (c) ../shared/corpus/tfplan (Preflight vs checkov vs conftest with a trivial policy). Preflight runs with
# --cfn-lint off (its own time; with --cfn-lint auto it would run cfn-lint as well), through the launcher bin/preflight
# as users, the pre-commit hook and the GitHub Action run it (C1, SerialGC, its AppCDS archive or AOT cache, made by a
# first check in a fresh cache directory). PREFLIGHT_CFN_LINT names a cfn-lint to use instead of installing one.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
CFN_GUARD_VERSION=3.1.2
CONFTEST_VERSION=v0.56.0
RUNS=${RUNS:-5}
SWEEP_RUNS=${SWEEP_RUNS:-1}
if [ -z "${CORPUS:-}" ]; then
  CORPUS=$root/../shared/corpus
  [ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
fi
jar=${PREFLIGHT_JAR:-validator/target/preflight.jar}
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/measure.sh
. bench/measure.sh
command -v go >/dev/null || export PATH="$PATH:/usr/local/go/bin"
export PATH="$HOME/.cargo/bin:$PATH"

venv_tool() { # venv_tool NAME PACKAGE VERSION: installs when the venv's version differs; prints the executable
  local name=$1 package=$2 version=$3 exe="$root/bench/.venv/$1/bin/$1"
  if ! "$exe" --version 2>/dev/null | grep -q "$version"; then
    { python3 -m venv "bench/.venv/$name" && "bench/.venv/$name/bin/pip" install --quiet --disable-pip-version-check \
        "$package==$version"; } >&2 || { echo "bench: could not install $package $version" >&2; return 1; }
  fi
  echo "$exe"
}
if [ -n "${PREFLIGHT_CFN_LINT:-}" ] && [ -x "$PREFLIGHT_CFN_LINT" ]; then
  cfn_lint=$PREFLIGHT_CFN_LINT
else
  cfn_lint=$(venv_tool cfn-lint cfn-lint "$CFN_LINT_VERSION") || cfn_lint=
fi
checkov=$(venv_tool checkov checkov "$CHECKOV_VERSION") || checkov=
if ! cfn-guard --version 2>/dev/null | grep -q "${CFN_GUARD_VERSION}"; then
  cargo install --quiet cfn-guard --version "$CFN_GUARD_VERSION" >&2 || echo "bench: cargo install cfn-guard failed" >&2
fi
cfn_guard=$(command -v cfn-guard || true)
gobin=$(go env GOBIN); gobin=${gobin:-$(go env GOPATH)/bin}
# a go-installed conftest prints no version of its own: read the module version from the binary
if ! go version -m "$gobin/conftest" 2>/dev/null | grep -q "conftest[[:space:]]*$CONFTEST_VERSION"; then
  go install "github.com/open-policy-agent/conftest@$CONFTEST_VERSION" >&2 || echo "bench: go install conftest failed" >&2
fi
conftest=$([ -x "$gobin/conftest" ] && echo "$gobin/conftest" || true)

# trivial policies for the tools that need one
cat > "$work/trivial.guard" <<'EOF'
let instances = Resources.*[ Type == 'AWS::EC2::Instance' ]
rule instances_have_image when %instances !empty {
  %instances.Properties.ImageId exists
}
EOF
mkdir -p "$work/policy"
cat > "$work/policy/trivial.rego" <<'EOF'
package main

import rego.v1

deny contains msg if {
  some rc in input.resource_changes
  rc.type == "aws_instance"
  not rc.change.after.ami
  msg := sprintf("%s has no AMI", [rc.address])
}
EOF

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "peers: ${cfn_lint:+$("$cfn_lint" --version)}; ${checkov:+checkov $("$checkov" --version)};" \
  "${cfn_guard:+$("$cfn_guard" --version)}; ${conftest:+conftest $CONFTEST_VERSION ($("$conftest" --version | grep OPA))}"
echo
echo '| case | runs | wall min s | wall median s | CPU min s | CPU median s | peak RSS MB |'
echo '| --- | --- | --- | --- | --- | --- | --- |'
ratios=()
row() { # row CASE PEER: remembers the ratio of Preflight's last medians (pf_wall, pf_cpu) to the peer's
  ratios+=("| $1 | $2 | $(ratio "$pf_wall" "$LAST_WALL") | $(ratio "$pf_cpu" "$LAST_CPU") |")
}

# (a) the pre-commit case
python3 bench/gen-template.py 50 "$work/gen-50.yaml"
# a fresh cache: the launcher's first run makes the AppCDS archive of the classes it loads, so a check makes it
preflight=(env XDG_CACHE_HOME="$work/cache" PREFLIGHT_JAR="$jar" bin/preflight)
"${preflight[@]}" check --cfn-lint off --fail-on never -q "$work/gen-50.yaml" >/dev/null 2>&1 || true
measure "(a) 50 resources: bin/preflight check" "$RUNS" "${preflight[@]}" check --cfn-lint off --fail-on never "$work/gen-50.yaml"
pf_wall=$LAST_WALL; pf_cpu=$LAST_CPU
if [ -n "$cfn_lint" ]; then measure "(a) 50 resources: cfn-lint" "$RUNS" "$cfn_lint" -- "$work/gen-50.yaml"; row "(a) 50 resources" cfn-lint; fi
if [ -n "$cfn_guard" ]; then measure "(a) 50 resources: cfn-guard validate" "$RUNS" "$cfn_guard" validate -r "$work/trivial.guard" -d "$work/gen-50.yaml"; row "(a) 50 resources" cfn-guard; fi
if [ -n "$checkov" ]; then measure "(a) 50 resources: checkov" "$RUNS" "$checkov" --quiet --compact --skip-download --framework cloudformation -f "$work/gen-50.yaml"; row "(a) 50 resources" checkov; fi

# (b) the CloudFormation corpus
if [ -d "$CORPUS/cfn" ]; then
  mapfile -t cfn_files < <(find "$CORPUS/cfn" -type f | sort)
  n=${#cfn_files[@]}
  measure "(b) corpus/cfn ($n files): bin/preflight" "$SWEEP_RUNS" "${preflight[@]}" check --cfn-lint off --fail-on never "$CORPUS/cfn"
  pf_wall=$LAST_WALL; pf_cpu=$LAST_CPU
  if [ -n "$cfn_lint" ]; then measure "(b) corpus/cfn: cfn-lint" "$SWEEP_RUNS" "$cfn_lint" -- "${cfn_files[@]}"; row "(b) corpus/cfn" cfn-lint; fi
  # cfn-guard stops at the first file it cannot parse when given the directory, so it gets one file per process
  if [ -n "$cfn_guard" ]; then
    measure "(b) corpus/cfn: cfn-guard validate, one process per file" "$SWEEP_RUNS" bash -c \
      'g=$1 r=$2; shift 2; for f; do "$g" validate -r "$r" -d "$f" >/dev/null 2>&1; done' _ "$cfn_guard" "$work/trivial.guard" "${cfn_files[@]}"
    row "(b) corpus/cfn" cfn-guard
  fi
  if [ -n "$checkov" ]; then measure "(b) corpus/cfn: checkov" "$SWEEP_RUNS" "$checkov" --quiet --compact --skip-download --framework cloudformation -d "$CORPUS/cfn"; row "(b) corpus/cfn" checkov; fi
fi

# (c) the Terraform plans
if [ -d "$CORPUS/tfplan" ]; then
  n=$(find "$CORPUS/tfplan" -type f | wc -l)
  measure "(c) corpus/tfplan ($n files): bin/preflight" "$SWEEP_RUNS" "${preflight[@]}" check --cfn-lint off --fail-on never "$CORPUS/tfplan"
  pf_wall=$LAST_WALL; pf_cpu=$LAST_CPU
  if [ -n "$checkov" ]; then measure "(c) corpus/tfplan: checkov" "$SWEEP_RUNS" "$checkov" --quiet --compact --skip-download --framework terraform_plan -d "$CORPUS/tfplan"; row "(c) corpus/tfplan" checkov; fi
  if [ -n "$conftest" ]; then measure "(c) corpus/tfplan: conftest (trivial policy)" "$SWEEP_RUNS" "$conftest" test --no-color -p "$work/policy" "$CORPUS/tfplan"; row "(c) corpus/tfplan" conftest; fi
fi

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| case | peer | Preflight / peer, wall median | Preflight / peer, CPU median |'
echo '| --- | --- | --- | --- |'
printf '%s\n' "${ratios[@]}"
