/**
 * Runs at most one task per app at a time, and at most `concurrency` tasks
 * overall. A task asked for while the app's task runs is queued behind it;
 * background refreshes asked for twice collapse into one.
 */
export class AppQueue {
  readonly #running = new Map<string, Promise<unknown>>();
  readonly #pendingRefresh = new Set<string>();
  #active = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(private readonly concurrency = 10) {}

  /** Runs `task` after the app's current one; resolves with its result. */
  run<T>(appKey: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#running.get(appKey) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.#withSlot(task));
    // The chain link never rejects: the caller handles `next`'s failure.
    const tracked: Promise<void> = next.then(
      () => this.#release(appKey, tracked),
      () => this.#release(appKey, tracked),
    );
    this.#running.set(appKey, tracked);
    return next;
  }

  #release(appKey: string, link: Promise<void>) {
    if (this.#running.get(appKey) === link) this.#running.delete(appKey);
  }

  /** Queues a background task unless one is already waiting for this app. */
  refresh(appKey: string, task: () => Promise<unknown>): void {
    if (this.#pendingRefresh.has(appKey)) return;
    this.#pendingRefresh.add(appKey);
    this.run(appKey, () => {
      this.#pendingRefresh.delete(appKey);
      return task();
    }).catch(() => undefined);
  }

  /** Resolves when nothing runs. */
  async idle(): Promise<void> {
    while (this.#running.size) {
      await Promise.allSettled([...this.#running.values()]);
    }
  }

  async #withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) {
      await new Promise<void>(resolve => this.#waiters.push(resolve));
    }
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiters.shift()?.();
    }
  }
}
