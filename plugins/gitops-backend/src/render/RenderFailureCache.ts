import { GitSourceError } from '@slipway/plugin-gitops-node';
import { RenderError } from './RenderError';

/** What a render depends on: the same key always renders the same way. */
export interface RenderKey {
  repo: string;
  sha: string;
  path: string;
  namespace: string;
}

/** A failure that the same commit, path and namespace would always repeat. */
export function isPermanentRenderFailure(error: unknown): boolean {
  if (error instanceof RenderError) return true;
  return (
    error instanceof GitSourceError &&
    ['refused', 'too-large', 'path-not-found'].includes(error.reason)
  );
}

/**
 * Remembers why (repository, commit, path, namespace) failed to render, so
 * a hostile file costs its parse once per commit instead of once per
 * reconcile. Only permanent failures are kept (RenderErrors, and git
 * refusals and caps on the tree); transient ones such as a git timeout are
 * not. Bounded: the oldest entry goes first.
 */
export class RenderFailureCache {
  private readonly failures = new Map<string, Error>();

  constructor(private readonly maxEntries = 1000) {}

  private static keyOf(key: RenderKey): string {
    return JSON.stringify([key.repo, key.sha, key.path, key.namespace]);
  }

  /** The failure remembered for this key, if any. */
  get(key: RenderKey): Error | undefined {
    return this.failures.get(RenderFailureCache.keyOf(key));
  }

  /**
   * Runs `render` unless this key failed before (then rethrows that
   * failure); remembers a permanent failure it throws.
   */
  async render<T>(key: RenderKey, render: () => Promise<T>): Promise<T> {
    const known = this.get(key);
    if (known) throw known;
    try {
      return await render();
    } catch (error) {
      if (isPermanentRenderFailure(error)) this.remember(key, error as Error);
      throw error;
    }
  }

  private remember(key: RenderKey, error: Error): void {
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
