#!/usr/bin/env bash
# Tests the GitHub Action (action.yml) without GitHub: every input it uses is declared, every action it uses is
# pinned to a major version, and its two shell steps (run Preflight; fail the job by the exit code) behave as on a
# runner (bash -eo pipefail, GITHUB_OUTPUT) on the samples: the incident fails after writing SARIF, the fix passes,
# a baseline holding the incident's findings passes, extra formats are written. Run by .ci/run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jar=${PREFLIGHT_JAR:-$root/validator/target/preflight.jar}
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { echo "action-test: ok: $1"; passed=$((passed + 1)); }
fail() { echo "action-test: FAILED: $1"; failed=$((failed + 1)); }

# static checks
declared=$(awk '/^inputs:/{f=1; next} /^[a-z]/{f=0} f && /^  [a-z-]+:$/{sub(/:$/,""); sub(/^  /,""); print}' action.yml | sort)
used=$(grep -o 'inputs\.[a-z-]*' action.yml | sed 's/inputs\.//' | sort -u)
missing=$(comm -13 <(echo "$declared") <(echo "$used"))
[ -z "$missing" ] && ok "every input used is declared ($(echo "$used" | wc -l) used)" || fail "inputs used but not declared: $missing"
unpinned=$(grep -E '^\s*(- )?uses:' action.yml | grep -vE '@v[0-9]+$' || true)
[ -z "$unpinned" ] && ok "every action used is pinned to a major version" || fail "unpinned: $unpinned"

# step_script ID: the `run: |` block of the step with that id (or of the last step when ID is "last")
step_script() {
  awk -v id="$1" '
    /^    - / { in_step = 1; step++; sel = 0 }
    in_step && ($0 ~ "^      id: " id "$" || $0 ~ "^    - id: " id "$") { sel = 1 }
    /^      run: \|/ { grab = 1; buf[step] = ""; next }
    grab && /^        / { buf[step] = buf[step] substr($0, 9) "\n"; if (sel) mark[step] = 1; next }
    grab { grab = 0 }
    END { for (s in buf) if ((id == "last" && s == step) || mark[s]) printf "%s", buf[s] }' action.yml
}
step_script check > "$work/check.sh"
step_script last > "$work/finish.sh"
grep -q 'preflight" check' "$work/check.sh" || { fail "could not extract the check step"; exit 1; }
grep -q 'case "$CODE"' "$work/finish.sh" || { fail "could not extract the final step"; exit 1; }

# run_check PATHS FORMATS BASELINE: runs the check step as a runner would; prints the exit-code output
run_check() {
  : > "$work/github_output"
  rm -f "$work/preflight.sarif"
  GITHUB_ACTION_PATH=$root GITHUB_OUTPUT=$work/github_output PREFLIGHT_JAR=$jar \
    PREFLIGHT_PATHS=$1 PREFLIGHT_FORMATS=$2 PREFLIGHT_FAIL_ON=error PREFLIGHT_BASELINE=$3 \
    PREFLIGHT_CFN_LINT_MODE=off PREFLIGHT_ARGS="" PREFLIGHT_SARIF=$work/preflight.sarif \
    bash --noprofile --norc -eo pipefail "$work/check.sh" > "$work/stdout" 2>&1 || { echo "step-failed"; return; }
  sed -n 's/^exit-code=//p' "$work/github_output"
}

code=$(run_check "samples/cloudformation/incident" "json=$work/incident.json html=$work/incident.html" "")
if [ "$code" = 1 ] && grep -q '"ruleId" *: *"GD' "$work/preflight.sarif" && grep -q '^::error' "$work/stdout" \
    && [ -s "$work/incident.json" ] && [ -s "$work/incident.html" ]; then
  ok "incident: exit-code 1, step itself succeeds, SARIF with results, annotations, extra formats written"
else
  fail "incident: exit-code '$code'"; cat "$work/stdout"
fi
code=$(run_check "samples/cloudformation/fixed" "" "")
[ "$code" = 0 ] && [ -s "$work/preflight.sarif" ] && ok "fixed: exit-code 0, SARIF written" || { fail "fixed: exit-code '$code'"; cat "$work/stdout"; }
code=$(run_check "samples/cloudformation/incident" "" "$work/incident.json")
[ "$code" = 0 ] && ok "incident against its own baseline: exit-code 0" || { fail "baseline: exit-code '$code'"; cat "$work/stdout"; }

for c in 0 1 2; do
  set +e; CODE=$c bash --noprofile --norc -eo pipefail "$work/finish.sh" >/dev/null; got=$?; set -e
  [ "$got" = "$c" ] && ok "final step exits $c for exit-code $c" || fail "final step exits $got for exit-code $c"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
