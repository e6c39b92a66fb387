import { IamError } from '@iam/contracts';
import { encodeMarker, readPage } from './pagination';

describe('readPage', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  // A sorted table read as a keyset query would: rows after the marker's key, at most `limit`.
  const fetch = jest.fn(async (after: string, limit: number) => ({
    rows: names.filter((n) => n > after).slice(0, limit),
  }));

  beforeEach(() => fetch.mockClear());

  it('fetches one row more than MaxItems, from after the marker, and maps the page', async () => {
    const first = await readPage(
      { maxItems: 2 },
      fetch,
      (n) => n,
      (n) => n.toUpperCase(),
    );
    expect(fetch).toHaveBeenLastCalledWith('', 3);
    expect(first).toEqual({ items: ['A', 'B'], isTruncated: true, marker: encodeMarker('b') });

    const last = await readPage(
      { maxItems: 3, marker: first.marker },
      fetch,
      (n) => n,
      (n) => n,
    );
    expect(fetch).toHaveBeenLastCalledWith('b', 4);
    expect(last).toEqual({ items: ['c', 'd', 'e'], isTruncated: false });
  });

  it('refuses MaxItems out of 1-1000 and a marker it did not issue, before reading', async () => {
    await expect(
      readPage(
        { maxItems: 0 },
        fetch,
        (n) => n,
        (n) => n,
      ),
    ).rejects.toBeInstanceOf(IamError);
    await expect(
      readPage(
        { marker: 'not a marker!' },
        fetch,
        (n) => n,
        (n) => n,
      ),
    ).rejects.toThrow(/Invalid value for marker/);
    expect(fetch).not.toHaveBeenCalled();
  });
});
