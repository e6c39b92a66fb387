import { IamError, requireLength, requirePattern, validationError, type TagV1 } from '@iam/contracts';

/**
 * IAM tag rules: key 1–128, value 0–256, letters, digits, spaces and
 * `_ . : / = + - @`; keys may not start with `aws:`; at most 50 tags on a
 * resource. For users and roles keys are case-insensitive but keep their case:
 * tagging `department` where `Department` exists replaces it.
 */
export const MaxTags = 50;

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTagKey(key: string, field = 'tagKeys.member.key'): void {
  requireLength(field, key, 1, 128);
  requirePattern(field, key, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
  if (key.toLowerCase().startsWith('aws:')) {
    throw new IamError('InvalidInput', `Tag keys starting with 'aws:' are reserved for AWS use: ${key}`);
  }
}

export function validateTags(tags: readonly TagV1[], field = 'tags'): void {
  if (tags.length > MaxTags) {
    throw validationError(
      field,
      `${tags.length} tags`,
      `Member must have length less than or equal to ${MaxTags}`,
    );
  }
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    validateTagKey(tag.key, `${field}.${i + 1}.member.key`);
    requireLength(`${field}.${i + 1}.member.value`, tag.value, 0, 256);
    requirePattern(`${field}.${i + 1}.member.value`, tag.value, TAG_VALUE, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
    const folded = tag.key.toLowerCase();
    if (seen.has(folded)) {
      throw new IamError(
        'InvalidInput',
        `Duplicate tag keys found. Please note that Tag keys are case insensitive.`,
      );
    }
    seen.add(folded);
  });
}

export function validateTagKeys(tagKeys: readonly string[], field = 'tagKeys'): void {
  if (tagKeys.length === 0)
    throw validationError(field, '[]', 'Member must have length greater than or equal to 1');
  if (tagKeys.length > MaxTags) {
    throw validationError(
      field,
      `${tagKeys.length} keys`,
      `Member must have length less than or equal to ${MaxTags}`,
    );
  }
  tagKeys.forEach((key, i) => {
    requireLength(`${field}.${i + 1}`, key, 1, 128);
    requirePattern(`${field}.${i + 1}`, key, TAG_KEY, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
  });
}

/** The tags after setting `added`; throws LimitExceeded beyond 50. */
export function applyTags(existing: readonly TagV1[], added: readonly TagV1[]): TagV1[] {
  const addedKeys = new Set(added.map((t) => t.key.toLowerCase()));
  const result = [...existing.filter((t) => !addedKeys.has(t.key.toLowerCase())), ...added];
  if (result.length > MaxTags) {
    throw new IamError('LimitExceeded', `The number of tags has reached the maximum limit of ${MaxTags}.`);
  }
  return result;
}

/** Stored keys (their stored case) that `tagKeys` removes. */
export function matchingTagKeys(existing: readonly TagV1[], tagKeys: readonly string[]): string[] {
  const removed = new Set(tagKeys.map((k) => k.toLowerCase()));
  return existing.filter((t) => removed.has(t.key.toLowerCase())).map((t) => t.key);
}

export function removeTags(existing: readonly TagV1[], tagKeys: readonly string[]): TagV1[] {
  const removed = new Set(tagKeys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !removed.has(t.key.toLowerCase()));
}

/** True when setting `added` would change nothing. */
export function tagsUnchanged(existing: readonly TagV1[], added: readonly TagV1[]): boolean {
  return added.every((a) => existing.some((e) => e.key === a.key && e.value === a.value));
}
