#!/usr/bin/env bash
# Times whole Preflight runs: generated CloudFormation templates of 50, 1k, 5k and 10k resources, then the corpus
# sweeps (../shared/corpus/cfn, tfplan, cdk). Prints a Markdown table: wall and CPU (user+sys) seconds, min and
# median over RUNS runs, and the largest peak RSS (GNU time's %M). Preflight's own time only: --cfn-lint off.
#
#   bench/run.sh                 # RUNS=5 (3 for 10k and the sweeps)
#   RUNS=3 SIZES="50 10000" bench/run.sh
#   CORPUS=/path/to/corpus bench/run.sh
#
# Needs python3 (the template generator) and GNU time at /usr/bin/time. Builds the jar when it is missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jar=${PREFLIGHT_JAR:-validator/target/preflight.jar}
RUNS=${RUNS:-5}
SIZES=${SIZES:-50 1000 5000 10000}
if [ -z "${CORPUS:-}" ]; then
  CORPUS=$root/../shared/corpus
  [ -d "$CORPUS" ] || CORPUS=/work/shared/corpus
fi
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 3; }
[ -f "$jar" ] || ./mvnw -q -B -DskipTests -pl validator -am package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/measure.sh
. bench/measure.sh

check=(java -Xmx512m -jar "$jar" check --cfn-lint off --fail-on never)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); jar: $jar"
echo
echo '| case | runs | wall min s | wall median s | CPU min s | CPU median s | peak RSS MB |'
echo '| --- | --- | --- | --- | --- | --- | --- |'
for n in $SIZES; do
  python3 bench/gen-template.py "$n" "$work/gen-$n.yaml"
  runs=$RUNS; [ "$n" -ge 10000 ] && runs=$(( RUNS < 3 ? RUNS : 3 ))
  measure "check, $n resources (1 template)" "$runs" "${check[@]}" "$work/gen-$n.yaml"
done
# the launcher's JVM flags (C1 only, serial GC) on the largest template
if [ -f "$work/gen-10000.yaml" ]; then
  measure "check, 10000 resources, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" "$(( RUNS < 3 ? RUNS : 3 ))" \
    java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" check --cfn-lint off --fail-on never "$work/gen-10000.yaml"
fi
sweep_runs=$(( RUNS < 3 ? RUNS : 3 ))
for dir in cfn tfplan cdk; do
  [ -d "$CORPUS/$dir" ] || { echo "| sweep $dir | - | corpus $CORPUS/$dir missing | | | | |"; continue; }
  measure "sweep corpus/$dir ($(find "$CORPUS/$dir" -type f | wc -l) files)" "$sweep_runs" "${check[@]}" "$CORPUS/$dir"
done
# the launcher users run (C1 only + AppCDS archive; its first run makes the archive, so warm it once)
# a fresh cache: the launcher's first run makes the AppCDS archive of the classes it loads, so a check makes it
XDG_CACHE_HOME=$work/cache bin/preflight check --cfn-lint off --fail-on never -q "$work/gen-50.yaml" >/dev/null 2>&1 || true
measure "bin/preflight check, 50 resources" "$RUNS" env XDG_CACHE_HOME="$work/cache" bin/preflight check --cfn-lint off --fail-on never "$work/gen-50.yaml"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# loading + graph building in one JVM (issue 3's target: 10,000 resources in under 1.5 s, 512 MB heap)
if [ -f "$work/gen-10000.yaml" ]; then
  echo
  echo "load + graph, 10,000 resources (bench/LoadGraphTiming.java, -Xmx512m):"
  java -Xmx512m -cp "$jar" bench/LoadGraphTiming.java "$work/gen-10000.yaml" 5
fi
