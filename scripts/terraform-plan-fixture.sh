#!/usr/bin/env bash
# Regenerates the committed Terraform plan JSON of fixture directories, offline.
# Usage: scripts/terraform-plan-fixture.sh [--one-line] DIR [DIR...]
# Each DIR holds *.tf files including a provider block with mock keys and the skip_* checks
# (see scripts/provider.tf.example). Writes DIR/plan.json and removes the working files: pretty-printed
# by default (readable in review; findings sit at the .tf blocks beside it anyway), or with --one-line
# exactly as `terraform show -json` writes it (one line, as CI pipelines have it). Needs terraform and a
# local AWS provider: TF_PLUGIN_DIR (default /opt/tf-plugins, the folder above registry.terraform.io).
set -euo pipefail
plugin_dir=${TF_PLUGIN_DIR:-/opt/tf-plugins}
[ -d "$plugin_dir/registry.terraform.io" ] || { echo "terraform-plan-fixture: no provider mirror at $plugin_dir (set TF_PLUGIN_DIR)" >&2; exit 2; }
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
one_line=false
if [ "${1:-}" = --one-line ]; then one_line=true; shift; fi
for dir in "$@"; do
  ( cd "$dir"
    rm -rf .terraform .terraform.lock.hcl tfplan.bin
    terraform init -input=false -plugin-dir="$plugin_dir" >/dev/null
    terraform plan -input=false -refresh=false -lock=false -out=tfplan.bin >/dev/null
    if $one_line; then
      terraform show -json tfplan.bin > plan.json
    else
      terraform show -json tfplan.bin | python3 -m json.tool --indent 1 > plan.json
    fi
    rm -rf .terraform .terraform.lock.hcl tfplan.bin
    echo "wrote $dir/plan.json" )
done
