#!/usr/bin/env bash
# Proves the pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit tool: in a temporary git repository
# that uses this repository's committed HEAD as a hook repository, a commit of a failing template is blocked and
# the fixed template goes through. pre-commit is taken from PATH or .ci/.venv (installed by .ci/run); when it is
# missing this is a failure under CI=true and a skip otherwise. The hook runs the jar built here (PREFLIGHT_JAR),
# so pre-commit's clone of the repository does not build it again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pre_commit=$(command -v pre-commit || true)
[ -z "$pre_commit" ] && [ -x "$root/.ci/.venv/bin/pre-commit" ] && pre_commit=$root/.ci/.venv/bin/pre-commit
if [ -z "$pre_commit" ]; then
  if [ "${CI:-}" = true ]; then echo "precommit-test: FAILED: pre-commit is not installed (.ci/run installs it)" >&2; exit 1; fi
  echo "precommit-test: skipped: pre-commit is not installed (pip install pre-commit==4.7.0)"; exit 0
fi
jar=${PREFLIGHT_JAR:-$root/validator/target/preflight.jar}
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B -DskipTests -pl validator -am package)
git -C "$root" cat-file -e HEAD:.pre-commit-hooks.yaml 2>/dev/null \
  || { echo "precommit-test: FAILED: .pre-commit-hooks.yaml is not committed at HEAD" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME=$work/cache PREFLIGHT_JAR=$jar
repo=$work/repo
git init -q "$repo"
cd "$repo"
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $root
    rev: $(git -C "$root" rev-parse HEAD)
    hooks:
      - id: preflight
EOF
git add .pre-commit-config.yaml
git commit -q --no-verify -m "pre-commit configuration"
"$pre_commit" install >/dev/null

failures=0
# 1. the incident template: GD001 fails (DNS hostnames off in the endpoint's VPC), so the commit is blocked
cp "$root/samples/cloudformation/incident/network.yaml" network.yaml
git add network.yaml
if git commit -q -m "network with a GuardDuty data endpoint" >"$work/out1" 2>&1; then
  echo "precommit-test: FAILED: the commit of a failing template was not blocked"; cat "$work/out1"; failures=$((failures + 1))
elif ! grep -q 'GD001' "$work/out1"; then
  echo "precommit-test: FAILED: the commit was blocked, but not by Preflight's GD001"; cat "$work/out1"; failures=$((failures + 1))
else
  echo "precommit-test: ok: failing template blocked ($(grep -m1 -o 'network.yaml:[0-9]*:[0-9]*  GD001' "$work/out1"))"
fi
# 2. the fixed template goes through
cp "$root/samples/cloudformation/fixed/network.yaml" network.yaml
git add network.yaml
if git commit -q -m "network with a GuardDuty data endpoint" >"$work/out2" 2>&1 && git log --oneline | grep 'GuardDuty data endpoint' >/dev/null; then
  echo "precommit-test: ok: fixed template committed"
else
  echo "precommit-test: FAILED: the commit of the fixed template did not go through"; cat "$work/out2"; failures=$((failures + 1))
fi
echo "$((2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
