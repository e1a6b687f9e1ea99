#!/usr/bin/env bash
# Checks what no registry here installs: Node.js 20.19+ to run npm (npm ci then installs the
# project's own pinned Node.js, the package `node`, which every npm script runs on) and Terraform
# (the judge of the synthesized JSON: `npm test` runs `terraform validate` on every stack). Stops
# with a clear message naming what is missing.
set -euo pipefail
TERRAFORM_VERSION="1.11.4"
problems=()
node_version="$(node -p 'process.versions.node' 2>/dev/null || true)"
if [ -z "${node_version}" ]; then
  problems+=("Node.js is not installed: install Node.js 20.19 or later")
elif ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  problems+=("Node.js ${node_version} is too old: install Node.js 20.19 or later")
fi
if ! command -v terraform >/dev/null 2>&1; then
  problems+=("terraform is not on PATH: install Terraform ${TERRAFORM_VERSION} (https://developer.hashicorp.com/terraform/install); no package registry ships it")
else
  tf_version="$(CHECKPOINT_DISABLE=1 terraform version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("")}})')"
  if [ -z "${tf_version}" ]; then
    problems+=("terraform on PATH ($(command -v terraform)) does not answer \`terraform version -json\`")
  elif [ "${tf_version}" != "${TERRAFORM_VERSION}" ]; then
    echo "check-prerequisites: terraform ${tf_version} found; the stacks are proven with ${TERRAFORM_VERSION}" >&2
  fi
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf 'check-prerequisites: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "prerequisites: node ${node_version} (runs npm), terraform ${tf_version}"
