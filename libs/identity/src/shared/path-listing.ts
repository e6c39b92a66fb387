import type { Queryable } from '@iam/event-store';
import { readPage, type Page, type PageRequest } from '@iam/service-kit';
import { validatePathPrefix } from './iam-names';

/** A table of named entities with paths (users, groups, roles) and its name-key column, the sort order. */
export interface PathListedTable<Key extends string> {
  table: string;
  nameKey: Key;
}

/** ListUsers, ListGroups, ListRoles: the account's entities under a path prefix (`/` by default), by name. */
export function listByPath<Key extends string, Row extends Record<Key, string>, View>(
  db: Queryable,
  { table, nameKey }: PathListedTable<Key>,
  accountId: string,
  request: PageRequest & { pathPrefix?: string },
  view: (row: Row) => View,
): Promise<Page<View>> {
  const pathPrefix = request.pathPrefix ?? '/';
  validatePathPrefix(pathPrefix);
  return readPage(
    request,
    (after, limit) =>
      db.query<Row>(
        `SELECT * FROM ${table}
          WHERE account_id = $1 AND starts_with(path, $2) AND ${nameKey} > $3
          ORDER BY ${nameKey} LIMIT $4`,
        [accountId, pathPrefix, after, limit],
      ),
    (row) => row[nameKey],
    view,
  );
}
