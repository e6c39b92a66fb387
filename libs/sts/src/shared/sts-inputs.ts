import {
  IamError,
  requireIntegerInRange,
  requireLength,
  requirePattern,
  validationError,
  type TagV1,
} from '@iam/contracts';

// The constraints of STS's parameters as the STS API Reference states them.
// Every failure is a ValidationError naming the field, as AWS answers.

const NAME = /^[\w+=,.@-]*$/;
const NAME_SHOWN = '[\\w+=,.@-]*';

/** RoleSessionName: 2–64 of [\w+=,.@-]. */
export function requireSessionName(value: string, field = 'roleSessionName'): void {
  requireLength(field, value, 2, 64);
  requirePattern(field, value, NAME, NAME_SHOWN);
}

/** GetFederationToken's Name: 2–32 of [\w+=,.@-]. */
export function requireFederatedName(value: string, field = 'name'): void {
  requireLength(field, value, 2, 32);
  requirePattern(field, value, NAME, NAME_SHOWN);
}

/** ExternalId: 2–1224 of [\w+=,.@:/-]. */
export function requireExternalId(value: string, field = 'externalId'): void {
  requireLength(field, value, 2, 1224);
  requirePattern(field, value, /^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*');
}

/** SourceIdentity: 2–64 of [\w+=,.@-], never starting with `aws:` (reserved). */
export function requireSourceIdentity(value: string, field = 'sourceIdentity'): void {
  requireLength(field, value, 2, 64);
  requirePattern(field, value, NAME, NAME_SHOWN);
  if (value.toLowerCase().startsWith('aws:'))
    throw validationError(field, value, 'Member must not start with the reserved prefix aws:');
}

/** SerialNumber (an MFA device ARN or hardware serial): 9–256; TokenCode: 6 digits. */
export function requireMfaInput(serialNumber: string | undefined, tokenCode: string | undefined): void {
  if ((serialNumber === undefined) !== (tokenCode === undefined))
    throw new IamError(
      'ValidationError',
      serialNumber === undefined
        ? 'tokenCode was given without serialNumber: both are needed for MFA.'
        : 'serialNumber was given without tokenCode: both are needed for MFA.',
    );
  if (serialNumber !== undefined) {
    requireLength('serialNumber', serialNumber, 9, 256);
    requirePattern('serialNumber', serialNumber, /^[\w+=/:,.@-]*$/, '[\\w+=/:,.@-]*');
  }
  if (tokenCode !== undefined) {
    requireLength('tokenCode', tokenCode, 6, 6);
    requirePattern('tokenCode', tokenCode, /^\d+$/, '[\\d]*');
  }
}

/** DurationSeconds in [min, max]; AWS's own message for the one bound that is the role's. */
export function sessionDuration(
  value: number | undefined,
  defaults: { min: number; max: number; default: number },
  field = 'durationSeconds',
): number {
  if (value === undefined) return Math.min(defaults.default, defaults.max);
  requireIntegerInRange(field, value, defaults.min, defaults.max);
  return value;
}

/** Managed session policies: at most 10 ARNs, each a managed policy ARN (policyArnType 20–2048). */
export function requirePolicyArns(arns: readonly string[], field = 'policyArns'): void {
  if (arns.length > 10)
    throw validationError(field, `[${arns.length} ARNs]`, 'Member must have length less than or equal to 10');
  arns.forEach((arn, i) => {
    const name = `${field}.${i + 1}.member.arn`;
    requireLength(name, arn, 20, 2048);
    requirePattern(
      name,
      arn,
      /^arn:aws:iam::(\d{12}|aws):policy\/[\u0021-\u007E]+$/,
      'arn:aws:iam::<account|aws>:policy/…',
    );
  });
}

// Tag keys and values as IAM allows them (letters, digits, spaces and _.:/=+-@).
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Session tags: at most 50, keys 1–128 and values 0–256 characters, keys
 * unique case-insensitively (AWS keeps one key per case-folded name), no
 * `aws:` prefix. Returns them as a record (the session's principal tags).
 */
export function sessionTags(tags: readonly TagV1[], field = 'tags'): Record<string, string> {
  if (tags.length > 50)
    throw validationError(field, `[${tags.length} tags]`, 'Member must have length less than or equal to 50');
  const seen = new Set<string>();
  const result: Record<string, string> = {};
  tags.forEach(({ key, value }, i) => {
    requireLength(`${field}.${i + 1}.member.key`, key, 1, 128);
    requirePattern(`${field}.${i + 1}.member.key`, key, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
    requireLength(`${field}.${i + 1}.member.value`, value, 0, 256);
    requirePattern(`${field}.${i + 1}.member.value`, value, TAG_VALUE, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    if (key.toLowerCase().startsWith('aws:'))
      throw validationError(
        `${field}.${i + 1}.member.key`,
        key,
        'Member must not start with the reserved prefix aws:',
      );
    const folded = key.toLowerCase();
    if (seen.has(folded))
      throw new IamError(
        'ValidationError',
        `Duplicate tag keys found. Tag keys are case insensitive: ${key}`,
      );
    seen.add(folded);
    result[key] = value;
  });
  return result;
}

/** TransitiveTagKeys: each one a key of the session tags passed in the same call (case-insensitively). */
export function requireTransitiveKeys(keys: readonly string[], tags: Record<string, string>): string[] {
  if (keys.length > 50)
    throw validationError(
      'transitiveTagKeys',
      `[${keys.length} keys]`,
      'Member must have length less than or equal to 50',
    );
  const byFolded = new Map(Object.keys(tags).map((key) => [key.toLowerCase(), key]));
  return keys.map((key) => {
    const tagKey = byFolded.get(key.toLowerCase());
    if (tagKey === undefined)
      throw new IamError(
        'ValidationError',
        `The transitive tag key ${key} is not among the session tags passed in this request.`,
      );
    return tagKey;
  });
}
