import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { TRACKING_ANNOTATION } from '../kube/ownership';
import { slimLiveObject } from './slimLiveObject';

const managedFields = [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  },
];
const replicaSet = (
  annotations?: Record<string, string>,
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-1',
    namespace: 'shop',
    uid: 'u1',
    annotations,
    managedFields,
  },
  spec: { replicas: 2 },
  status: { readyReplicas: 2 },
});

describe('slimLiveObject', () => {
  it('drops managedFields from an object no app tracks and keeps everything else', () => {
    const slim = slimLiveObject(replicaSet({ note: 'x' }));
    expect(slim.metadata).toEqual({
      name: 'web-1',
      namespace: 'shop',
      uid: 'u1',
      annotations: { note: 'x' },
    });
    expect(slim.spec).toEqual({ replicas: 2 });
    expect(slim.status).toEqual({ readyReplicas: 2 });
  });

  it("keeps an app's object whole: its diff may need to know who owns which field", () => {
    const owned = replicaSet({
      [TRACKING_ANNOTATION]:
        'component:default/web@local:apps/ReplicaSet:shop/web-1',
    });
    expect(slimLiveObject(owned)).toBe(owned);
  });

  it('keeps an object the rollout engine writes whole: it applies only the fields it owns', () => {
    const primary = {
      ...replicaSet(),
      metadata: {
        ...replicaSet().metadata,
        managedFields: [
          ...managedFields,
          {
            ...managedFields[0],
            manager: 'slipway-rollouts',
            operation: 'Apply',
          },
        ],
      },
    };
    expect(slimLiveObject(primary)).toBe(primary);
  });
});
