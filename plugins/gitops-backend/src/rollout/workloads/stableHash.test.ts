import { fnv32aHex, stableJson } from './stableHash';

describe('stableHash', () => {
  it('computes FNV-1a 32-bit hashes (published test vectors)', () => {
    expect(fnv32aHex('')).toBe('811c9dc5');
    expect(fnv32aHex('a')).toBe('e40c292c');
    expect(fnv32aHex('foobar')).toBe('bf9cf968');
  });

  it('serializes objects with sorted keys at every level, arrays in order', () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});
