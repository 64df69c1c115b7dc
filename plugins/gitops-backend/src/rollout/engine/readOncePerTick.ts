import type {
  KubernetesObject,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { cloneJson } from '../../kube/values';

type Ref = { kind?: string; namespace?: string; name?: string };

/** The object whatever its API version: a write under one version changes them all. */
const objectKey = (ref: Ref) =>
  `${ref.kind}|${ref.namespace ?? ''}|${ref.name ?? ''}`;

const copy = (object: KubernetesObject | undefined) =>
  object && cloneJson(object);

/**
 * The cluster as one tick sees it: each object is read from the API server
 * at most once, and what the tick writes replaces what it read. A tick reads
 * the target in several steps and the routing object before each write;
 * asking the API server again within the same tick costs requests and says
 * nothing new. Callers get copies, so one that edits an object edits no one
 * else's.
 */
export function readOncePerTick(cluster: RolloutCluster): RolloutCluster {
  const seen = new Map<
    string,
    { apiVersion: string; object: Promise<KubernetesObject | undefined> }
  >();
  const remember = (
    ref: Ref & { apiVersion: string },
    object: Promise<KubernetesObject | undefined>,
  ) => {
    const key = objectKey(ref);
    seen.set(key, { apiVersion: ref.apiVersion, object });
    // A failed read is not remembered: the next one asks again.
    object.catch(() => {
      if (seen.get(key)?.object === object) seen.delete(key);
    });
  };
  return {
    name: cluster.name,
    async get(ref) {
      const known = seen.get(objectKey(ref));
      if (known?.apiVersion === ref.apiVersion) return copy(await known.object);
      const object = cluster.get(ref);
      remember(ref, object);
      return copy(await object);
    },
    async apply(obj) {
      const ref = { ...obj.metadata, kind: obj.kind };
      seen.delete(objectKey(ref));
      const stored = await cluster.apply(obj);
      remember({ ...ref, apiVersion: obj.apiVersion }, Promise.resolve(stored));
      return copy(stored)!;
    },
    async delete(ref) {
      seen.delete(objectKey(ref));
      await cluster.delete(ref);
    },
    list: (apiVersion, kind, options) =>
      cluster.list(apiVersion, kind, options),
  };
}
