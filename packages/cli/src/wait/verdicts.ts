import type {
  AppResource,
  GitopsApp,
  RolloutPhase,
  RolloutSummary,
  SyncOperation,
} from '@slipway/plugin-gitops-common';
import { appState, rolloutState, shortSha } from '../output/describe';

/** One look at what a wait follows: not there yet, there, or never going to be. */
export type Verdict =
  | { state: 'pending'; seen: string }
  | { state: 'done'; seen: string }
  | {
      state: 'failed';
      seen: string;
      message: string;
      /** The rollout that failed, when one did. */
      rollout?: string;
    };

/** Phases in which a rollout is still on its way somewhere. */
const MOVING: readonly RolloutPhase[] = [
  'Initializing',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Terminating',
];

/**
 * A settled rollout counts only once the engine has ticked it at least this
 * long after the sync finished: a tick started a moment before the new
 * template reached its watch cache could still show the old revision settled.
 */
export const SETTLE_MARGIN_MS = 2000;

export function judgeOperation(op: SyncOperation): Verdict {
  const seen = `operation ${op.id} (${op.action}) ${op.status}`;
  if (op.status === 'Pending' || op.status === 'Running') {
    return { state: 'pending', seen };
  }
  if (op.status === 'Succeeded') return { state: 'done', seen };
  return {
    state: 'failed',
    seen,
    message: `${seen}${op.message ? `: ${op.message}` : ''}`,
  };
}

/**
 * The app on its way to Synced and Healthy, at `revision` when one is
 * awaited (a prefix of the SHA will do). Invalid, Degraded, or a failed last
 * sync run while out of sync fail at once: none of them passes by itself.
 */
export function judgeApp(
  details: { app: GitopsApp; resources: AppResource[] },
  revision?: string,
): Verdict {
  const { app, resources } = details;
  const seen = appState(app);
  const because = (what: string) =>
    `${app.key} is ${what}${app.message ? `: ${app.message}` : ''}`;
  if (app.syncStatus === 'Invalid') {
    return { state: 'failed', seen, message: because('Invalid') };
  }
  if (revision && !app.revision?.startsWith(revision)) {
    return {
      state: 'pending',
      seen: `${seen}, waiting for revision ${shortSha(revision)}`,
    };
  }
  if (app.healthStatus === 'Degraded') {
    const degraded = resources
      .filter(r => r.healthStatus === 'Degraded')
      .map(r => `${r.kind} ${r.name}${r.message ? `: ${r.message}` : ''}`);
    return {
      state: 'failed',
      seen,
      message: `${because('Degraded')}${
        degraded.length ? ` (${degraded.join('; ')})` : ''
      }`,
    };
  }
  if (
    app.syncStatus !== 'Synced' &&
    (app.lastRunResult === 'Failed' || app.lastRunResult === 'Error')
  ) {
    return {
      state: 'failed',
      seen,
      message: `${app.key}'s last sync run ${app.lastRunResult}${
        app.message ? `: ${app.message}` : ''
      }`,
    };
  }
  if (app.syncStatus === 'Synced' && app.healthStatus === 'Healthy') {
    return { state: 'done', seen };
  }
  return { state: 'pending', seen };
}

/**
 * Every rollout of the app settled after the sync at `syncedAt` (ms since
 * the epoch, server time): Succeeded or Initialized is done, Failed fails,
 * an invalid document fails (it never runs).
 */
export function judgeRollouts(
  rollouts: RolloutSummary[],
  syncedAt: number,
): Verdict {
  if (!rollouts.length) return { state: 'done', seen: 'no rollouts' };
  const looks = rollouts.map(r => judgeRollout(r, syncedAt));
  const seen = looks.map(v => v.seen).join(', ');
  const failed = looks.find(
    (v): v is Extract<Verdict, { state: 'failed' }> => v.state === 'failed',
  );
  if (failed) return { ...failed, seen };
  if (looks.some(v => v.state === 'pending')) return { state: 'pending', seen };
  return { state: 'done', seen };
}

function judgeRollout(rollout: RolloutSummary, syncedAt: number): Verdict {
  const name = `rollout ${rollout.name}`;
  if (rollout.errors.length) {
    return {
      state: 'failed',
      seen: `${name} invalid`,
      message: `${name} is invalid: ${rollout.errors.join('; ')}`,
    };
  }
  const { status } = rollout;
  const seen = `${name} ${rolloutState(status)}`;
  if (!status || MOVING.includes(status.phase))
    return { state: 'pending', seen };
  if (Date.parse(status.updatedAt) < syncedAt + SETTLE_MARGIN_MS) {
    return {
      state: 'pending',
      seen: `${seen}, waiting for a tick after the sync`,
    };
  }
  if (status.phase === 'Succeeded' || status.phase === 'Initialized') {
    return { state: 'done', seen };
  }
  return {
    state: 'failed',
    seen,
    message: `${name} ${status.phase}${
      status.message ? `: ${status.message}` : ''
    }`,
    rollout: rollout.name,
  };
}
