import { abortedNewReplicaSet, shouldDelayScaleDownOnAbort } from './abort';
import { blueGreenSpec, canarySpec, routing } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: the table in
 * `docs/features/scaledown-aborted-rs.md`, `shouldDelayScaleDownOnAbort`
 * and `reconcileNewReplicaSet` (`rollout/replicaset.go`).
 */

const aborted = { aborted: true, hasStable: true };

describe('shouldDelayScaleDownOnAbort (docs/features/scaledown-aborted-rs.md)', () => {
  it.each([
    ['blue-green, default delay', blueGreenSpec(3), true],
    [
      'blue-green, abortScaleDownDelaySeconds 0',
      blueGreenSpec(3, { abortScaleDownDelaySeconds: 0 }),
      false,
    ],
    [
      'blue-green, abortScaleDownDelaySeconds N',
      blueGreenSpec(3, { abortScaleDownDelaySeconds: 90 }),
      true,
    ],
    ['basic canary', canarySpec(3), false],
    [
      'traffic-routed canary, default delay',
      canarySpec(3, { trafficRouting: routing() }),
      true,
    ],
    [
      'traffic-routed canary, 0',
      canarySpec(3, {
        trafficRouting: routing(),
        abortScaleDownDelaySeconds: 0,
      }),
      false,
    ],
    [
      'traffic-routed canary, N',
      canarySpec(3, {
        trafficRouting: routing(),
        abortScaleDownDelaySeconds: 90,
      }),
      true,
    ],
  ])('%s: delayed %p', (_name, spec, delayed) => {
    expect(shouldDelayScaleDownOnAbort(spec, aborted)).toBe(delayed);
  });

  it('does not delay before an abort or without a stable ReplicaSet', () => {
    const spec = blueGreenSpec(3);
    expect(
      shouldDelayScaleDownOnAbort(spec, { aborted: false, hasStable: true }),
    ).toBe(false);
    expect(
      shouldDelayScaleDownOnAbort(spec, { aborted: true, hasStable: false }),
    ).toBe(false);
  });

  it('with dynamicStableScale, delays only a delay written in the document', () => {
    const spec = canarySpec(3, {
      trafficRouting: routing(),
      dynamicStableScale: true,
    });
    expect(shouldDelayScaleDownOnAbort(spec, aborted)).toBe(false);
    expect(
      shouldDelayScaleDownOnAbort(spec, {
        ...aborted,
        abortDelayWritten: true,
      }),
    ).toBe(true);
  });
});

describe('abortedNewReplicaSet', () => {
  const spec = canarySpec(3, { trafficRouting: routing() });
  const now = new Date('2024-05-01T10:00:00Z');
  const input = { ...aborted, computed: 0, stableAvailableReplicas: 3, now };

  it('annotates the canary once the stable is fully available, leaving it up', () => {
    expect(abortedNewReplicaSet(spec, input)).toEqual({
      setScaleDownDeadline: '2024-05-01T10:00:30Z',
      recheckAfterSeconds: 30,
      keepScaleDownDeadline: true,
    });
    expect(
      abortedNewReplicaSet(spec, { ...input, stableAvailableReplicas: 2 }),
    ).toEqual({
      keepScaleDownDeadline: true,
    });
  });

  it('keeps the canary until the deadline, then scales it to 0', () => {
    expect(
      abortedNewReplicaSet(spec, {
        ...input,
        scaleDownDeadline: '2024-05-01T10:00:12Z',
      }),
    ).toEqual({ recheckAfterSeconds: 12, keepScaleDownDeadline: true });
    expect(
      abortedNewReplicaSet(spec, {
        ...input,
        scaleDownDeadline: '2024-05-01T09:00:00Z',
      }),
    ).toEqual({ replicas: 0, keepScaleDownDeadline: true });
    // Long delays are honoured too.
    expect(
      abortedNewReplicaSet(spec, {
        ...input,
        scaleDownDeadline: '2024-05-02T10:00:00Z',
      }),
    ).toEqual({ recheckAfterSeconds: 86400, keepScaleDownDeadline: true });
  });

  it('falls back to the computed count without a delay or with an unreadable deadline', () => {
    expect(
      abortedNewReplicaSet(canarySpec(3), { ...input, computed: 2 }),
    ).toEqual({
      replicas: 2,
      keepScaleDownDeadline: false,
    });
    expect(
      abortedNewReplicaSet(spec, {
        ...input,
        computed: 2,
        scaleDownDeadline: 'soon',
      }),
    ).toEqual({ replicas: 2, keepScaleDownDeadline: true });
  });
});
