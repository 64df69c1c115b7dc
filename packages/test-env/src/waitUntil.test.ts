import { waitUntil } from './waitUntil';

describe('waitUntil', () => {
  it('resolves with the first settled value, skipping undefined, null, false and errors', async () => {
    const answers = [undefined, null, false, new Error('not yet'), 0];
    let calls = 0;
    const value = await waitUntil(
      () => {
        const answer = answers[calls++];
        if (answer instanceof Error) throw answer;
        return answer;
      },
      { description: 'a number', intervalMs: 1 },
    );
    expect(value).toBe(0);
    expect(calls).toBe(5);
  });

  it('with `until`, resolves with the first value the predicate accepts', async () => {
    let n = 0;
    const value = await waitUntil(async () => ++n, {
      description: 'three',
      intervalMs: 1,
      until: v => v >= 3,
    });
    expect(value).toBe(3);
  });

  it('fails at the deadline with the description and the last value', async () => {
    let n = 0;
    await expect(
      waitUntil(() => ({ phase: 'Progressing', tick: ++n }), {
        description: 'the rollout to succeed',
        timeoutMs: 50,
        intervalMs: 5,
        until: s => s.phase === 'Succeeded',
      }),
    ).rejects.toThrow(
      /^Timed out after \d+ ms \(\d+ checks\) waiting for the rollout to succeed; last value: \{ phase: 'Progressing', tick: \d+ \}$/,
    );
  });

  it('fails at the deadline with the last error when the check keeps throwing', async () => {
    await expect(
      waitUntil(
        () => {
          throw new Error('connection refused');
        },
        { description: 'the server', timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(
      /waiting for the server; last error: connection refused$/,
    );
  });

  it('does not wait past the deadline for a check that hangs', async () => {
    const started = Date.now();
    await expect(
      waitUntil(() => new Promise<boolean>(() => {}), {
        description: 'a hung call',
        timeoutMs: 50,
      }),
    ).rejects.toThrow(
      /waiting for a hung call; the last check was still running; no check finished$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
