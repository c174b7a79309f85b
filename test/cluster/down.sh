#!/usr/bin/env bash
# `npm run cluster:down`: stops everything `npm run cluster:up` started and removes its state.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node_modules/.bin/node test/cluster/down.ts "${BATCHGUARD_CLUSTER_DIR:-.cluster}"
