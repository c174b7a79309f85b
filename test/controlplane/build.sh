#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl and etcd from Go modules into a cache
# outside the work tree, so end-to-end tests run against the real control plane. Skips what is built.
# Prints the bin directory on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
V=v1.36.4
MINOR=36
goversion=$(go env GOVERSION)
bin=${BATCHGUARD_K8S_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/batchguard/k8s-$V-$goversion/bin}
mkdir -p "$bin"
export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-trimpath -mod=readonly"
LD="-s -w \
 -X k8s.io/component-base/version.gitVersion=$V \
 -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR \
 -X k8s.io/component-base/version.gitTreeState=clean \
 -X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z \
 -X k8s.io/client-go/pkg/version.gitVersion=$V \
 -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$MINOR"
build() { # name, package, ldflags
  if [[ -x "$bin/$1" ]]; then return; fi
  local start=$SECONDS
  echo "building $1 ..." >&2
  (cd "$here" && go build -ldflags "$3" -o "$bin/$1.tmp" "$2")
  mv "$bin/$1.tmp" "$bin/$1"
  echo "built $1 in $((SECONDS - start))s" >&2
}
build etcd go.etcd.io/etcd/server/v3 "-s -w"
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$LD"
build kubectl k8s.io/kubernetes/cmd/kubectl "$LD"
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$LD"
echo "$bin"
