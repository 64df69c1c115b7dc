import type {
  AppResource,
  GitopsApp,
  RolloutEvent,
  RolloutRun,
  RolloutStatus,
  RolloutSummary,
  SyncOperation,
  SyncRun,
} from '@slipway/plugin-gitops-common';
import { fields, table } from './table';

const firstLine = (text: string) => text.split('\n')[0];

/** The first 7 characters of a commit SHA, as git prints them. */
export const shortSha = (sha?: string) => sha?.slice(0, 7);

/** `Synced/Healthy at 1a2b3c4` */
export const appState = (app: GitopsApp) =>
  `${app.syncStatus}/${app.healthStatus}${
    app.revision ? ` at ${shortSha(app.revision)}` : ''
  }`;

export function appsTable(apps: GitopsApp[]): string {
  if (!apps.length) return 'No apps.';
  return table(
    [
      'app',
      'cluster',
      'sync',
      'health',
      'revision',
      'policy',
      'last run',
      'message',
    ],
    apps.map(app => [
      app.entityRef,
      app.cluster,
      app.syncStatus,
      app.healthStatus,
      app.pinnedRevision
        ? `${shortSha(app.revision)} (pinned)`
        : shortSha(app.revision),
      app.syncPolicy,
      app.lastRunResult,
      app.message,
    ]),
  );
}

export function describeApp(app: GitopsApp): string {
  const commit = app.revision
    ? `${app.revision}${
        app.commitMessage ? ` "${firstLine(app.commitMessage)}"` : ''
      }${app.commitAuthor ? ` by ${app.commitAuthor}` : ''}`
    : undefined;
  return fields([
    ['App', app.key],
    ['Sync', app.syncStatus],
    ['Health', app.healthStatus],
    ['Revision', commit],
    [
      'Pinned',
      app.pinnedRevision &&
        `${app.pinnedRevision} (auto-sync paused; slipway app unpin)`,
    ],
    ['Policy', app.syncPolicy],
    ['Project', app.project?.name],
    ['Last run', app.lastRunResult],
    ['Message', app.message],
    ['Updated', app.updatedAt],
  ]);
}

export function resourcesTable(resources: AppResource[]): string {
  if (!resources.length) return 'No resources.';
  return table(
    ['kind', 'namespace', 'name', 'sync', 'health', 'message'],
    resources.map(r => [
      r.kind,
      r.namespace,
      r.name,
      r.syncStatus,
      r.healthStatus,
      r.message && firstLine(r.message),
    ]),
  );
}

export function describeOperation(op: SyncOperation): string {
  const request = Object.entries(op.request)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return `Operation ${op.id} (${op.action}${request ? ` ${request}` : ''}) ${
    op.status
  }${op.message ? `: ${op.message}` : ''}`;
}

export function historyTable(runs: SyncRun[]): string {
  if (!runs.length) return 'No sync runs.';
  return table(
    [
      'id',
      'result',
      'trigger',
      'revision',
      'initiator',
      'started',
      'finished',
      'message',
    ],
    runs.map(run => [
      run.id,
      run.dryRun ? `${run.result} (dry run)` : run.result,
      run.trigger,
      shortSha(run.revision),
      run.initiator,
      run.startedAt,
      run.finishedAt,
      run.message && firstLine(run.message),
    ]),
  );
}

/** `Waiting at 20% (pause step)` */
export function rolloutState(status?: RolloutStatus): string {
  if (!status) return 'not started';
  const weight = status.canaryWeight ? ` at ${status.canaryWeight}%` : '';
  const pause = status.pause ? ` (${status.pause.reason})` : '';
  return `${status.phase}${weight}${pause}`;
}

export function rolloutsTable(rollouts: RolloutSummary[]): string {
  if (!rollouts.length) return 'No rollouts.';
  return table(
    [
      'rollout',
      'kind',
      'strategy',
      'provider',
      'phase',
      'weight',
      'failed checks',
      'message',
    ],
    rollouts.map(r => [
      r.name,
      r.kind,
      r.strategy,
      r.provider,
      r.errors.length ? 'Invalid' : r.status?.phase ?? 'not started',
      r.status?.canaryWeight,
      r.status && `${r.status.failedChecks}/${r.status.threshold}`,
      r.errors.length ? r.errors.join('; ') : r.status?.message,
    ]),
  );
}

export function describeRollout(
  rollout: RolloutSummary,
  runs: RolloutRun[],
  events: RolloutEvent[],
): string {
  const { status } = rollout;
  const summary = fields([
    ['Rollout', rollout.name],
    [
      'Kind',
      [rollout.kind, rollout.strategy, rollout.provider]
        .filter(Boolean)
        .join(', '),
    ],
    [
      'Target',
      rollout.targetRef &&
        `${rollout.targetRef.kind} ${rollout.targetRef.name}`,
    ],
    ['Phase', rolloutState(status)],
    ['Weights', rollout.analysis?.weights.join(' → ')],
    [
      'Checks',
      status && `${status.failedChecks} failed of ${status.threshold} allowed`,
    ],
    ['Message', status?.message],
    ['Updated', status?.updatedAt],
    ['Next tick', status?.nextTickAt],
  ]);
  const problems = [
    ...rollout.errors.map(e => `error: ${e}`),
    ...rollout.warnings.map(w => `warning: ${w}`),
  ];
  const runRows = runs.length
    ? `\n\nRuns (newest first):\n${table(
        ['run', 'result', 'commit', 'started', 'finished', 'message'],
        runs.map(run => [
          run.id,
          run.result,
          shortSha(run.commit),
          run.startedAt,
          run.finishedAt,
          run.message,
        ]),
      )}`
    : '';
  const eventRows = events.length
    ? `\n\nEvents (oldest first):\n${table(
        ['at', 'type', 'phase', 'weight', 'message'],
        events.map(e => [e.at, e.type, e.phase, e.canaryWeight, e.message]),
      )}`
    : '';
  return `${summary}${
    problems.length ? `\n${problems.join('\n')}` : ''
  }${runRows}${eventRows}`;
}
