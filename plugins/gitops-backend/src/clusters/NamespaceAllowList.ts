import { NotAllowedError } from '@backstage/errors';

/**
 * The namespaces a cluster accepts apps into. `['*']` allows every namespace;
 * an empty list allows none, which is also what a cluster without a
 * `namespaces` entry gets: delivering everywhere must be asked for.
 */
export class NamespaceAllowList {
  readonly allowsAll: boolean;
  readonly namespaces: readonly string[];

  constructor(entries: readonly string[]) {
    this.allowsAll = entries.includes('*');
    this.namespaces = this.allowsAll ? ['*'] : [...new Set(entries)];
  }

  allows(namespace: string): boolean {
    return this.allowsAll || this.namespaces.includes(namespace);
  }

  describe(): string {
    return this.namespaces.length
      ? this.namespaces.join(', ')
      : 'none; set slipway.clusters[].namespaces, or [\'*\'] for all';
  }

  /** Throws a NotAllowedError naming the namespace, cluster and what is allowed. */
  check(namespace: string, cluster: string): void {
    if (this.allows(namespace)) return;
    throw new NotAllowedError(
      `Namespace '${namespace}' is not allowed on cluster '${cluster}' (allowed: ${this.describe()})`,
    );
  }
}
