#!/usr/bin/env bash
# Proves the pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit tool: in a temporary git repository
# that uses this repository's committed HEAD as a hook repository, a commit of a failing template is blocked and
# the fixed template goes through; a commit of app.yaml alone whose security group no longer reaches the endpoint
# of the sibling network.yaml is blocked (the hook checks the staged file's folder; alone it would be UNKNOWN and
# pass), and so is one of a stack listed with its siblings under `inputs:` of .preflight.yaml in other folders. pre-commit is taken from PATH or .ci/.venv (installed by .ci/run); when it is
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
      - id: preflight-terraform
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
# 3. the whole fixed system, then app.yaml alone with an egress rule that no longer reaches the endpoint subnets
mkdir -p sys
cp "$root"/samples/cloudformation/fixed/*.yaml sys/
git add sys
if ! git commit -q -m "the fixed system" >"$work/out3" 2>&1; then
  echo "precommit-test: FAILED: the fixed system was blocked"; cat "$work/out3"; failures=$((failures + 1))
fi
break_app() {
  python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("""      VpcId: !ImportValue payments-fixed-vpc-id
""", """      VpcId: !ImportValue payments-fixed-vpc-id
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.99.0.0/16, Description: partner API only}
""", 1)
open(p, "w").write(s)
PY
}
break_app sys/app.yaml
git add sys/app.yaml
if git commit -q -m "app egress to the partner API only" >"$work/out4" 2>&1; then
  echo "precommit-test: FAILED: an app.yaml-only commit that breaks the network relation went through"; cat "$work/out4"
  failures=$((failures + 1))
elif ! grep -q 'app.yaml:[0-9]*:[0-9]*  GD003  error' "$work/out4" || ! grep -q 'checking the folders of the staged templates and plans: sys' "$work/out4"; then
  echo "precommit-test: FAILED: the app.yaml-only commit was blocked, but not by GD003 against network.yaml"; cat "$work/out4"
  failures=$((failures + 1))
else
  echo "precommit-test: ok: app.yaml-only commit checked with its sibling stacks and blocked (GD003)"
fi
git reset -q --hard
# 4. stacks in separate folders made one system by .preflight.yaml inputs
git rm -q -r sys
mkdir -p stacks/network stacks/app
cp "$root/samples/cloudformation/fixed/network.yaml" "$root/samples/cloudformation/fixed/organization.yaml" \
  "$root/samples/cloudformation/fixed/guardduty.yaml" stacks/network/
cp "$root/samples/cloudformation/fixed/app.yaml" stacks/app/
printf 'inputs:\n  - stacks/network\n  - stacks/app\n' > .preflight.yaml
git add -A
git commit -q --no-verify -m "stacks in folders of their own"
break_app stacks/app/app.yaml
git add stacks/app/app.yaml
if git commit -q -m "app egress to the partner API only" >"$work/out5" 2>&1; then
  echo "precommit-test: FAILED: the inputs of .preflight.yaml were not checked together"; cat "$work/out5"; failures=$((failures + 1))
elif ! grep -q 'checking the inputs of .preflight.yaml (the system the staged files belong to): stacks/network stacks/app' "$work/out5" \
    || ! grep -q 'GD003  error' "$work/out5"; then
  echo "precommit-test: FAILED: blocked, but not by the inputs of .preflight.yaml"; cat "$work/out5"; failures=$((failures + 1))
else
  echo "precommit-test: ok: .preflight.yaml inputs: app.yaml checked with stacks/network in another folder and blocked"
fi
# 6. Terraform configuration, no plan: the incident's .tf files are blocked by the Terraform hook at .tf lines
#    (without the .preflight.yaml inputs of 5, which would name the system instead of the staged folders)
git reset -q --hard
git rm -q -r stacks .preflight.yaml
git commit -q --no-verify -m "no declared inputs"
mkdir -p tf
cp -R "$root/samples/terraform/incident/." tf/ && rm -f tf/*.json
git add tf
if git commit -q -m "terraform incident" >"$work/out6" 2>&1; then
  echo "precommit-test: FAILED: the Terraform incident configuration was not blocked"; cat "$work/out6"; failures=$((failures + 1))
elif ! grep -q 'tf/modules/network/main.tf:[0-9]*:[0-9]*  GD001  error' "$work/out6" \
    || ! grep -q 'tf/main.tf:[0-9]*:[0-9]*  GD002  error' "$work/out6" || ! grep -q 'tf/main.tf:[0-9]*:[0-9]*  GD007  error' "$work/out6"; then
  echo "precommit-test: FAILED: blocked, but not by GD001/GD002/GD007 at .tf lines"; cat "$work/out6"; failures=$((failures + 1))
else
  echo "precommit-test: ok: Terraform incident (.tf only) blocked ($(grep -m1 -o 'tf/modules/network/main.tf:[0-9]*:[0-9]*  GD001' "$work/out6"))"
fi
# 7. the fixed configuration goes through
git reset -q
rm -rf tf && mkdir -p tf
cp -R "$root/samples/terraform/fixed/." tf/ && rm -f tf/*.json
git add -A tf
if git commit -q -m "terraform fixed" >"$work/out7" 2>&1 && git log --oneline | grep 'terraform fixed' >/dev/null; then
  echo "precommit-test: ok: fixed Terraform configuration committed"
else
  echo "precommit-test: FAILED: the fixed Terraform configuration was blocked"; cat "$work/out7"; failures=$((failures + 1))
fi
echo "$((7 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
