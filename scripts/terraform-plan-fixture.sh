#!/usr/bin/env bash
# Regenerates the committed Terraform plan JSON of fixture directories, offline.
# Usage: scripts/terraform-plan-fixture.sh DIR [DIR...]
# Each DIR holds *.tf files including a provider block with mock keys and the skip_* checks
# (see scripts/provider.tf.example). Writes DIR/plan.json (pretty-printed, so findings have useful
# line numbers) and removes the working files. Needs terraform and a local AWS provider:
# TF_PLUGIN_DIR (default /opt/tf-plugins, the folder above registry.terraform.io).
set -euo pipefail
plugin_dir=${TF_PLUGIN_DIR:-/opt/tf-plugins}
[ -d "$plugin_dir/registry.terraform.io" ] || { echo "terraform-plan-fixture: no provider mirror at $plugin_dir (set TF_PLUGIN_DIR)" >&2; exit 2; }
export TF_CLI_CONFIG_FILE=/dev/null TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
for dir in "$@"; do
  ( cd "$dir"
    rm -rf .terraform .terraform.lock.hcl tfplan.bin
    terraform init -input=false -plugin-dir="$plugin_dir" >/dev/null
    terraform plan -input=false -refresh=false -lock=false -out=tfplan.bin >/dev/null
    terraform show -json tfplan.bin | python3 -m json.tool --indent 1 > plan.json
    rm -rf .terraform .terraform.lock.hcl tfplan.bin
    echo "wrote $dir/plan.json" )
done
