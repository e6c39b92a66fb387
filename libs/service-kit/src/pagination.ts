import { IamError } from '@iam/contracts';

/** A page of a list, as AWS answers: `isTruncated` and an opaque `marker` for the next call. */
export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

export interface PageRequest {
  marker?: string;
  maxItems?: number;
}

/** AWS's MaxItems: 1–1000, default 100. */
export function pageSize(maxItems: number | undefined): number {
  if (maxItems === undefined) return 100;
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  return maxItems;
}

/** The marker is the sort key of the last item returned, opaque to the caller. */
export function encodeMarker(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string | undefined): string {
  if (marker === undefined || marker === '') return '';
  const decoded = Buffer.from(marker, 'base64url').toString('utf8');
  if (encodeMarker(decoded) !== marker) {
    throw new IamError(
      'ValidationError',
      'Invalid value for marker: it must be a marker returned by a previous list call.',
    );
  }
  return decoded;
}

/** Turns `limit + 1` fetched rows into a page. */
export function toPage<T>(rows: T[], limit: number, sortKey: (item: T) => string): Page<T> {
  const isTruncated = rows.length > limit;
  const items = isTruncated ? rows.slice(0, limit) : rows;
  return isTruncated
    ? { items, isTruncated, marker: encodeMarker(sortKey(items[items.length - 1])) }
    : { items, isTruncated };
}

/**
 * A list read one page at a time in sort-key order: MaxItems checked, the
 * marker decoded, and one row more fetched than asked for (`fetch` gets that
 * limit) to know whether more follow. `fetch` answers as a query does.
 */
export async function readPage<Row, View>(
  request: PageRequest,
  fetch: (after: string, limit: number) => Promise<{ rows: Row[] }>,
  sortKey: (row: Row) => string,
  view: (row: Row) => View,
): Promise<Page<View>> {
  const limit = pageSize(request.maxItems);
  const { rows } = await fetch(decodeMarker(request.marker), limit + 1);
  const page = toPage(rows, limit, sortKey);
  return { ...page, items: page.items.map((row) => view(row)) };
}
