import {
  parseScaleDownDeadline,
  scaleDownDeadline,
  scaleDownDelayRevisionLimit,
  scaleDownDelaySeconds,
  scaleDownDelayStep,
} from './scaleDownDeadline';
import { blueGreenSpec, canarySpec, routing } from './__testUtils__/specs';

/*
 * Facts from Argo Rollouts v1.8.3: `addScaleDownDelay` and
 * `scaleDownDelayHelper` (`rollout/replicaset.go`),
 * `GetScaleDownDelaySecondsOrDefault` (`utils/defaults/defaults.go`),
 * `GetScaleDownRevisionLimit` (`rollout/bluegreen.go`).
 */

const now = new Date('2024-05-01T10:00:00.750Z');

describe('the scale-down-deadline annotation', () => {
  it('is written as Go formats time.RFC3339 in UTC: whole seconds, truncated', () => {
    expect(scaleDownDeadline(now, 30)).toBe('2024-05-01T10:00:30Z');
    expect(scaleDownDeadline(new Date('2024-12-31T23:59:59.999Z'), 1)).toBe(
      '2025-01-01T00:00:00Z',
    );
  });

  it('is read back from any RFC 3339 time, and refused otherwise', () => {
    expect(parseScaleDownDeadline('2024-05-01T10:00:30Z')?.toISOString()).toBe(
      '2024-05-01T10:00:30.000Z',
    );
    expect(
      parseScaleDownDeadline('2024-05-01T12:00:30.5+02:00')?.toISOString(),
    ).toBe('2024-05-01T10:00:30.500Z');
    expect(parseScaleDownDeadline('tomorrow')).toBeUndefined();
    expect(parseScaleDownDeadline('2024-05-01 10:00:30')).toBeUndefined();
  });
});

describe('delay settings', () => {
  it('delays blue-green and traffic-routed canaries, never a basic canary', () => {
    expect(scaleDownDelaySeconds(blueGreenSpec(1))).toBe(30);
    expect(
      scaleDownDelaySeconds(blueGreenSpec(1, { scaleDownDelaySeconds: 90 })),
    ).toBe(90);
    expect(
      scaleDownDelaySeconds(canarySpec(1, { trafficRouting: routing() })),
    ).toBe(30);
    expect(
      scaleDownDelaySeconds(canarySpec(1, { scaleDownDelaySeconds: 60 })),
    ).toBe(0);
  });

  it('limits delayed revisions only when scaleDownDelayRevisionLimit is set', () => {
    expect(scaleDownDelayRevisionLimit(blueGreenSpec(1))).toBe(Infinity);
    expect(
      scaleDownDelayRevisionLimit(
        blueGreenSpec(1, { scaleDownDelayRevisionLimit: 2 }),
      ),
    ).toBe(2);
  });
});

describe('scaleDownDelayStep', () => {
  const options = {
    now,
    delaySeconds: 30,
    revisionLimit: Infinity,
    keepReplicas: 5,
  };

  it('gives a scaled-up ReplicaSet without a deadline one, keeping its pods', () => {
    expect(scaleDownDelayStep({ replicas: 3 }, 0, options)).toEqual({
      replicas: 3,
      setDeadline: '2024-05-01T10:00:30Z',
      recheckAfterSeconds: 30,
      delayed: 1,
    });
  });

  it('keeps a ReplicaSet at keepReplicas until its deadline, then scales it to 0', () => {
    const pending = scaleDownDelayStep(
      { replicas: 3, scaleDownDeadline: '2024-05-01T10:00:10Z' },
      0,
      options,
    );
    expect(pending).toEqual({
      replicas: 5,
      recheckAfterSeconds: 9.25,
      delayed: 1,
    });
    expect(
      scaleDownDelayStep(
        { replicas: 3, scaleDownDeadline: '2024-05-01T10:00:00Z' },
        0,
        options,
      ),
    ).toEqual({ replicas: 0, delayed: 1 });
    expect(
      scaleDownDelayStep(
        { replicas: 3, scaleDownDeadline: 'garbage' },
        0,
        options,
      ),
    ).toEqual({ replicas: 0, delayed: 1 });
  });

  it('scales down at once beyond scaleDownDelayRevisionLimit', () => {
    const limited = { ...options, revisionLimit: 1 };
    expect(scaleDownDelayStep({ replicas: 3 }, 1, limited)).toEqual({
      replicas: 0,
      delayed: 1,
    });
    expect(
      scaleDownDelayStep(
        { replicas: 3, scaleDownDeadline: '2024-05-01T11:00:00Z' },
        1,
        limited,
      ),
    ).toEqual({ replicas: 0, delayed: 2 });
  });

  it('scales down at once with a delay of 0', () => {
    expect(
      scaleDownDelayStep({ replicas: 3 }, 0, { ...options, delaySeconds: 0 }),
    ).toEqual({
      replicas: 0,
      delayed: 0,
    });
  });

  it('leaves a ReplicaSet with no pods and no deadline at 0', () => {
    expect(scaleDownDelayStep({ replicas: 0 }, 0, options)).toEqual({
      replicas: 0,
      delayed: 0,
    });
  });
});
