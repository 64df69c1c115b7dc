import {
  blueGreenOtherReplicaSets,
  canaryOtherReplicaSets,
} from './otherReplicaSets';
import { blueGreenSpec, canarySpec, routing } from './__testUtils__/specs';
import type { ObservedReplicaSet } from './types';

/*
 * Facts from Argo Rollouts v1.8.3: `scaleDownOldReplicaSetsForCanary`
 * (`rollout/canary.go`), `scaleDownOldReplicaSetsForBlueGreen`
 * (`rollout/bluegreen.go`), `cleanupUnhealthyReplicas` and
 * `scaleDownDelayHelper` (`rollout/replicaset.go`),
 * `docs/features/bluegreen.md` (scaleDownDelayRevisionLimit).
 */

const now = new Date('2024-05-01T10:00:00Z');
const later = '2024-05-01T10:00:20Z';
const earlier = '2024-05-01T09:59:00Z';

const old = (
  name: string,
  revision: number,
  replicas: number,
  fields: Partial<ObservedReplicaSet> = {},
): ObservedReplicaSet => ({
  name,
  hash: name,
  revision,
  replicas,
  availableReplicas: replicas,
  currentReplicas: replicas,
  ...fields,
});

const none = new Set<string>();

describe('canaryOtherReplicaSets, basic canary', () => {
  const spec = canarySpec(10); // 25 %: at most 2 unavailable, 8 must stay available

  it('removes old pods while the rollout keeps its minimum available', () => {
    const input = { referencedHashes: none, fullyPromoted: false, now };
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 3)],
        availableReplicas: 11,
      }),
    ).toEqual({ changes: [{ name: 'v1', replicas: 0 }] });
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 3)],
        availableReplicas: 9,
      }),
    ).toEqual({ changes: [{ name: 'v1', replicas: 2 }] });
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 3)],
        availableReplicas: 8,
      }),
    ).toEqual({ changes: [] });
  });

  it('takes the newest revision down first', () => {
    expect(
      canaryOtherReplicaSets(spec, {
        others: [old('v1', 1, 2), old('v2', 2, 2)],
        availableReplicas: 11,
        referencedHashes: none,
        fullyPromoted: false,
        now,
      }).changes,
    ).toEqual([
      { name: 'v2', replicas: 0 },
      { name: 'v1', replicas: 1 },
    ]);
  });

  it('first drops the unavailable pods of old ReplicaSets, oldest first', () => {
    expect(
      canaryOtherReplicaSets(spec, {
        others: [
          old('v2', 2, 3, {
            availableReplicas: 2,
            creationTimestamp: '2024-02-01T00:00:00Z',
          }),
          old('v1', 1, 3, {
            availableReplicas: 1,
            creationTimestamp: '2024-01-01T00:00:00Z',
          }),
        ],
        availableReplicas: 8,
        referencedHashes: none,
        fullyPromoted: false,
        now,
      }).changes,
    ).toEqual([
      { name: 'v1', replicas: 1 },
      { name: 'v2', replicas: 2 },
    ]);
  });
});

describe('canaryOtherReplicaSets, traffic routing', () => {
  const spec = canarySpec(10, { trafficRouting: routing() });
  const input = { availableReplicas: 20, referencedHashes: none, now };

  it('keeps the previous stable up for scaleDownDelaySeconds once fully promoted', () => {
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 10)],
        fullyPromoted: true,
      }),
    ).toEqual({
      changes: [
        {
          name: 'v1',
          replicas: 10,
          setScaleDownDeadline: '2024-05-01T10:00:30Z',
        },
      ],
      recheckAfterSeconds: 30,
    });
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 10, { scaleDownDeadline: later })],
        fullyPromoted: true,
      }),
    ).toEqual({ changes: [], recheckAfterSeconds: 20 });
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 10, { scaleDownDeadline: earlier })],
        fullyPromoted: true,
      }),
    ).toEqual({ changes: [{ name: 'v1', replicas: 0 }] });
  });

  it('scales an abandoned intermediate ReplicaSet down at once', () => {
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v2', 2, 3)],
        fullyPromoted: false,
      }),
    ).toEqual({ changes: [{ name: 'v2', replicas: 0 }] });
  });

  it('never scales a ReplicaSet something still points at', () => {
    expect(
      canaryOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 10)],
        referencedHashes: new Set(['v1']),
        fullyPromoted: true,
      }),
    ).toEqual({ changes: [] });
  });

  it('delays at most scaleDownDelayRevisionLimit ReplicaSets, newest first', () => {
    const limited = canarySpec(10, {
      trafficRouting: routing(),
      scaleDownDelayRevisionLimit: 1,
    });
    expect(
      canaryOtherReplicaSets(limited, {
        ...input,
        others: [
          old('v1', 1, 10, { scaleDownDeadline: later }),
          old('v2', 2, 10),
        ],
        fullyPromoted: true,
      }),
    ).toEqual({
      changes: [
        {
          name: 'v2',
          replicas: 10,
          setScaleDownDeadline: '2024-05-01T10:00:30Z',
        },
        { name: 'v1', replicas: 0 },
      ],
      recheckAfterSeconds: 30,
    });
  });

  it('scales the previous stable down at once with dynamicStableScale', () => {
    const dynamic = canarySpec(10, {
      trafficRouting: routing(),
      dynamicStableScale: true,
    });
    expect(
      canaryOtherReplicaSets(dynamic, {
        ...input,
        others: [old('v1', 1, 10)],
        fullyPromoted: true,
      }),
    ).toEqual({ changes: [{ name: 'v1', replicas: 0 }] });
  });
});

describe('blueGreenOtherReplicaSets', () => {
  const spec = blueGreenSpec(5);
  const input = { referencedHashes: none, now };

  it('keeps the old active ReplicaSet at full size until its deadline', () => {
    expect(
      blueGreenOtherReplicaSets(spec, { ...input, others: [old('v1', 1, 5)] }),
    ).toEqual({
      changes: [
        {
          name: 'v1',
          replicas: 5,
          setScaleDownDeadline: '2024-05-01T10:00:30Z',
        },
      ],
      recheckAfterSeconds: 30,
    });
    expect(
      blueGreenOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 5, { scaleDownDeadline: later })],
      }),
    ).toEqual({ changes: [], recheckAfterSeconds: 20 });
    expect(
      blueGreenOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 5, { scaleDownDeadline: earlier })],
      }),
    ).toEqual({ changes: [{ name: 'v1', replicas: 0 }] });
  });

  it('keeps only scaleDownDelayRevisionLimit old ReplicaSets up', () => {
    const limited = blueGreenSpec(5, { scaleDownDelayRevisionLimit: 1 });
    expect(
      blueGreenOtherReplicaSets(limited, {
        ...input,
        others: [
          old('v1', 1, 5, { scaleDownDeadline: later }),
          old('v2', 2, 5, { scaleDownDeadline: later }),
          old('v0', 0, 0),
        ],
      }),
    ).toEqual({
      changes: [{ name: 'v1', replicas: 0 }],
      recheckAfterSeconds: 20,
    });
  });

  it('skips referenced ReplicaSets and holds while told to', () => {
    expect(
      blueGreenOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 5)],
        referencedHashes: new Set(['v1']),
      }),
    ).toEqual({ changes: [] });
    expect(
      blueGreenOtherReplicaSets(spec, {
        ...input,
        others: [old('v1', 1, 5)],
        hold: true,
      }),
    ).toEqual({ changes: [] });
  });
});
