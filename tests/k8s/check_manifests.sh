#!/usr/bin/env bash
# Renders every overlay of k8s/ with `kubectl kustomize` and validates the
# result offline (validate.js); then makes sure the validator does catch a
# container without probes, limits, non-root or read-only root.
#   check_manifests.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/k8s"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v kubectl >/dev/null || { echo "kubectl is missing: scripts/setup installs it" >&2; exit 1; }
"$build/service/payout-gateway" --help >"$tmp/help.txt"

for overlay in "$root"/k8s/overlays/*/; do
  name=$(basename "$overlay")
  kubectl kustomize "$overlay" >"$tmp/$name.yaml"
  production=()
  [ "$name" = prod ] && production=(--production)
  node "$here/validate.js" "$tmp/$name.yaml" "$tmp/help.txt" "${production[@]}"
done

# The checks must bite: break a rendered overlay (dev unless named) in
# each way.
broken() {
  local what=$1 expr=$2 overlay=${3:-dev}
  local flags=()
  [ "$overlay" = prod ] && flags=(--production)
  perl -0pe "$expr" "$tmp/$overlay.yaml" >"$tmp/broken.yaml"
  if cmp -s "$tmp/$overlay.yaml" "$tmp/broken.yaml"; then
    echo "the edit for '$what' changed nothing" >&2
    exit 1
  fi
  if node "$here/validate.js" "$tmp/broken.yaml" "$tmp/help.txt" "${flags[@]}" >"$tmp/broken.out"; then
    echo "validate.js missed: $what" >&2
    exit 1
  fi
}
broken "a missing readiness probe" 's/readinessProbe:/readinessProbeGone:/'
broken "a missing limit" 's/limits:/limitsGone:/'
broken "a writable root" 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/'
broken "a root user" 's/runAsNonRoot: true/runAsNonRoot: false/g'
# shellcheck disable=SC2016  # $1 is perl's capture, not the shell's
broken "a probe on another port" 's/(grpc:\n\s+port:) 8081/$1 8082/'
# shellcheck disable=SC2016  # as above
broken "a probe on the mTLS port" 's/(grpc:\n\s+port:) 8081/$1 50051/'
broken "a container port the gateway does not use" 's/containerPort: 50051/containerPort: 50052/'
broken "gRPC ingress from any namespace" 's/namespaceSelector:\n(\s+)matchLabels:\n\s+payout-gateway\/clients: "true"/namespaceSelector: {}/'
broken "a callback port the gateway does not use" 's/containerPort: 8090/containerPort: 8091/'
broken "replicas without a shared event bus" 's/PAYOUT_GATEWAY_EVENT_BUS: redis:\S+/PAYOUT_GATEWAY_EVENT_BUS: ""/'
# shellcheck disable=SC2016  # $1 is perl's capture, not the shell's
broken "a Redis container without limits" 's/(name: redis\n(?:.*\n)*?\s+)limits:/$1limitsGone:/'
broken "plaintext in production" 's/PAYOUT_GATEWAY_RELOAD_INTERVAL:/PAYOUT_GATEWAY_PLAINTEXT: "true"\n  PAYOUT_GATEWAY_RELOAD_INTERVAL:/' prod
broken "reflection in production" 's/PAYOUT_GATEWAY_REFLECTION: "false"/PAYOUT_GATEWAY_REFLECTION: "true"/' prod
broken "no client CA in production" 's/\s+PAYOUT_GATEWAY_TLS_CLIENT_CA_FILE: \S+//' prod
broken "the policy not on a mounted ConfigMap" 's/\/etc\/payout-gateway\/policy\/payout-policy.json/\/tmp\/payout-policy.json/' prod
broken "a schema violation" 's/replicas: 2/replicas: two/'
broken "an unknown setting" 's/PAYOUT_GATEWAY_LOG_LEVEL:/PAYOUT_GATEWAY_LOG_LEVL:/'
broken "a drain longer than the termination grace" 's/terminationGracePeriodSeconds: 30/terminationGracePeriodSeconds: 10/'
echo "the validator catches each broken manifest"
