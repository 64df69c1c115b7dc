import { goFloatF, goFloatV, goJson } from './goFormat';

// Expected values printed by Go 1.23 (strconv.FormatFloat, fmt %v, encoding/json).
describe('Go formatting', () => {
  it.each([
    [0, '0', '0', '0'],
    [3, '3', '3', '3'],
    [0.5, '0.5', '0.5', '0.5'],
    [123456, '123456', '123456', '123456'],
    [1234567, '1234567', '1.234567e+06', '1234567'],
    [1e6, '1000000', '1e+06', '1000000'],
    [1e20, '100000000000000000000', '1e+20', '100000000000000000000'],
    [1e21, '1000000000000000000000', '1e+21', '1e+21'],
    [1e-4, '0.0001', '0.0001', '0.0001'],
    [1e-5, '0.00001', '1e-05', '0.00001'],
    [1.5e-7, '0.00000015', '1.5e-07', '1.5e-7'],
    [-0, '-0', '-0', '-0'],
  ])('%p prints as Go prints it', (n, f, v, json) => {
    expect(goFloatF(n)).toBe(f);
    expect(goFloatV(n)).toBe(v);
    expect(goJson(n)).toBe(json);
  });

  it('prints NaN and infinities as Prometheus values', () => {
    expect([NaN, Infinity, -Infinity].map(goFloatF)).toEqual([
      'NaN',
      '+Inf',
      '-Inf',
    ]);
  });

  it("marshals JSON as Go's encoder: sorted keys, HTML escaped", () => {
    expect(goJson({ b: 1, a: '<x&y>\u2028' })).toBe(
      '{"a":"\\u003cx\\u0026y\\u003e\\u2028","b":1}',
    );
    expect(goJson([true, null, 'a', { z: [] }])).toBe(
      '[true,null,"a",{"z":[]}]',
    );
  });
});
