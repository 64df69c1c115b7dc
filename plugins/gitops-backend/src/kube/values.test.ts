import { cloneJson } from './values';

describe('cloneJson', () => {
  it('copies every level, so changing the copy leaves the original alone', () => {
    const original = {
      metadata: { labels: { app: 'web' } },
      spec: { ports: [{ port: 80 }], replicas: 2, paused: false, note: null },
    };
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.app = 'api';
    copy.spec.ports[0].port = 8080;
    copy.spec.ports.push({ port: 443 });
    expect(original).toEqual({
      metadata: { labels: { app: 'web' } },
      spec: { ports: [{ port: 80 }], replicas: 2, paused: false, note: null },
    });
  });

  it('keeps a parsed __proto__ key as data and leaves the prototype alone', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const copy = cloneJson(hostile);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(hostile));
  });

  it('gives what a JSON round trip gives', () => {
    const value = {
      kept: 1,
      gone: undefined,
      list: [1, undefined, { at: new Date(0) }],
    };
    expect(cloneJson(value)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(cloneJson(value))).toEqual(['kept', 'list']);
  });

  it('returns scalars as they are', () => {
    expect(cloneJson('text')).toBe('text');
    expect(cloneJson(3)).toBe(3);
    expect(cloneJson(null)).toBeNull();
  });
});
