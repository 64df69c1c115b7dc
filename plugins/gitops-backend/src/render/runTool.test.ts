import os from 'node:os';
import { runTool } from './runTool';

const base = { cwd: os.tmpdir(), installHint: 'install it' };

describe('runTool', () => {
  it('returns stdout of a successful run', async () => {
    await expect(
      runTool({ ...base, binary: 'echo', args: ['hello'] }),
    ).resolves.toBe('hello\n');
  });

  it('explains a missing binary', async () => {
    await expect(
      runTool({
        ...base,
        binary: '/nonexistent/bin/kustomize',
        args: ['build'],
      }),
    ).rejects.toThrow(
      'kustomize is not installed on the Slipway backend; install it',
    );
  });

  it('stops a tool that runs too long', async () => {
    const started = Date.now();
    await expect(
      runTool({ ...base, binary: 'sleep', args: ['10'], timeoutMs: 200 }),
    ).rejects.toThrow('sleep did not finish within 0.2 s and was stopped');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops a tool whose output exceeds the cap', async () => {
    await expect(
      runTool({ ...base, binary: 'yes', args: [], maxOutputBytes: 10_000 }),
    ).rejects.toThrow('yes output exceeded the 10000-byte cap and was stopped');
  });

  it('stops a tool when the render is cancelled', async () => {
    const controller = new AbortController();
    const run = runTool({
      ...base,
      binary: 'sleep',
      args: ['10'],
      signal: controller.signal,
    });
    controller.abort();
    await expect(run).rejects.toThrow('sleep was cancelled and was stopped');
  });

  it('reports stderr of a failing tool, and gives it no backend secrets', async () => {
    process.env.SLIPWAY_TEST_SECRET = 'do-not-leak';
    try {
      await expect(
        runTool({
          ...base,
          binary: 'sh',
          args: ['-c', 'echo "secret=$SLIPWAY_TEST_SECRET" >&2; exit 3'],
        }),
      ).rejects.toThrow(/^sh failed: secret=$/);
    } finally {
      delete process.env.SLIPWAY_TEST_SECRET;
    }
  });
});
