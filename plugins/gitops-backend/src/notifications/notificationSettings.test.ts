import { ConfigReader } from '@backstage/config';
import { eventIdentity } from './DeliveryEvents';
import { describe as describeEvent } from './OwnerNotifier';
import { isSent, readNotificationSettings } from './notificationSettings';

const settings = (notifications: object) =>
  readNotificationSettings(new ConfigReader({ slipway: { notifications } }));

describe('notification settings', () => {
  it('sends every event by default, failures high and promotions low', () => {
    const s = settings({});
    expect(s.enabled).toBeUndefined();
    expect(
      Object.fromEntries(
        Object.entries(s.events).map(([k, e]) => [k, e.severity]),
      ),
    ).toEqual({
      syncFailed: 'high',
      degraded: 'high',
      rolloutWaiting: 'normal',
      rolloutFailed: 'high',
      rolloutSucceeded: 'low',
    });
    expect(Object.keys(s.events).every(k => isSent(s, k as never))).toBe(true);
  });

  it('drops events below minSeverity and those switched off, and raises a severity', () => {
    const s = settings({
      minSeverity: 'high',
      events: {
        syncFailed: { enabled: false },
        rolloutSucceeded: { severity: 'critical' },
      },
    });
    expect(isSent(s, 'syncFailed')).toBe(false);
    expect(isSent(s, 'rolloutWaiting')).toBe(false);
    expect(isSent(s, 'degraded')).toBe(true);
    expect(isSent(s, 'rolloutSucceeded')).toBe(true);
  });

  it('refuses an unknown severity', () => {
    expect(() => settings({ minSeverity: 'urgent' })).toThrow(
      "Invalid slipway.notifications.minSeverity 'urgent': use one of critical, high, normal, low",
    );
  });
});

describe('event identity', () => {
  const appKey = 'component:default/shop@dev';

  it('is one per commit for failed syncs, whatever the run', () => {
    const failed = (runId: number, revision?: string, message = 'boom') =>
      eventIdentity({ kind: 'syncFailed', appKey, runId, revision, message });
    expect(failed(1, 'abc')).toBe(failed(2, 'abc'));
    expect(failed(1, 'abc')).not.toBe(failed(1, 'def'));
    // Failed before a commit was resolved: the same error is the same event.
    expect(failed(1)).toBe(failed(2));
    expect(failed(1)).not.toBe(failed(1, undefined, 'other'));
  });

  it('is one per rollout run for failures and promotions, and per run, step and reason for waits', () => {
    const ended = (runId: number) =>
      eventIdentity({ kind: 'rolloutFailed', appKey, rollout: 'web', runId });
    expect(ended(1)).not.toBe(ended(2));
    const wait = (runId: number | undefined, step: number, reason: string) =>
      eventIdentity({
        kind: 'rolloutWaiting',
        appKey,
        rollout: 'web',
        runId,
        revision: 'h1',
        stepIndex: step,
        reason,
      });
    expect(wait(1, 2, 'pause step')).not.toBe(wait(1, 3, 'pause step'));
    // The start gate holds a revision before its run opens.
    expect(wait(1, 0, 'approval')).toBe(wait(2, 0, 'approval'));
  });

  it('words a notification by the app and what happened', () => {
    expect(
      describeEvent(
        {
          kind: 'rolloutWaiting',
          appKey,
          rollout: 'web',
          runId: 1,
          stepIndex: 2,
          reason: 'pause step',
        },
        'shop',
        'dev',
      ),
    ).toEqual({
      title: 'Rollout web of shop on dev is paused at step 3 until promoted',
      description: 'Promote it on the Canary tab to let it continue (step 3).',
    });
  });
});
