/**
 * What the engines tell the app's owners and the open tabs about, through
 * one port: the sync engine and the rollout engine call it once a write that
 * records the event has been committed under their lease, and know nothing of
 * Backstage's notifications or signals behind it (docs/notifications.md).
 */

/** The events owners are notified of, by the config key that switches each. */
export type DeliveryEventKind =
  | 'syncFailed'
  | 'degraded'
  | 'rolloutWaiting'
  | 'rolloutFailed'
  | 'rolloutSucceeded';

/** An event of one app (`<entityRef>@<cluster>`). */
export type DeliveryEvent =
  | {
      /** A sync run ended Failed (also one that could not start). */
      kind: 'syncFailed';
      appKey: string;
      /** The commit it synced; absent when the run failed before resolving one. */
      revision?: string;
      runId: number;
      message?: string;
    }
  | {
      /** The app's health turned Degraded. */
      kind: 'degraded';
      appKey: string;
      /** The commit the app runs. */
      revision?: string;
      message?: string;
    }
  | {
      /** A rollout holds until someone promotes it: a closed gate, an untimed pause. */
      kind: 'rolloutWaiting';
      appKey: string;
      rollout: string;
      /** The run waiting; absent at the start gate, before the run opens. */
      runId?: number;
      /** The revision (pod template hash) waiting. */
      revision?: string;
      stepIndex: number;
      /** What it waits for, e.g. `promotion approval`, `pause step`. */
      reason: string;
      message?: string;
    }
  | {
      /** A rollout run ended Failed (rolled back) or Succeeded (promoted). */
      kind: 'rolloutFailed' | 'rolloutSucceeded';
      appKey: string;
      rollout: string;
      runId: number;
      revision?: string;
      message?: string;
    };

/** Conditions that end: once ended, their next occurrence is news again. */
export type ClearableKind = 'syncFailed' | 'degraded';

/** Which part of an app's page changed, for the signal channel to ping. */
export type ChangedPart = 'app' | 'rollouts';

/** The port the engines call. Never throws: notifying must not fail a sync or a tick. */
export interface DeliveryEvents {
  /**
   * Tells the app's owners, once per event: an event with the identity of
   * one already recorded (another tick, another backend) is dropped.
   */
  happened(event: DeliveryEvent): Promise<void>;
  /** The condition ended (a sync succeeded, the app is Healthy again). */
  cleared(appKey: string, kind: ClearableKind): Promise<void>;
  /** Something the app's tabs show changed: a ping on its signal channel. */
  changed(appKey: string, part?: ChangedPart): void;
}

/** For engines built without notifications (tests, benchmarks). */
export const noDeliveryEvents: DeliveryEvents = {
  happened: async () => undefined,
  cleared: async () => undefined,
  changed: () => undefined,
};

/**
 * What makes an event itself within its app and kind; two events with one
 * identity are one event, notified once:
 * - a failed sync: its commit (repeated failures of one commit are one event
 *   until a sync of the app succeeds); one that failed before a commit was
 *   resolved (source, render, dry run): its message, until a sync succeeds;
 * - Degraded: the commit the app runs, until the app is Healthy again;
 * - a rollout's end: the rollout and its run;
 * - a wait: the rollout, its run (or revision at the start gate), step and reason.
 */
export function eventIdentity(event: DeliveryEvent): string {
  const head = `${event.kind}|${event.appKey}`;
  switch (event.kind) {
    case 'syncFailed':
      return `${head}|${
        event.revision
          ? `rev:${event.revision}`
          : `error:${(event.message ?? '').slice(0, 500)}`
      }`;
    case 'degraded':
      return `${head}|rev:${event.revision ?? '-'}`;
    case 'rolloutWaiting': {
      const run =
        event.runId === undefined || event.reason === 'approval'
          ? `rev:${event.revision ?? '-'}`
          : `run:${event.runId}`;
      return `${head}|${event.rollout}|${run}|step:${event.stepIndex}|${event.reason}`;
    }
    default:
      return `${head}|${event.rollout}|run:${event.runId}`;
  }
}
