import type { QueryValue } from './query-form';

/**
 * IAM and STS members whose type is a boolean or an integer (the same name
 * has the same type in every operation of both), so a JSON body gets `true` or `3`
 * where the form carried text. Text that is not one is left as it came
 * and the route's DTO refuses it, as it would in a JSON body.
 */
const BOOLEANS = new Set([
  'passwordResetRequired',
  'setAsDefault',
  'requireSymbols',
  'requireNumbers',
  'requireUppercaseCharacters',
  'requireLowercaseCharacters',
  'allowUsersToChangePassword',
  'hardExpiry',
]);
const INTEGERS = new Set([
  'maxItems',
  'maxSessionDuration',
  'minimumPasswordLength',
  'maxPasswordAge',
  'passwordReusePrevention',
  'durationSeconds',
]);

/** `UserName` → `userName`, `Tags.member.1.Key` → `tags[0].key`: AWS's member names as our JSON fields. */
export function ourFields(value: QueryValue, rename: Record<string, string> = {}): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => ourFields(item));
  const out: Record<string, unknown> = {};
  for (const [member, inner] of Object.entries(value))
    out[rename[member] ?? lowerFirst(member)] = ourFields(inner);
  return out;
}

/** Booleans and integers for a JSON body (a query string carries text, as the JSON door's does). */
export function typedScalars(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (BOOLEANS.has(field) && (value === 'true' || value === 'false')) out[field] = value === 'true';
    else if (INTEGERS.has(field) && typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value))
      out[field] = Number(value);
    else out[field] = value;
  }
  return out;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
