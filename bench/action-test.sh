#!/usr/bin/env bash
# Tests the GitHub Action (action.yml) without GitHub: bench/action-runner.py reads it with a YAML parser and runs
# its steps in order as the runner does (if: conditions, ${{ }} expressions, GITHUB_OUTPUT/GITHUB_ENV between
# steps, bash -eo pipefail); `uses:` steps are recorded, not run. Scenarios: the incident fails after writing
# annotations, job summary and SARIF and uploads it; the fix passes; a baseline holding the incident passes; SARIF
# is not uploaded (with a notice) on a private repository or a fork's pull request; setup-java runs only without a
# Java 17+, and JAVA_HOME is put back; a matrix of shard jobs and a merge job gives the results of one run.
# actionlint checks action.yml (through .github/workflows/preflight.yml, which uses ./) in .ci/run. Run by .ci/run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jar=$root/validator/target/preflight.jar
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
python=${PYTHON:-python3}
"$python" -c 'import yaml' 2>/dev/null || python=$root/.ci/.venv/bin/python
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
passed=0 failed=0
ok() { echo "action-test: ok: $1"; passed=$((passed + 1)); }
fail() { echo "action-test: FAILED: $1"; failed=$((failed + 1)); }

# run NAME INPUTS_JSON [GITHUB_JSON [ENV_JSON [USES_JSON]]]: runs the action in a copy of the samples;
# leaves $work/NAME/{steps.jsonl,log,summary.md,ws/}; prints the runner's exit code
run() {
  local name=$1 d=$work/$1
  mkdir -p "$d/ws"
  cp -r samples "$d/ws/"
  local github=${3:-'{"event_name": "push", "repository": "octo/infra", "event": {"repository": {"private": false}}}'}
  local env=${4:-'{}'} uses=${5:-'{"actions/cache": {"outputs": {"cache-hit": "true"}}}'}
  printf '{"inputs": %s, "github": %s, "env": %s, "uses": %s}\n' "$2" "$github" "$env" "$uses" > "$d/context.json"
  local code=0
  GITHUB_STEP_SUMMARY=$d/summary.md "$python" bench/action-runner.py "$root" "$d/ws" "$d/context.json" \
    > "$d/steps.jsonl" 2> "$d/log" || code=$?
  echo "$code"
}
# step NAME FIELD-MATCH: the record of the step (jq-less: one JSON object a line) matching a fixed string
step() { grep -F -- "$2" "$work/$1/steps.jsonl" || true; }
output() { "$python" -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r.get("id") == sys.argv[2]: print(r.get("outputs", {}).get(sys.argv[3], ""))' "$work/$1/steps.jsonl" "$2" "$3"; }

code=$(run incident '{"paths": "samples/cloudformation/incident", "cfn-lint": "off", "formats": "json=incident.json html=incident.html"}')
up=$(step incident '"uses": "github/codeql-action/upload-sarif@v3"')
if [ "$code" = 1 ] && [ "$(output incident check exit-code)" = 1 ] && grep -q '"ruleId" *: *"GD' "$work/incident/ws/preflight.sarif" \
    && grep -q '^::error file=samples/cloudformation/incident/' "$work/incident/log" && [ -s "$work/incident/ws/incident.json" ] \
    && [ -s "$work/incident/ws/incident.html" ] && grep -q '^## .*Preflight' "$work/incident/summary.md" \
    && echo "$up" | grep -q '"ran": true' && echo "$up" | grep -q '"sarif_file": "./preflight.sarif"'; then
  ok "incident: the check step succeeds with exit-code 1, annotations, job summary, SARIF uploaded, extra formats; the job fails with 1"
else
  fail "incident: runner exit '$code'"; cat "$work/incident/steps.jsonl" "$work/incident/log"
fi
if step incident '"uses": "actions/setup-java@v4"' | grep -q '"ran": false'; then
  ok "setup-java skipped: the runner has Java 17+ ($(output incident java home))"
else
  fail "setup-java ran although Java $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') is on PATH"
fi

code=$(run fixed '{"paths": "samples/cloudformation/fixed", "cfn-lint": "off"}')
[ "$code" = 0 ] && [ -s "$work/fixed/ws/preflight.sarif" ] && ok "fixed: exit-code 0, SARIF written" \
  || { fail "fixed: runner exit '$code'"; cat "$work/fixed/log"; }

cp "$work/incident/ws/incident.json" "$work/baseline.json"
code=$(run baseline "{\"paths\": \"samples/cloudformation/incident\", \"cfn-lint\": \"off\", \"baseline\": \"$work/baseline.json\"}")
[ "$code" = 0 ] && ok "incident against its own baseline: exit-code 0" || { fail "baseline: runner exit '$code'"; cat "$work/baseline/log"; }

code=$(run private '{"paths": "samples/cloudformation/fixed", "cfn-lint": "off"}' \
  '{"event_name": "push", "repository": "octo/infra", "event": {"repository": {"private": true}}}')
if [ "$code" = 0 ] && step private '"uses": "github/codeql-action/upload-sarif@v3"' | grep -q '"ran": false' \
    && grep -q '^::notice title=Preflight::SARIF not uploaded: code scanning on a private repository' "$work/private/log"; then
  ok "private repository: SARIF not uploaded, with a notice"
else
  fail "private repository"; cat "$work/private/steps.jsonl" "$work/private/log"
fi
code=$(run fork '{"paths": "samples/cloudformation/fixed", "cfn-lint": "off"}' \
  '{"event_name": "pull_request", "repository": "octo/infra", "event": {"repository": {"private": false}, "pull_request": {"head": {"repo": {"full_name": "someone/infra"}}}}}')
if [ "$code" = 0 ] && step fork '"uses": "github/codeql-action/upload-sarif@v3"' | grep -q '"ran": false' \
    && grep -q '^::notice title=Preflight::SARIF not uploaded: a pull request from the fork someone/infra' "$work/fork/log"; then
  ok "pull request from a fork: SARIF not uploaded, with a notice"
else
  fail "fork pull request"; cat "$work/fork/steps.jsonl" "$work/fork/log"
fi
code=$(run samerepo '{"paths": "samples/cloudformation/fixed", "cfn-lint": "off"}' \
  '{"event_name": "pull_request", "repository": "octo/infra", "event": {"repository": {"private": false}, "pull_request": {"head": {"repo": {"full_name": "octo/infra"}}}}}')
[ "$code" = 0 ] && step samerepo '"uses": "github/codeql-action/upload-sarif@v3"' | grep -q '"ran": true' \
  && ok "pull request from the same repository: SARIF uploaded" || { fail "same-repository pull request"; cat "$work/samerepo/steps.jsonl"; }

# a runner whose only Java is 11: setup-java runs, Preflight runs on its Java, JAVA_HOME is put back afterwards
real_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
mkdir -p "$work/java11/bin"
printf '#!/bin/sh\necho "    java.specification.version = 11" >&2\n' > "$work/java11/bin/java"
chmod +x "$work/java11/bin/java"
unset JAVA_HOME_17_X64 JAVA_HOME_21_X64 JAVA_HOME_25_X64
code=$(PATH="$work/java11/bin:$PATH" run oldjava '{"paths": "samples/cloudformation/fixed", "cfn-lint": "off"}' '' \
  "{\"JAVA_HOME\": \"$work/java11\"}" \
  "{\"actions/cache\": {\"outputs\": {\"cache-hit\": \"true\"}}, \"actions/setup-java\": {\"outputs\": {\"path\": \"$real_home\"}}}")
if [ "$code" = 0 ] && step oldjava '"uses": "actions/setup-java@v4"' | grep -q '"ran": true' \
    && grep -q "\"JAVA_HOME\": \"$work/java11\"" "$work/oldjava/steps.jsonl" && [ "$(output oldjava check exit-code)" = 0 ]; then
  ok "Java 11 only: setup-java runs, Preflight runs on its Java 17, JAVA_HOME stays $work/java11 for later steps"
else
  fail "Java 11 only: runner exit '$code'"; cat "$work/oldjava/steps.jsonl" "$work/oldjava/log"
fi

# the matrix of README "Large monorepos": shard jobs, then a merge job over their JSON reports
for k in 1 2 3; do
  code=$(run "shard$k" "{\"paths\": \"samples/cloudformation\", \"cfn-lint\": \"off\", \"shard\": \"$k/3\"}")
  json=$(output "shard$k" check json-file)
  if [ "$code" = 0 ] && [ "$json" = "preflight-shard-$k.json" ] && [ -s "$work/shard$k/ws/$json" ] \
      && step "shard$k" '"uses": "github/codeql-action/upload-sarif@v3"' | grep -q '"ran": false'; then
    cp "$work/shard$k/ws/$json" "$work/"
    ok "shard $k/3: JSON report $json, no SARIF upload, the job does not fail by findings"
  else
    fail "shard $k/3: runner exit '$code'"; cat "$work/shard$k/steps.jsonl" "$work/shard$k/log"
  fi
done
mkdir -p "$work/merge/ws" && cp "$work"/preflight-shard-*.json "$work/merge/ws/"
code=$(run merge '{"merge": "preflight-shard-*.json", "formats": "json=merged.json"}')
code_one=$(run one '{"paths": "samples/cloudformation", "cfn-lint": "off", "formats": "json=one.json"}')
# the results as sorted (rule, file, line) triples
count() { "$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sorted((x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], x["locations"][0]["physicalLocation"].get("region", {}).get("startLine")) for x in r["runs"][0]["results"]))' "$1"; }
if [ "$code" = "$code_one" ] && [ "$code" = 1 ] && [ "$(count "$work/merge/ws/preflight.sarif")" = "$(count "$work/one/ws/preflight.sarif")" ] \
    && step merge '"uses": "github/codeql-action/upload-sarif@v3"' | grep -q '"ran": true' && [ -s "$work/merge/summary.md" ]; then
  ok "merge job: exit $code and the same SARIF results as one run over all inputs; SARIF uploaded, job summary"
else
  fail "merge job: exit '$code' vs one run '$code_one'"; cat "$work/merge/steps.jsonl" "$work/merge/log"
fi

code=$(run badupload '{"paths": "samples/cloudformation/fixed", "upload-sarif": "yes"}')
[ "$code" = 3 ] && grep -q "upload-sarif must be auto, true or false" "$work/badupload/log" && ok "upload-sarif: yes is refused (exit 3)" \
  || { fail "upload-sarif: yes: runner exit '$code'"; cat "$work/badupload/log"; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
