import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { trackingId, TRACKING_ANNOTATION } from '../../kube/ownership';
import { followLiveChanges } from './followLiveChanges';

type Listener = (obj: KubernetesObject) => void;

/** A watch cache whose changes the test announces. */
function changes() {
  const listeners = new Set<Listener>();
  return {
    announce: (obj: KubernetesObject) => listeners.forEach(l => l(obj)),
    onChange(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const configMap = (annotations?: Record<string, string>): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop', annotations },
});
const owned = (appKey: string) =>
  configMap({ [TRACKING_ANNOTATION]: trackingId(appKey, configMap()) });

describe('followLiveChanges', () => {
  it('makes the owning app due for a change in any cluster, and ignores objects no app owns', () => {
    const prod = changes();
    const staging = changes();
    const due: string[] = [];
    followLiveChanges([prod, staging], { liveChanged: key => due.push(key) });
    prod.announce(owned('component:default/shop@prod'));
    staging.announce(owned('component:default/shop@staging'));
    prod.announce(configMap());
    prod.announce(configMap({ [TRACKING_ANNOTATION]: 'not-a-tracking-id' }));
    expect(due).toEqual([
      'component:default/shop@prod',
      'component:default/shop@staging',
    ]);
  });

  it('stops following when asked', () => {
    const prod = changes();
    const due: string[] = [];
    const stop = followLiveChanges([prod], {
      liveChanged: key => due.push(key),
    });
    stop();
    prod.announce(owned('component:default/shop@prod'));
    expect(due).toEqual([]);
  });
});
