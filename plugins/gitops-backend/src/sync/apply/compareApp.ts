import { createHash } from 'node:crypto';
import { KubernetesObject } from '@internal/plugin-gitops-node';
import { diffResource, ResourceDiff } from '../diff';
import { ClusterApi } from '../../kube/ClusterApi';
import { refOf } from '../../kube/objectId';
import { PreparedObject } from './prepareManifests';

/** One desired object next to its live counterpart. */
export interface ComparedObject extends PreparedObject {
  live?: KubernetesObject;
  /** What the API server would make of the desired object (SSA dry run). */
  dryRun: KubernetesObject;
  diff: ResourceDiff;
}

/**
 * Remembers dry-run results per object so an unchanged app, whose desired
 * object and live resourceVersion are both as before, compares with no API
 * request at all; live objects come from the watch cache.
 */
export class DryRunCache {
  readonly #entries = new Map<string, { key: string; result: CachedCompare }>();

  get(id: string, key: string) {
    const entry = this.#entries.get(id);
    return entry?.key === key ? entry.result : undefined;
  }

  set(id: string, key: string, result: CachedCompare) {
    this.#entries.set(id, { key, result });
  }

  forget(prefix: string) {
    for (const id of this.#entries.keys()) {
      if (id.startsWith(prefix)) this.#entries.delete(id);
    }
  }
}

/** A dry run and the diff it gave; both depend only on the cache key. */
interface CachedCompare {
  dryRun: KubernetesObject;
  diff: ResourceDiff;
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
        let compared = cache.get(cacheId, key);
        if (!compared) {
          const dryRun = await dryRunOrDesired(cluster, object);
          compared = { dryRun, diff: diffResource(dryRun, live) };
          cache.set(cacheId, key, compared);
        }
        return { ...prepared, live, ...compared };
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
