#!/usr/bin/env bash
# cfn-guard over every file of a folder, one process per file (given the folder, cfn-guard stops at the first file it
# cannot parse), with a one-rule policy: the peer of Preflight's corpus sweep in bench/paired.py, e.g.
#
#   bench/paired.py --runs 3 --warmup 1 --compare preflight:cfn-guard \
#     "cfn-guard=bench/cfn-guard-sweep.sh ../shared/corpus/cfn" \
#     "preflight=bin/preflight check --cfn-lint off --fail-on never -q ../shared/corpus/cfn"
#
# CFN_GUARD names the binary (default: cfn-guard on PATH, then ~/.cargo/bin/cfn-guard).
set -uo pipefail
dir=${1:?usage: bench/cfn-guard-sweep.sh DIR}
guard=${CFN_GUARD:-$(command -v cfn-guard || echo "$HOME/.cargo/bin/cfn-guard")}
[ -x "$guard" ] || { echo "cfn-guard-sweep: no cfn-guard ($guard); cargo install cfn-guard --version 3.1.2" >&2; exit 2; }
# the one-rule policy of bench/run-peers.sh
rules=$(dirname "${BASH_SOURCE[0]}")/trivial.guard
find "$dir" -type f -print0 | sort -z | while IFS= read -r -d '' f; do
  "$guard" validate -r "$rules" -d "$f" >/dev/null 2>&1
done
exit 0
