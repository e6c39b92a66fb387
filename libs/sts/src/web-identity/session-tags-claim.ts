import { IamError, type TagV1 } from '@iam/contracts';
import type { JWTPayload } from 'jose';
import { requireTransitiveKeys, sessionTags } from '../shared/sts-inputs';

/** AWS's claim for session tags in an OIDC token. */
export const SessionTagsClaim = 'https://aws.amazon.com/tags';

/**
 * Session tags from the `https://aws.amazon.com/tags` claim, as AWS reads
 * it: `{ principal_tags: { key: [value] }, transitive_tag_keys: [key] }`
 * (one value per key). A malformed claim is the identity provider's fault
 * (IDPRejectedClaim); tag rules are STS's usual ones.
 */
export function sessionTagsClaim(claims: JWTPayload): {
  tags: Record<string, string>;
  transitiveTagKeys: string[];
} {
  const claim = claims[SessionTagsClaim];
  if (claim === undefined) return { tags: {}, transitiveTagKeys: [] };
  const rejected = (why: string) => new IamError('IDPRejectedClaim', `The ${SessionTagsClaim} claim ${why}.`);
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw rejected('is not an object');
  const { principal_tags: principalTags, transitive_tag_keys: transitive } = claim as Record<string, unknown>;
  const list: TagV1[] = [];
  if (principalTags !== undefined) {
    if (typeof principalTags !== 'object' || principalTags === null || Array.isArray(principalTags))
      throw rejected('has principal_tags that are not an object');
    for (const [key, values] of Object.entries(principalTags)) {
      const value = Array.isArray(values) && values.length === 1 ? values[0] : values;
      if (typeof value !== 'string')
        throw rejected(`has a principal tag ${key.slice(0, 128)} that is not one string`);
      list.push({ key, value });
    }
  }
  if (
    transitive !== undefined &&
    (!Array.isArray(transitive) || transitive.some((k) => typeof k !== 'string'))
  )
    throw rejected('has transitive_tag_keys that are not a list of strings');
  try {
    const tags = sessionTags(list);
    return {
      tags,
      transitiveTagKeys: requireTransitiveKeys((transitive as string[] | undefined) ?? [], tags),
    };
  } catch (error) {
    if (error instanceof IamError) throw rejected(`has session tags STS refuses: ${error.message}`);
    throw error;
  }
}
