import { firstJsonPathValue, parseJsonPath } from './jsonPath';

const body = {
  data: {
    ok: true,
    successPercent: 0.95,
    'a.b': 'dotted',
    nested: { 'a.b': 'split' },
  },
  results: { ok: 'true' },
  items: [{ x: 1 }, { x: 2 }, { x: 3 }],
  empty: [],
  nothing: null,
};

function first(template: string, data: unknown = body) {
  const parsed = parseJsonPath(template);
  if (parsed.error !== undefined) throw new Error(parsed.error);
  return firstJsonPathValue(parsed.template, data);
}

describe('Kubernetes JSONPath, as the web metric reads it', () => {
  it('walks fields', () => {
    expect(first('{$.data.ok}')).toEqual({ value: true });
    expect(first('{.data.successPercent}')).toEqual({ value: 0.95 });
    expect(first('{$.data}')).toEqual({ value: body.data });
    expect(first('{$}')).toEqual({ value: body });
    expect(first('{$.results.ok}')).toEqual({ value: 'true' });
    expect(first('{$.nothing}')).toEqual({ value: null });
  });

  it("reads ['key'] as Kubernetes does (a dot inside splits it)", () => {
    expect(first("{$['data']['ok']}")).toEqual({ value: true });
    expect(first("{$.data['nested']}")).toEqual({ value: body.data.nested });
    expect(first("{$['data.ok']}")).toEqual({ value: true });
  });

  it('indexes and slices arrays', () => {
    expect(first('{$.items[0].x}')).toEqual({ value: 1 });
    expect(first('{$.items[-1].x}')).toEqual({ value: 3 });
    expect(first('{$.items[1:].x}')).toEqual({ value: 2 });
    expect(first('{$.items[0,2].x}')).toEqual({ value: 1 });
  });

  it('takes the first of several values, as Argo does', () => {
    expect(first('{$.items[*].x}')).toEqual({ value: 1 });
    expect(first('{$.data.*}')).toEqual({ value: true });
    expect(first('{$..x}')).toEqual({ value: 1 });
  });

  it("reports what is missing in the Kubernetes parser's words", () => {
    expect(first('{$.data.missing}')).toEqual({
      error: 'Could not find JSONPath in body: missing is not found',
    });
    expect(first('{$.nothing.x}')).toEqual({
      error: 'Could not find JSONPath in body: x is not found',
    });
    expect(first('{$.items[5]}')).toEqual({
      error:
        'Could not find JSONPath in body: array index out of bounds: index 5, length 3',
    });
    expect(first('{$.data[0]}')).toEqual({
      error:
        'Could not find JSONPath in body: map[string]interface {} is not array or slice',
    });
    expect(first('{$.empty[*]}')).toEqual({
      error: 'result of web metric produced no value',
    });
  });

  it('keeps the text around expressions (the first part wins)', () => {
    expect(first('ok: {$.data.ok}')).toEqual({ value: 'ok: ' });
  });

  it('refuses what it does not support, and bad syntax', () => {
    expect(parseJsonPath('{$.items[?(@.x > 1)]}')).toEqual({
      error: 'filters ([?(…)]) are not supported',
    });
    expect(parseJsonPath('{range .items[*]}{.x}{end}')).toEqual({
      error: 'identifiers (range, end, true, false) are not supported',
    });
    expect(parseJsonPath('{$.items[a]}')).toEqual({
      error: 'invalid array index a',
    });
    expect(parseJsonPath('{$.items[0}')).toEqual({
      error: 'unterminated array',
    });
    expect(parseJsonPath('{$.a')).toEqual({ error: 'unclosed action' });
    expect(parseJsonPath('{$..a..b}').error).toBeUndefined();
    expect(parseJsonPath('{$....a}')).toEqual({
      error: 'invalid multiple recursive descent',
    });
  });
});
