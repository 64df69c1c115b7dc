import { LoadTester, startLoadTester } from './loadTester';

describe('startLoadTester', () => {
  let loadTester: LoadTester;
  beforeAll(async () => {
    loadTester = await startLoadTester();
  });
  afterAll(() => loadTester.close());

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${loadTester.url}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return [response.status, await response.text()];
  };
  const canary = {
    name: 'podinfo',
    namespace: 'test',
    phase: 'Progressing',
    checksum: 'x',
  };

  it('accepts cmd tasks once per canary and command, without waiting', async () => {
    const task = {
      ...canary,
      metadata: { cmd: 'hey -z 1m http://podinfo-canary.test:9898/' },
    };
    expect(await post('/', task)).toEqual([202, 'Accepted']);
    expect(await post('/', task)).toEqual([202, 'Accepted']);
    expect(
      await post('/', { ...task, metadata: { ...task.metadata, type: 'cmd' } }),
    ).toEqual([202, 'Accepted']);
    expect(loadTester.commands).toEqual([
      'hey -z 1m http://podinfo-canary.test:9898/',
    ]);
  });

  it('runs bash tasks and answers their outcome', async () => {
    expect(
      await post('/', {
        ...canary,
        metadata: { type: 'bash', cmd: 'echo hello' },
      }),
    ).toEqual([200, 'hello\n']);
    expect(
      await post('/', {
        ...canary,
        metadata: { type: 'bash', cmd: 'echo no >&2; exit 1' },
      }),
    ).toEqual([500, 'command echo no >&2; exit 1 failed: no\n']);
  });

  it('refuses payloads without metadata or cmd', async () => {
    expect(await post('/', canary)).toEqual([
      400,
      'metadata not found in payload',
    ]);
    expect(await post('/', { ...canary, metadata: { type: 'bash' } })).toEqual([
      400,
      'cmd not found in metadata',
    ]);
  });

  it('keeps gates and rollback gates per canary, closed at first', async () => {
    expect(await post('/gate/approve', canary)).toEqual([200, 'Approved']);
    expect(await post('/gate/halt', canary)).toEqual([403, 'Forbidden']);
    expect((await post('/gate/check', canary))[0]).toBe(403);
    expect(await post('/gate/open', canary)).toEqual([202, 'Gate opened']);
    expect((await post('/gate/check', canary))[0]).toBe(200);
    expect((await post('/gate/check', { ...canary, name: 'other' }))[0]).toBe(
      403,
    );
    expect(loadTester.isOpen('gate', 'podinfo', 'test')).toBe(true);
    expect(await post('/gate/close', canary)).toEqual([202, 'Gate closed']);
    expect((await post('/gate/check', canary))[0]).toBe(403);

    expect((await post('/rollback/check', canary))[0]).toBe(403);
    await post('/rollback/open', canary);
    expect(await post('/rollback/check', canary)).toEqual([200, 'Approved']);
    await post('/rollback/close', canary);
    expect((await post('/rollback/check', canary))[0]).toBe(403);
  });
});
