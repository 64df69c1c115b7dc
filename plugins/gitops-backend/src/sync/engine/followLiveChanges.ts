import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { appKeyOfTrackingId, TRACKING_ANNOTATION } from '../../kube/ownership';

/** A source of live changes: a cluster's watch cache. */
export interface LiveChanges {
  onChange(listener: (obj: KubernetesObject) => void): () => void;
}

/**
 * Makes an app due whenever an object it owns (its tracking annotation
 * names it) changes in one of the watch caches: drift, a deletion, a
 * controller's write. Every replica follows its own caches, and the app
 * becomes due in the database, so whichever replica claims it looks.
 * Returns a function that stops following.
 */
export function followLiveChanges(
  caches: Iterable<LiveChanges>,
  engine: { liveChanged(appKey: string): void },
): () => void {
  const stops = [...caches].map(cache =>
    cache.onChange(obj => {
      const key = appKeyOfTrackingId(
        obj.metadata.annotations?.[TRACKING_ANNOTATION],
      );
      if (key) engine.liveChanged(key);
    }),
  );
  return () => stops.forEach(stop => stop());
}
