#!/usr/bin/env bash
# Regenerates the committed Terraform plan JSON of fixture directories, offline.
# Usage: scripts/terraform-plan-fixture.sh [--one-line] DIR [DIR...]
# Each DIR holds *.tf files (registry modules vendored under .terraform/modules) including a provider block with mock keys and the skip_* checks
# (see scripts/provider.tf.example). Writes DIR/plan.json and removes the working files: pretty-printed
# by default (readable in review; findings sit at the .tf blocks beside it anyway), or with --one-line
# exactly as `terraform show -json` writes it (one line, as CI pipelines have it). Needs terraform and a
# local AWS provider: TF_PLUGIN_DIR (default /opt/tf-plugins, the folder above registry.terraform.io).
# A DIR with data sources that call AWS (data.aws_vpc, data.aws_iam_policy) holds aws-mock.py: the plan is
# then made against a local AWS API mock (moto 5.2.5, pip-installed into a cache venv on first use) at
# 127.0.0.1:45123, which aws-mock.py seeds first; the provider's endpoints block points there.
set -euo pipefail
plugin_dir=${TF_PLUGIN_DIR:-/opt/tf-plugins}
[ -d "$plugin_dir/registry.terraform.io" ] || { echo "terraform-plan-fixture: no provider mirror at $plugin_dir (set TF_PLUGIN_DIR)" >&2; exit 2; }
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
one_line=false
if [ "${1:-}" = --one-line ]; then one_line=true; shift; fi
moto_pid=
stop_moto() { if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; moto_pid=; fi; }
trap stop_moto EXIT
start_moto() {
  local venv=${PREFLIGHT_MOTO_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/preflight/moto-5.2.5}
  if [ ! -x "$venv/bin/moto_server" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q 'moto[server]==5.2.5'
  fi
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$venv/bin/moto_server" -H 127.0.0.1 -p 45123 >/dev/null 2>&1 &
  moto_pid=$!
  for _ in $(seq 50); do
    python3 -c 'import socket; socket.create_connection(("127.0.0.1", 45123), 0.2)' 2>/dev/null && break
    sleep 0.2
  done
  AWS_ENDPOINT_URL=http://127.0.0.1:45123 "$venv/bin/python" "$1"
}
for dir in "$@"; do
  if [ -f "$dir/aws-mock.py" ]; then start_moto "$dir/aws-mock.py"; fi
  ( cd "$dir"
    # registry modules vendored as `terraform init` leaves them (.terraform/modules/modules.json) are kept
    vendored=false; [ -f .terraform/modules/modules.json ] && vendored=true
    clean() { if $vendored; then rm -rf .terraform/providers .terraform/terraform.tfstate .terraform/plugin_path; else rm -rf .terraform; fi
              rm -rf .terraform.lock.hcl tfplan.bin; }
    clean
    terraform init -input=false -get=$($vendored && echo false || echo true) -plugin-dir="$plugin_dir" >/dev/null
    terraform plan -input=false -refresh=false -lock=false -out=tfplan.bin >/dev/null
    if $one_line; then
      terraform show -json tfplan.bin > plan.json
    else
      terraform show -json tfplan.bin | python3 -m json.tool --indent 1 > plan.json
    fi
    clean
    echo "wrote $dir/plan.json" )
  stop_moto
done
