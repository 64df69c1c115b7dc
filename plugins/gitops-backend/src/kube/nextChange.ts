import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { LiveChange } from './ClusterApi';
import { objectId } from './objectId';

/**
 * `ClusterApi.nextChange` over a source of change events: resolves on the
 * first event for one of `ids` or after `timeoutMs`, then stops listening.
 */
export function nextChange(
  subscribe: (listener: (obj: KubernetesObject) => void) => () => void,
  ids: string[],
  timeoutMs: number,
): LiveChange {
  const wanted = new Set(ids);
  let stop = () => {};
  const changed = new Promise<void>(resolve => {
    const timer = setTimeout(() => stop(), Math.max(0, timeoutMs));
    const unsubscribe = subscribe(obj => {
      if (wanted.has(objectId(obj))) stop();
    });
    stop = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
  });
  return { changed, stop: () => stop() };
}
