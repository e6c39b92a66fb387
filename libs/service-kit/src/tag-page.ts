import type { TagV1 } from '@iam/contracts';
import { decodeMarker, pageSize, toPage, type Page, type PageRequest } from './pagination';

/**
 * One page of a resource's tags (ListUserTags, ListRoleTags, ListPolicyTags), in key
 * order so a marker (the last key returned) continues where the page ended.
 * At most 50 tags: they are paged in memory.
 */
export function tagPage(tags: readonly TagV1[], request: PageRequest): Page<TagV1> {
  const limit = pageSize(request.maxItems);
  const after = decodeMarker(request.marker);
  const sorted = [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rest = after === '' ? sorted : sorted.filter((tag) => tag.key > after);
  return toPage(rest.slice(0, limit + 1), limit, (tag) => tag.key);
}
