#!/usr/bin/env bash
# cfn-lint through Preflight in one process (--jobs 1) and in N processes (--jobs N, default: the core count) over
# the same templates, interleaved (RUNS rounds), with wall and CPU time, the ratio N / 1, and whether the JSON reports
# are identical (apart from startedAt). Needs cfn-lint: PREFLIGHT_CFN_LINT, or on PATH.
#
#   bench/cfn-lint-jobs.sh                         # ../shared/corpus/cfn, RUNS=1
#   RUNS=3 JOBS=2 bench/cfn-lint-jobs.sh DIR...
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
RUNS=${RUNS:-1}
JOBS=${JOBS:-$(nproc)}
if [ $# -eq 0 ]; then
  set -- "$root/../shared/corpus/cfn"
  [ -d "$1" ] || set -- /work/shared/corpus/cfn
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/measure.sh
. bench/measure.sh
bin/preflight check --cfn-lint off --fail-on never -q samples/cloudformation/incident/app.yaml >/dev/null 2>&1 || true
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cfn-lint: $(${PREFLIGHT_CFN_LINT:-cfn-lint} --version)"
check() { # check JOBS REPORT
  bin/preflight check --cfn-lint on --cfn-lint-timeout 3600 --jobs "$1" --fail-on never -q -f "json=$2" "${@:3}"
}
declare -A walls cpus
for i in $(seq "$RUNS"); do
  for j in 1 "$JOBS"; do
    /usr/bin/time -f '%e %U %S' -o "$work/time" bash -c "$(declare -f check); check $j '$work/report-$j.json' \"\$@\"" _ "$@" \
      >/dev/null 2>"$work/stderr-$j" || true
    read -r wall user sys < <(tail -n 1 "$work/time")
    walls[$j]="${walls[$j]:-} $wall"; cpus[$j]="${cpus[$j]:-} $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| cfn-lint processes | runs | wall median s | CPU median s | wall / one process |'
echo '| --- | --- | --- | --- | --- |'
# shellcheck disable=SC2086
one=$(stats median ${walls[1]})
for j in 1 "$JOBS"; do
  # shellcheck disable=SC2086
  w=$(stats median ${walls[$j]}); c=$(stats median ${cpus[$j]})
  echo "| $j | $RUNS | $w | $c | $(ratio "$w" "$one") |"
done
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("startedAt", None); print(json.dumps(d, sort_keys=True))' "$1"; }
if cmp -s <(strip "$work/report-1.json") <(strip "$work/report-$JOBS.json"); then
  echo; echo "JSON reports identical (apart from startedAt): yes ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for r in d.get("results", []) if r.get("ruleId", "").startswith("cfn-lint:")), "cfn-lint results")' "$work/report-1.json"))"
else
  echo; echo "JSON reports identical: NO"
  diff <(strip "$work/report-1.json" | python3 -m json.tool) <(strip "$work/report-$JOBS.json" | python3 -m json.tool) \
    > "$work/diff" || true
  head -20 "$work/diff"
fi
grep -h "preflight:" "$work"/stderr-* | sort | uniq -c | head -5 || true
