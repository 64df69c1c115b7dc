import { AppQueue } from './AppQueue';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>(r => (resolve = r));
  return { promise, resolve };
};

describe('AppQueue', () => {
  it('never runs two tasks of one app at once', async () => {
    const queue = new AppQueue();
    const order: string[] = [];
    const first = deferred();
    const a = queue.run('app', async () => {
      order.push('a-start');
      await first.promise;
      order.push('a-end');
    });
    const b = queue.run('app', async () => {
      order.push('b');
    });
    // Another app's task, asked for after b, runs at once: had b been free
    // to start, it would have started before it.
    const other = queue.run('other', async () => {
      order.push('other');
    });
    await other;
    expect(order).toEqual(['a-start', 'other']);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a-start', 'other', 'a-end', 'b']);
  });

  it('runs different apps side by side within the concurrency limit', async () => {
    const queue = new AppQueue(2);
    const keys = ['a', 'b', 'c', 'd'];
    const started = Object.fromEntries(keys.map(k => [k, deferred()]));
    const release = Object.fromEntries(keys.map(k => [k, deferred()]));
    let running = 0;
    let peak = 0;
    const all = Promise.all(
      keys.map(k =>
        queue.run(k, async () => {
          running++;
          peak = Math.max(peak, running);
          started[k].resolve();
          await release[k].promise;
          running--;
        }),
      ),
    );
    await Promise.all([started.a.promise, started.b.promise]);
    expect(running).toBe(2);
    // A slot frees only when a task ends: c starts after a, d after b.
    release.a.resolve();
    await started.c.promise;
    expect(running).toBe(2);
    release.b.resolve();
    await started.d.promise;
    release.c.resolve();
    release.d.resolve();
    await all;
    expect(peak).toBe(2);
  });

  it('collapses refreshes that wait for the same app', async () => {
    const queue = new AppQueue();
    const gate = deferred();
    let refreshes = 0;
    const refresh = async () => {
      refreshes++;
    };
    const busy = queue.run('app', () => gate.promise);
    for (let i = 0; i < 5; i++) queue.refresh('app', refresh);
    gate.resolve();
    await busy;
    await queue.idle();
    expect(refreshes).toBe(1);
  });

  it('keeps going after a failed task', async () => {
    const queue = new AppQueue();
    await expect(
      queue.run('app', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(queue.run('app', async () => 'ok')).resolves.toBe('ok');
  });
});
