import {
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
} from './constants';
import {
  observeReplicaSet,
  scaledReplicaSet,
  withScaleDownDeadline,
} from './scaleReplicaSet';
import type { ReplicaSet } from './types';

/* Facts from Argo Rollouts v1.8.3: `scaleReplicaSet` (`rollout/sync.go`), `removeScaleDownDelay` (`rollout/replicaset.go`). */

const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-abc',
    labels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'abc' },
    annotations: {
      [REVISION_ANNOTATION]: '4',
      [DESIRED_REPLICAS_ANNOTATION]: '3',
      [SCALE_DOWN_DEADLINE_ANNOTATION]: '2024-05-01T10:00:30Z',
    },
    creationTimestamp: '2024-04-01T00:00:00Z',
  },
  spec: {
    replicas: 3,
    selector: {},
    template: { metadata: { labels: {} }, spec: {} },
  },
  status: { replicas: 3, availableReplicas: 2 },
};

describe('scaledReplicaSet', () => {
  it("sets the replicas and records the rollout's spec.replicas", () => {
    const out = scaledReplicaSet(replicaSet, 5, 6);
    expect(out.spec.replicas).toBe(5);
    expect(out.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]).toBe('6');
    expect(
      out.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION],
    ).toBeDefined();
    expect(replicaSet.spec.replicas).toBe(3);
  });

  it('drops the deadline when scaling to 0, unless an abort keeps it', () => {
    expect(
      scaledReplicaSet(replicaSet, 0, 3).metadata.annotations?.[
        SCALE_DOWN_DEADLINE_ANNOTATION
      ],
    ).toBeUndefined();
    expect(
      scaledReplicaSet(replicaSet, 0, 3, { keepScaleDownDeadline: true })
        .metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION],
    ).toBe('2024-05-01T10:00:30Z');
  });
});

describe('withScaleDownDeadline', () => {
  it('sets and removes the annotation', () => {
    const cleared = withScaleDownDeadline(replicaSet, undefined);
    expect(
      cleared.metadata.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION],
    ).toBeUndefined();
    expect(
      withScaleDownDeadline(cleared, '2024-06-01T00:00:00Z').metadata
        .annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION],
    ).toBe('2024-06-01T00:00:00Z');
  });
});

describe('observeReplicaSet', () => {
  it('reads what the scaling decisions need', () => {
    expect(observeReplicaSet(replicaSet)).toEqual({
      name: 'web-abc',
      hash: 'abc',
      replicas: 3,
      currentReplicas: 3,
      availableReplicas: 2,
      revision: 4,
      creationTimestamp: '2024-04-01T00:00:00Z',
      scaleDownDeadline: '2024-05-01T10:00:30Z',
      desiredReplicas: 3,
    });
  });

  it('defaults what a fresh ReplicaSet lacks', () => {
    const fresh = { ...replicaSet, metadata: { name: 'x' }, status: undefined };
    expect(observeReplicaSet(fresh)).toEqual({
      name: 'x',
      hash: '',
      replicas: 3,
      currentReplicas: 0,
      availableReplicas: 0,
    });
  });
});
