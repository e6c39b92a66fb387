import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level by code unit and leaves undefined members out', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [2, { z: true, y: null }], c: undefined }, B: 'x', '10': 0, '9': 1 }),
    ).toBe('{"10":0,"9":1,"B":"x","a":{"d":[2,{"y":null,"z":true}]},"b":1}');
  });

  it('writes strings and numbers as JSON does, and array elements without JSON as empty (as join does)', () => {
    expect(canonicalJson({ s: 'é"\n\u2028', n: NaN, i: 1.5 })).toBe(
      JSON.stringify({ i: 1.5, n: NaN, s: 'é"\n\u2028' }),
    );
    expect(canonicalJson([undefined, null, 1])).toBe('[,null,1]');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('gives the same text whatever order the keys were written in', () => {
    const one = { topic: 't', event: { payload: { x: [1, 2], a: 'b' }, eventId: 'e' } };
    const other = { event: { eventId: 'e', payload: { a: 'b', x: [1, 2] } }, topic: 't' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });
});
