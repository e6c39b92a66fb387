import type { ContextValue } from '@iam/policy-engine';

/**
 * The provider's claim keys a federated session keeps for its later
 * requests (`HOST/PATH:sub`, `:aud`, `:amr`, `saml:sub`…): the text ones
 * only, as the trust policy saw them; `aws:` and `sts:` keys are the
 * request's own, never the provider's.
 */
export function federationConditionKeys(
  keys: Readonly<Record<string, ContextValue>>,
): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(keys)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('aws:') || lower.startsWith('sts:')) continue;
    if (typeof value === 'string') kept[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) kept[key] = [...value];
  }
  return kept;
}
