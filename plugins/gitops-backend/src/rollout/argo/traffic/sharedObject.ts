import type {
  KubernetesObject,
  KubernetesObjectRef,
  RolloutCluster,
} from '@slipway/plugin-gitops-node';
import { cloneJson, jsonEqual } from '../../../kube/values';
import { ownedByRolloutEngine } from '../../routers/ownedFields';
import type { Json } from '../../routers/routerBasics';

/** Attempts at a read-modify-apply before a conflict is reported. */
const ATTEMPTS = 5;
const BACKOFF_MS = 50;

const isConflict = (error: unknown) =>
  (error as { statusCode?: unknown })?.statusCode === 409;

const pause = (ms: number) =>
  new Promise<void>(resolve => {
    setTimeout(resolve, ms);
  });

/**
 * Changes an object someone else owns (a team's VirtualService, ApisixRoute,
 * HTTPRoute, DestinationRule) by server-side apply of only what the rollout
 * engine sets. `change` gets the live object and what the rollout engine's
 * field manager owns in it now (`ownedByRolloutEngine`), and returns that
 * apply body with its changes, or undefined for none. Starting from what is
 * owned matters: an apply drops the fields its manager owned and left out.
 *
 * The routed lists (`spec.http`, `spec.rules`, `spec.subsets` …) are atomic
 * in these kinds' schemas, so a change sends a whole list, rebuilt from the
 * live one; the apply carries the live `resourceVersion`, so a list someone
 * changed since the read is never overwritten: the server answers Conflict,
 * and the change is made again on a fresh read. Nothing is sent when the
 * body holds what the engine already owns, values included.
 */
export async function changeSharedObject(
  cluster: RolloutCluster,
  ref: KubernetesObjectRef,
  missing: () => Error,
  change: (live: Json, owned: Json) => KubernetesObject | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const live: Json = await cluster.get(ref);
    if (!live) throw missing();
    const owned = ownedByRolloutEngine(live);
    const body = change(live, cloneJson(owned));
    if (!body || jsonEqual(body, owned)) return;
    try {
      await cluster.apply({
        ...body,
        metadata: {
          ...body.metadata,
          resourceVersion: live.metadata.resourceVersion,
        },
      });
      return;
    } catch (error) {
      if (!isConflict(error) || attempt >= ATTEMPTS) throw error;
      await pause(BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
}

/** `owned` with `spec.<field>` set to each of `lists` (whole lists: they are atomic). */
export function withSpecLists(
  owned: Json,
  lists: Record<string, unknown[] | undefined>,
): KubernetesObject {
  const spec = { ...owned.spec };
  for (const [field, list] of Object.entries(lists)) {
    if (list !== undefined) spec[field] = list;
  }
  return { ...owned, spec };
}
