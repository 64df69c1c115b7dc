import {
  escapePointerToken,
  parseJsonPointer,
  removeAtPointer,
} from './jsonPointer';

describe('JSON pointers', () => {
  it('parses RFC 6901 escapes', () => {
    expect(parseJsonPointer('/metadata/annotations/example.com~1a~0b')).toEqual(
      ['metadata', 'annotations', 'example.com/a~b'],
    );
    expect(escapePointerToken('example.com/a~b')).toBe('example.com~1a~0b');
    expect(parseJsonPointer('')).toEqual([]);
  });

  it('rejects pointers without a leading slash', () => {
    expect(() => parseJsonPointer('spec/replicas')).toThrow(
      'Invalid JSON pointer "spec/replicas": must start with "/"',
    );
  });

  it('removes map keys and array items, ignoring absent paths', () => {
    const doc = { spec: { replicas: 3, list: ['a', 'b', 'c'] } };
    removeAtPointer(doc, '/spec/replicas');
    removeAtPointer(doc, '/spec/list/1');
    removeAtPointer(doc, '/spec/list/9');
    removeAtPointer(doc, '/spec/missing/deeper');
    removeAtPointer(doc, '');
    expect(doc).toEqual({ spec: { list: ['a', 'c'] } });
  });
});
