import { getMetadataStorage, IS_ARRAY } from 'class-validator';
import type { RouteHandle } from './route-registry';

const known = new WeakMap<object, ReadonlySet<string>>();

/**
 * The Query protocol sends an empty list as the bare member (`Tags=`,
 * `PolicyArns=`: what the AWS SDKs send for `Tags: []`), which reads as
 * empty text. Where the route's DTO declares that field a list
 * (`@IsArray`), it is the empty list; elsewhere empty text stays text, for
 * the DTO to judge. The DTO is what knows which members are lists, so no
 * second table of them is kept here.
 */
export function emptyListsAsLists(
  route: RouteHandle,
  kind: 'body' | 'query',
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const lists = listFields(route, kind);
  if (lists.size === 0) return fields;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields))
    out[field] = value === '' && lists.has(field) ? [] : value;
  return out;
}

function listFields(route: RouteHandle, kind: 'body' | 'query'): ReadonlySet<string> {
  const arg = route.args.find((a) => a?.kind === kind && a.data === undefined);
  const dto = arg && 'metatype' in arg ? arg.metatype : undefined;
  if (typeof dto !== 'function') return new Set();
  let fields = known.get(dto);
  if (!fields) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
    fields = new Set(metadatas.filter((m) => m.name === IS_ARRAY).map((m) => m.propertyName));
    known.set(dto, fields);
  }
  return fields;
}
