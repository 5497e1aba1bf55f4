# Sourced by bench/run.sh and bench/run-peers.sh. measure LABEL RUNS COMMAND... runs COMMAND RUNS times under
# GNU time and prints one Markdown row: wall and CPU (user+sys) seconds, min and median, and the largest peak RSS.
# The command's exit code is ignored (findings make linters exit non-zero). The medians of the last row are left
# in LAST_WALL and LAST_CPU for ratio tables. Needs $work (a scratch directory).

measure() {
  local label=$1 runs=$2; shift 2
  local walls=() cpus=() rss=0 wall user sys kb
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
    read -r wall user sys kb < <(tail -n 1 "$work/time")
    walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  LAST_WALL=$(stats median "${walls[@]}")
  LAST_CPU=$(stats median "${cpus[@]}")
  printf '| %s | %d | %s | %s | %s | %s | %d |\n' "$label" "$runs" \
    "$(stats min "${walls[@]}")" "$LAST_WALL" "$(stats min "${cpus[@]}")" "$LAST_CPU" "$((rss / 1024))"
}

stats() {
  local kind=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v kind="$kind" '{v[NR]=$1} END {
    if (kind == "min") printf "%.2f", v[1]; else printf "%.2f", (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2) }'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}
