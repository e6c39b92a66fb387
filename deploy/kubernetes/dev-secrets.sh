#!/usr/bin/env bash
# DEVELOPMENT ONLY: creates the Secret `iam-keys` (key-encryption keys, event
# keys and the audit signing key, fresh random ones) in the namespace of the dev overlay. It never
# replaces an existing Secret: losing the key-encryption keys loses every
# sealed secret. In production the Secret comes from your secret store
# (External Secrets, Sealed Secrets, Vault…) with the same name and keys.
set -euo pipefail
namespace="${1:-iam-dev}"
if kubectl -n "$namespace" get secret iam-keys >/dev/null 2>&1; then
  echo "secret iam-keys already exists in $namespace: left as it is"
  exit 0
fi
kubectl -n "$namespace" create secret generic iam-keys \
  --from-literal=IAM_KEY_ENCRYPTION_KEYS="k1:$(openssl rand -base64 32)" \
  --from-literal=IAM_EVENT_KEYS="e1:$(openssl rand -base64 32)" \
  --from-literal=IAM_AUDIT_SIGNING_KEY="$(openssl genpkey -algorithm ed25519)"
