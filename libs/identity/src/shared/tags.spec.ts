import { applyTags, matchingTagKeys, removeTags, tagsUnchanged, validateTags } from './tags';

describe('tags', () => {
  it('accepts the AWS character set, unicode letters and an empty value', () => {
    expect(() =>
      validateTags([
        { key: 'Cost Center', value: '' },
        { key: 'ünïcode_.:/=+-@1', value: 'x y' },
      ]),
    ).not.toThrow();
  });

  it('applies tags, replacing case-insensitive matches', () => {
    const existing = [
      { key: 'Team', value: 'a' },
      { key: 'Env', value: 'prod' },
    ];
    expect(applyTags(existing, [{ key: 'team', value: 'b' }])).toEqual([
      { key: 'Env', value: 'prod' },
      { key: 'team', value: 'b' },
    ]);
    expect(tagsUnchanged(existing, [{ key: 'Team', value: 'a' }])).toBe(true);
    expect(tagsUnchanged(existing, [{ key: 'Team', value: 'b' }])).toBe(false);
  });

  it('removes tags case-insensitively', () => {
    const existing = [{ key: 'Team', value: 'a' }];
    expect(matchingTagKeys(existing, ['team', 'x'])).toEqual(['Team']);
    expect(removeTags(existing, ['TEAM'])).toEqual([]);
  });

  it('answers LimitExceeded past 50 tags', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(applyTags(fifty.slice(1), [fifty[0]])).toHaveLength(50);
    expect(() => applyTags(fifty, [{ key: 'more', value: '' }])).toThrow(
      expect.objectContaining({ code: 'LimitExceeded' }),
    );
  });
});
