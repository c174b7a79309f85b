#!/usr/bin/env bash
# The test command (`npm test`): installs what the tests need, builds, and runs every suite:
# unit, property, integration (real HTTPS), end-to-end and differential (real kube-apiserver,
# etcd, kube-controller-manager, kubectl, helm).
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(test/setup.sh)"
npm run build --silent
npx tsc -p tsconfig.test.json
node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=600000 \
  'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' \
  'test/differential/**/*.test.ts' 'test/install/**/*.test.ts' 'test/controller/**/*.test.ts'
