#!/usr/bin/env bash
# `npm run cluster:up`: a real Kubernetes 1.36 control plane on loopback (etcd, kube-apiserver,
# kube-controller-manager) with batchguard's webhooks registered by URL and its Job controller,
# all in the background. State and the admin kubeconfig go to .cluster/ ($BATCHGUARD_CLUSTER_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -x node_modules/.bin/node ]]; then npm ci --no-audit --no-fund >&2; fi
if [[ -z "${BATCHGUARD_K8S_BIN:-}" || ! -x "${BATCHGUARD_K8S_BIN}/kube-apiserver" ]]; then
  echo "locating the Kubernetes binaries (building them on first use, ~6 min) ..." >&2
  BATCHGUARD_K8S_BIN=$(test/controlplane/build.sh | tail -n 1)
  export BATCHGUARD_K8S_BIN
fi
exec node_modules/.bin/node test/cluster/up.ts "${BATCHGUARD_CLUSTER_DIR:-.cluster}"
