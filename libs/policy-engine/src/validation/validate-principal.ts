import type { PrincipalBlock, PrincipalKind } from '../grammar/policy-document';
import { FindingCollector, isObject, quote, readStringList } from './validation-context';

/**
 * Principal / NotPrincipal values as "AWS JSON policy elements: Principal"
 * allows them: `*`, account ids, IAM and STS principal ARNs, service names,
 * identity providers and canonical users. Partial wildcards are refused, as
 * AWS refuses them ("Invalid principal in policy").
 */

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

const ACCOUNT_ID = /^\d{12}$/;
const IAM_PRINCIPAL_ARN =
  /^arn:[a-z][a-z0-9-]*:iam::\d{12}:(?:root|user\/[\w+=,.@/-]+|role\/[\w+=,.@/-]+|federated-user\/[\w+=,.@-]+)$/;
const STS_PRINCIPAL_ARN =
  /^arn:[a-z][a-z0-9-]*:sts::\d{12}:(?:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/i;
const FEDERATED_ARN = /^arn:[a-z][a-z0-9-]*:iam::\d{12}:(?:saml-provider|oidc-provider)\/[^\s*?]+$/;
const FEDERATED_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9](?:\/[^\s*?]*)?$/i;
const CANONICAL_USER = /^[0-9a-f]{64}$/;

function validValue(kind: PrincipalKind, value: string): boolean {
  switch (kind) {
    case 'AWS':
      return (
        value === '*' ||
        ACCOUNT_ID.test(value) ||
        IAM_PRINCIPAL_ARN.test(value) ||
        STS_PRINCIPAL_ARN.test(value)
      );
    case 'Service':
      return SERVICE.test(value);
    case 'Federated':
      return FEDERATED_ARN.test(value) || FEDERATED_NAME.test(value);
    case 'CanonicalUser':
      return CANONICAL_USER.test(value);
  }
}

export function validatePrincipal(
  value: unknown,
  path: string,
  out: FindingCollector,
): PrincipalBlock | undefined {
  if (value === '*') return '*';
  if (!isObject(value)) {
    out.error('INVALID_PRINCIPAL', path, `Invalid principal in policy: ${quote(value)}`);
    return undefined;
  }
  const block: Partial<Record<PrincipalKind, readonly string[]>> = {};
  let ok = true;
  const keys = Object.keys(value);
  if (keys.length === 0) {
    out.error('INVALID_PRINCIPAL', path, 'Invalid principal in policy: the principal block is empty.');
    return undefined;
  }
  for (const key of keys) {
    const kind = PRINCIPAL_KINDS.find((k) => k === key);
    if (!kind) {
      out.error(
        'INVALID_PRINCIPAL',
        `${path}.${key}`,
        `Invalid principal in policy: unknown principal type ${quote(key)}.`,
      );
      ok = false;
      continue;
    }
    const values = readStringList(value[key], `${path}.${key}`, out, `${path}.${key}`);
    if (!values) {
      ok = false;
      continue;
    }
    for (const v of values) {
      if (!validValue(kind, v)) {
        out.error('INVALID_PRINCIPAL', `${path}.${key}`, `Invalid principal in policy: "${key}":${quote(v)}`);
        ok = false;
      }
    }
    block[kind] = values;
  }
  return ok ? block : undefined;
}
