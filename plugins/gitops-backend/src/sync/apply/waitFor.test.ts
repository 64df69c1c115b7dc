import { waitFor } from './waitFor';

describe('waitFor', () => {
  it('returns the first value the check gives, looking again until then', async () => {
    const answers = [undefined, undefined, 'ready'];
    let checks = 0;
    const value = await waitFor(async () => answers[checks++], {
      timeoutMs: 5_000,
      intervalMs: 1,
      what: 'the answer',
    });
    expect(value).toBe('ready');
    expect(checks).toBe(3);
  });

  it('fails after the deadline, naming what it waited for', async () => {
    let checks = 0;
    await expect(
      waitFor(
        async () => {
          checks++;
          return undefined;
        },
        { timeoutMs: 20, intervalMs: 1, what: 'Godot' },
      ),
    ).rejects.toThrow('Timed out after 0.02s waiting for Godot');
    expect(checks).toBeGreaterThan(1);
  });
});
