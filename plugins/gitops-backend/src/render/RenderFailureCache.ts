import { RenderError } from './RenderError';

/** What a render depends on: the same key always renders the same way. */
export interface RenderKey {
  repo: string;
  sha: string;
  path: string;
  namespace: string;
}

/**
 * Remembers the RenderErrors of (repository, commit, path, namespace), so a
 * hostile file costs its parse once per commit instead of once per
 * reconcile. Only RenderErrors are kept (they depend on the commit alone);
 * transient failures such as a git timeout are not. Bounded: the oldest
 * entry goes first.
 */
export class RenderFailureCache {
  private readonly failures = new Map<string, RenderError>();

  constructor(private readonly maxEntries = 1000) {}

  private static keyOf(key: RenderKey): string {
    return JSON.stringify([key.repo, key.sha, key.path, key.namespace]);
  }

  /** The failure remembered for this key, if any. */
  get(key: RenderKey): RenderError | undefined {
    return this.failures.get(RenderFailureCache.keyOf(key));
  }

  /**
   * Runs `render` unless this key failed before (then rethrows that
   * failure); remembers a RenderError it throws.
   */
  async render<T>(key: RenderKey, render: () => Promise<T>): Promise<T> {
    const known = this.get(key);
    if (known) throw known;
    try {
      return await render();
    } catch (error) {
      if (error instanceof RenderError) this.remember(key, error);
      throw error;
    }
  }

  private remember(key: RenderKey, error: RenderError): void {
    const id = RenderFailureCache.keyOf(key);
    this.failures.delete(id);
    this.failures.set(id, error);
    while (this.failures.size > this.maxEntries) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }

  get size(): number {
    return this.failures.size;
  }
}
