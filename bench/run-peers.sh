#!/usr/bin/env bash
# Preflight side by side with its peers on the same machine in one run, then a table of ratios Preflight / peer
# (below 1 means Preflight is faster). Installs the pinned peers when missing:
#   cfn-lint and checkov: pip, each in its own venv under bench/.venv (gitignored)
#   cfn-guard: cargo install (into ~/.cargo/bin)      conftest: go install (into $(go env GOPATH)/bin)
# A peer that cannot be installed is reported as such and left out of the table.
#
#   bench/run-peers.sh                      # RUNS=5 rounds for the 50-resource case, SWEEP_RUNS=1 for the sweeps
#   RUNS=9 SWEEP_RUNS=3 bench/run-peers.sh
#
# Cases: (a) the pre-commit case, one generated template of 50 resources; (b) ../shared/corpus/cfn;
# (c) ../shared/corpus/tfplan (Preflight vs checkov vs conftest with a trivial policy); (d) ../shared/corpus/tf,
# Terraform configuration (Preflight vs checkov). Each case is paired and interleaved (bench/paired.py). Preflight runs with
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

# trivial policies for the tools that need one: cfn-guard's is bench/trivial.guard (shared with bench/cfn-guard-sweep.sh)
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

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores"
echo "java: $(java -version 2>&1 | head -1)"
echo "peers: ${cfn_lint:+$("$cfn_lint" --version)}; ${checkov:+checkov $("$checkov" --version)};" \
  "${cfn_guard:+$("$cfn_guard" --version)}; ${conftest:+conftest $CONFTEST_VERSION ($("$conftest" --version | grep OPA))}"

# Each case runs Preflight and its peers in interleaved rounds (bench/paired.py: round i runs every command once, in
# a rotating order, so each sees the same machine load); the comparison table gives Preflight / peer, the median
# of the per-round ratios, in wall and CPU seconds (below 1: Preflight is faster).
q() { printf '%q ' "$@"; }
pf="env XDG_CACHE_HOME=$(q "$work/cache")PREFLIGHT_JAR=$(q "$jar")bin/preflight"
paired() { # paired WARMUP RUNS 'label=command'...: the first command is Preflight, compared with each of the others
  local warmup=$1 runs=$2; shift 2
  local compare=() c
  for c in "${@:2}"; do compare+=(--compare "preflight:${c%%=*}"); done
  python3 bench/paired.py --runs "$runs" --warmup "$warmup" --markdown "${compare[@]}" "$@"
}

# (a) the pre-commit case
python3 bench/gen-template.py 50 "$work/gen-50.yaml"
# a fresh cache: the launcher's first run makes the class archive of what a check loads, as a user's first check does
$pf check --cfn-lint off --fail-on never -q "$work/gen-50.yaml" >/dev/null 2>&1 || true
cases=("preflight=$pf check --cfn-lint off --fail-on never $(q "$work/gen-50.yaml")")
[ -n "$cfn_lint" ] && cases+=("cfn-lint=$(q "$cfn_lint")-- $(q "$work/gen-50.yaml")")
[ -n "$cfn_guard" ] && cases+=("cfn-guard=$(q "$cfn_guard")validate -r $(q bench/trivial.guard)-d $(q "$work/gen-50.yaml")")
[ -n "$checkov" ] && cases+=("checkov=$(q "$checkov")--quiet --compact --skip-download --framework cloudformation -f $(q "$work/gen-50.yaml")")
echo; echo "### (a) one generated template of 50 resources"; echo
paired 1 "$RUNS" "${cases[@]}"

# (b) the CloudFormation corpus
if [ -d "$CORPUS/cfn" ]; then
  n=$(find "$CORPUS/cfn" -type f | wc -l)
  cases=("preflight=$pf check --cfn-lint off --fail-on never -q $(q "$CORPUS/cfn")")
  [ -n "$cfn_lint" ] && cases+=("cfn-lint=find $(q "$CORPUS/cfn")-type f -print0 | xargs -0 $(q "$cfn_lint")--")
  # cfn-guard stops at the first file it cannot parse when given the folder, so it gets one process per file
  [ -n "$cfn_guard" ] && cases+=("cfn-guard=CFN_GUARD=$(q "$cfn_guard")bench/cfn-guard-sweep.sh $(q "$CORPUS/cfn")")
  [ -n "$checkov" ] && cases+=("checkov=$(q "$checkov")--quiet --compact --skip-download --framework cloudformation -d $(q "$CORPUS/cfn")")
  echo; echo "### (b) corpus/cfn, $n files"; echo
  paired 0 "$SWEEP_RUNS" "${cases[@]}"
fi

# (c) the Terraform plans
if [ -d "$CORPUS/tfplan" ]; then
  n=$(find "$CORPUS/tfplan" -type f | wc -l)
  cases=("preflight=$pf check --cfn-lint off --fail-on never -q $(q "$CORPUS/tfplan")")
  [ -n "$checkov" ] && cases+=("checkov=$(q "$checkov")--quiet --compact --skip-download --framework terraform_plan -d $(q "$CORPUS/tfplan")")
  [ -n "$conftest" ] && cases+=("conftest=$(q "$conftest")test --no-color -p $(q "$work/policy") $(q "$CORPUS/tfplan")")
  echo; echo "### (c) corpus/tfplan, $n files"; echo
  paired 0 "$SWEEP_RUNS" "${cases[@]}"
fi

# (d) Terraform configuration: every .tf folder of the corpus, as checkov reads them
if [ -d "$CORPUS/tf" ]; then
  n=$(find "$CORPUS/tf" -type f -name '*.tf' | wc -l)
  cases=("preflight=$pf check --cfn-lint off --fail-on never -q $(q "$CORPUS/tf")")
  [ -n "$checkov" ] && cases+=("checkov=$(q "$checkov")--quiet --compact --skip-download --framework terraform -d $(q "$CORPUS/tf")")
  echo; echo "### (d) corpus/tf (Terraform configuration), $n .tf files"; echo
  paired 0 "$SWEEP_RUNS" "${cases[@]}"
fi
