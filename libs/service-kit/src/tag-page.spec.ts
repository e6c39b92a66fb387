import { tagPage } from './tag-page';

describe('tagPage (ListUserTags, ListRoleTags)', () => {
  const tags = [
    { key: 'team', value: 'ops' },
    { key: 'Cost', value: '42' },
    { key: 'env', value: 'prod' },
  ];

  it('answers every tag in key order when they fit', () => {
    expect(tagPage(tags, {})).toEqual({
      items: [
        { key: 'Cost', value: '42' },
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'ops' },
      ],
      isTruncated: false,
    });
  });

  it('pages with maxItems, and the marker continues after the last key', () => {
    const first = tagPage(tags, { maxItems: 2 });
    expect(first.items.map((t) => t.key)).toEqual(['Cost', 'env']);
    expect(first.isTruncated).toBe(true);
    const rest = tagPage(tags, { maxItems: 2, marker: first.marker });
    expect(rest).toEqual({ items: [{ key: 'team', value: 'ops' }], isTruncated: false });
  });

  it('refuses a marker it did not hand out and a maxItems out of 1-1000', () => {
    expect(() => tagPage(tags, { marker: 'not a marker!' })).toThrow(/marker/);
    expect(() => tagPage(tags, { maxItems: 0 })).toThrow(/between 1 and 1000/);
  });
});
