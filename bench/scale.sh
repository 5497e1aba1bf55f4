#!/usr/bin/env bash
# Peak RSS and time of a whole `bin/preflight check` (the launcher's defaults: no -Xmx, C1, SerialGC) as the number
# of resources grows, in one template and spread over 2,000 templates, with the ratio of each size to the smallest
# (the scaling curve: linear means time and memory ratios near the resource ratio).
#
#   bench/scale.sh                    # 10000 100000
#   SIZES="10000 100000 1000000" bench/scale.sh
#   SPREAD=0 bench/scale.sh           # one template only
#   ONE_MAX=100000 (default)          # larger sizes only over $FILES templates: one template of 1M resources is
#                                     # 250 MB, over the 64 MiB budget of an input file (refused, not a measurement)
#   BEFORE_JAR=/tmp/old.jar bench/scale.sh   # each case also with an older jar, alternating (before, then this
#                                            # checkout's, or AFTER_JAR), with the after / before ratios
#
# Generated inputs (bench/gen-template.py) are kept in $SCALE_DIR (default: a temporary directory, removed at exit).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
SIZES=${SIZES:-"10000 100000"}
SPREAD=${SPREAD:-1}
FILES=${FILES:-2000}
ONE_MAX=${ONE_MAX:-100000}
BEFORE_MAX=${BEFORE_MAX:-100000} # the older jar only up to this size (before the model was compacted, 1M did not fit)
if [ -z "${SCALE_DIR:-}" ]; then
  SCALE_DIR=$(mktemp -d)
  trap 'rm -rf "$SCALE_DIR"' EXIT
fi
work=$SCALE_DIR
bin/preflight --version >/dev/null
jars=("after=${AFTER_JAR:-}")
[ -n "${BEFORE_JAR:-}" ] && jars=("before=$BEFORE_JAR" "after=${AFTER_JAR:-}")
# the launcher's archive, made by a first check (one per jar)
for j in "${jars[@]}"; do
  PREFLIGHT_JAR=${j#*=} bin/preflight check --cfn-lint off --fail-on never -q samples/cloudformation/incident/app.yaml \
    >/dev/null 2>&1 || true
done

gen_one() { [ -f "$work/one-$1.yaml" ] || python3 bench/gen-template.py "$1" "$work/one-$1.yaml"; }
gen_spread() { # N resources in $FILES templates of N/$FILES resources each
  local n=$1 dir="$work/spread-$1" per=$(( $1 / FILES ))
  [ -d "$dir" ] && return 0
  mkdir -p "$dir.tmp"
  python3 - "$per" "$FILES" "$dir.tmp" <<'EOF'
import subprocess, sys
per, files, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
first = f"{out}/t0000.yaml"
subprocess.run([sys.executable, "bench/gen-template.py", str(per), first], check=True)
text = open(first).read()
for i in range(1, files):
    open(f"{out}/t{i:04d}.yaml", "w").write(text)
EOF
  mv "$work/spread-$1.tmp" "$dir"
}

run() { # run LABEL PATH [JAR]: one row
  PREFLIGHT_JAR=${3:-} /usr/bin/time -f '%e %U %S %M' -o "$work/time" bin/preflight check --cfn-lint off \
    --fail-on never -q "$2" >/dev/null 2>"$work/stderr" || true
  read -r wall user sys kb < <(tail -n 1 "$work/time")
  # a refused input (over a budget) is not a measurement: say so beside the table
  if [ -s "$work/stderr" ]; then echo "$1: $(head -c 300 "$work/stderr" | head -n 2 | tr '\n' ' ')" >>"$work/notes"; fi
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$1 $wall $cpu $((kb / 1024))"
  echo "$1 $wall $cpu $((kb / 1024))" >&2 # as it is measured: label, wall s, CPU s, peak RSS MB
}

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo
rows=()
: >"$work/notes"
for n in $SIZES; do
  if [ "$n" -le "$ONE_MAX" ]; then
    gen_one "$n"
    for j in "${jars[@]}"; do
      [ "${j%%=*}" = before ] && [ "$n" -gt "$BEFORE_MAX" ] && continue
      rows+=("$(run "${j%%=*}-one-template-$n" "$work/one-$n.yaml" "${j#*=}")")
    done
  fi
  if [ "$SPREAD" = 1 ]; then
    gen_spread "$n"
    for j in "${jars[@]}"; do
      [ "${j%%=*}" = before ] && [ "$n" -gt "$BEFORE_MAX" ] && continue
      rows+=("$(run "${j%%=*}-$FILES-templates-$n" "$work/spread-$n" "${j#*=}")")
    done
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| jar | case | resources | wall s | CPU s | peak RSS MB | wall / smallest | CPU / smallest | RSS / smallest | RSS / before | CPU / before |'
echo '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
first=${SIZES%% *}
for r in "${rows[@]}"; do
  read -r label wall cpu mb <<<"$r"
  n=${label##*-}; kind=${label%-*}
  base=$(printf '%s\n' "${rows[@]}" | awk -v k="$kind-$first" '$1 == k')
  read -r _ bw bc bm <<<"$base"
  jar=${kind%%-*}; kind=${kind#*-}
  before=$(printf '%s\n' "${rows[@]}" | awk -v k="before-$kind-$n" '$1 == k')
  read -r _ _ pc pm <<<"${before:-x 0 0 0}"
  awk -v j="$jar" -v l="$kind" -v n="$n" -v w="$wall" -v c="$cpu" -v m="$mb" -v bw="$bw" -v bc="$bc" -v bm="$bm" \
    -v pc="$pc" -v pm="$pm" 'BEGIN { rm = pm > 0 ? sprintf("%.2f", m / pm) : "-"; rc = pc > 0 ? sprintf("%.2f", c / pc) : "-"
      printf "| %s | %s | %d | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %s | %s |\n", j, l, n, w, c, m, w / bw, c / bc,
        m / bm, rm, rc }'
done
if [ -s "$work/notes" ]; then echo; echo 'stderr of the runs:'; cat "$work/notes"; fi
