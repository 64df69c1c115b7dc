import { createHash } from 'node:crypto';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { diffResource, ResourceDiff } from '../diff';
import { ClusterApi } from '../../kube/ClusterApi';
import { refOf } from '../../kube/objectId';
import { PreparedObject } from './prepareManifests';

/** What a comparison found, without the compared copies of both sides. */
export type ComparedDiff = Omit<ResourceDiff, 'desired' | 'live'>;

/** One desired object next to its live counterpart. */
export interface ComparedObject extends PreparedObject {
  /** The watch cache's object: frozen, shared. */
  live?: KubernetesObject;
  diff: ComparedDiff;
}

/** Objects whose last comparison a cache remembers, by default. */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * Remembers each object's last comparison so an unchanged app, whose
 * desired object and live version are both as before, compares with no API
 * request at all; live objects come from the watch cache. One entry per
 * object (the newest comparison replaces the older), holding only the
 * outcome and the diff text, never copies of either object; the least
 * recently used go first past `maxEntries`, so objects of removed apps do
 * not stay forever.
 */
export class DryRunCache {
  readonly #entries = new Map<string, { key: string; diff: ComparedDiff }>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The comparison of object `id` if it was made from the same inputs (`key`). */
  get(id: string, key: string): ComparedDiff | undefined {
    const entry = this.#entries.get(id);
    if (entry?.key !== key) return undefined;
    // Map order is the recency order.
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.diff;
  }

  set(id: string, key: string, diff: ComparedDiff): void {
    this.#entries.delete(id);
    this.#entries.set(id, { key, diff });
    if (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }
}

/**
 * The outcome of a comparison without the two normalized objects; an
 * OutOfSync one keeps them only until its diff text is first read.
 */
function withoutCopies(full: ResourceDiff): ComparedDiff {
  let source: ResourceDiff | undefined =
    full.syncStatus === 'OutOfSync' ? full : undefined;
  let text = '';
  return {
    syncStatus: full.syncStatus,
    action: full.action,
    changedPaths: full.changedPaths,
    get diff() {
      if (source) {
        text = source.diff;
        source = undefined;
      }
      return text;
    },
  };
}

const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * What a dry run's result depends on in the live object. Controllers update
 * status all the time without touching what we apply; for kinds with a
 * generation, spec changes bump it and metadata is hashed, so status-only
 * updates keep the cached dry run. Kinds without one fall back to the
 * resourceVersion.
 */
function liveVersion(live: KubernetesObject | undefined): string {
  if (!live) return '-';
  const { generation, labels, annotations, resourceVersion } =
    live.metadata as {
      generation?: number;
      labels?: unknown;
      annotations?: unknown;
      resourceVersion?: string;
    };
  if (generation === undefined) return `rv${resourceVersion}`;
  return `g${generation}:${hash([labels, annotations])}`;
}

/**
 * Compares every regular (non-hook) object with the cluster. A dry run that
 * fails because the kind does not exist yet (its CRD comes in this sync)
 * compares the desired object itself, as Argo CD skips such dry runs.
 */
export async function compareApp(
  cluster: ClusterApi,
  objects: PreparedObject[],
  cache: DryRunCache,
  cachePrefix: string,
): Promise<ComparedObject[]> {
  return Promise.all(
    objects
      .filter(o => !o.hook)
      .map(async prepared => {
        const { object } = prepared;
        const live = await cluster.getLive(refOf(object));
        const key = `${hash(object)}@${liveVersion(live)}`;
        const cacheId = `${cachePrefix}${prepared.id}`;
        let diff = cache.get(cacheId, key);
        if (!diff) {
          const dryRun = await dryRunOrDesired(cluster, object);
          diff = withoutCopies(diffResource(dryRun, live));
          cache.set(cacheId, key, diff);
        }
        return { ...prepared, live, diff };
      }),
  );
}

const isUnknownKind = (error: unknown) =>
  /no matches for kind|unknown kind|could not find the requested resource|is not served|namespaces? "[^"]*" not found/i.test(
    String((error as Error)?.message),
  );

async function dryRunOrDesired(
  cluster: ClusterApi,
  object: KubernetesObject,
): Promise<KubernetesObject> {
  try {
    return await cluster.apply(object, { dryRun: true });
  } catch (error) {
    if (isUnknownKind(error)) return object;
    throw error;
  }
}
