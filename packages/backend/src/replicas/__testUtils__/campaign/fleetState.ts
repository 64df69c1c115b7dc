import { waitUntil } from '@internal/test-env';
import type {
  GitopsApp,
  RolloutRun,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';
import { FleetApp } from '../fleet';
import { GitopsApi } from '../GitopsApi';

/** The key Slipway gives an app of the fleet: entity ref and cluster. */
export const appKey = (app: FleetApp) => `component:default/${app.name}@local`;

const short = (sha?: string) => sha?.slice(0, 7) ?? '-';

/** One line per app that is not there yet, for failure messages. */
function describeApp(app: FleetApp, state?: GitopsApp) {
  return state
    ? `${app.name}: ${state.syncStatus}/${state.healthStatus} at ${short(
        state.revision,
      )}${state.message ? ` (${state.message.slice(0, 200)})` : ''}`
    : `${app.name}: no app yet`;
}

export interface Deadline {
  timeoutMs: number;
  intervalMs?: number;
}

/** Every app's state, by app key (one call for the whole fleet). */
export async function fleetStates(
  api: GitopsApi,
): Promise<Map<string, GitopsApp>> {
  return new Map((await api.listApps()).map(a => [a.key, a]));
}

/** Waits until every given app is Synced at `sha`; returns when that was. */
export async function waitSyncedAt(
  api: GitopsApi,
  apps: FleetApp[],
  sha: string,
  deadline: Deadline,
): Promise<number> {
  await waitUntil(
    async () => {
      const states = await fleetStates(api);
      return apps.flatMap(app => {
        const state = states.get(appKey(app));
        const done = state?.revision === sha && state.syncStatus === 'Synced';
        return done ? [] : [describeApp(app, state)];
      });
    },
    {
      description: `${apps.length} apps to be Synced at ${short(sha)}`,
      intervalMs: 1000,
      ...deadline,
      until: pending => pending.length === 0,
    },
  );
  return Date.now();
}

/** Waits until some app's message matches, e.g. names the server that is down. */
export async function waitAppMessage(
  api: GitopsApi,
  apps: FleetApp[],
  pattern: RegExp,
  deadline: Deadline & { description: string },
): Promise<GitopsApp> {
  const keys = new Set(apps.map(appKey));
  return waitUntil(
    async () =>
      (await api.listApps()).find(
        a => keys.has(a.key) && pattern.test(a.message ?? ''),
      ),
    { intervalMs: 1000, ...deadline },
  );
}

/** The newest run of an app's canary. */
export async function latestRolloutRun(
  api: GitopsApi,
  app: FleetApp,
): Promise<RolloutRun | undefined> {
  return (await api.rolloutRuns(app.name, app.name))[0];
}

/** The newest run id of each canary now (0 for none): later runs are the next release's. */
export async function rolloutMarks(
  api: GitopsApi,
  canaries: FleetApp[],
): Promise<Map<string, number>> {
  const marks = new Map<string, number>();
  for (const app of canaries) {
    marks.set(app.name, (await latestRolloutRun(api, app))?.id ?? 0);
  }
  return marks;
}

/**
 * Waits until each canary has a run newer than its mark and that run has
 * ended; returns the runs, in the order of `canaries`.
 */
export async function waitRolloutsEnded(
  api: GitopsApi,
  canaries: FleetApp[],
  marks: Map<string, number>,
  deadline: Deadline,
): Promise<RolloutRun[]> {
  const ended = new Map<string, RolloutRun>();
  await waitUntil(
    async () => {
      const pending: string[] = [];
      for (const app of canaries.filter(c => !ended.has(c.name))) {
        const run = await latestRolloutRun(api, app);
        if (
          run &&
          run.id > (marks.get(app.name) ?? 0) &&
          run.result !== 'Running'
        ) {
          ended.set(app.name, run);
        } else {
          const [summary] = await api.rollouts(app.name);
          pending.push(describeRollout(app, run, summary));
        }
      }
      return pending;
    },
    {
      description: `the next rollout of ${canaries.length} canaries to end`,
      intervalMs: 1000,
      ...deadline,
      until: pending => pending.length === 0,
    },
  );
  return canaries.map(c => ended.get(c.name)!);
}

/** Findings for rollouts that ended other than Succeeded. */
export function unsuccessfulRollouts(
  canaries: FleetApp[],
  runs: RolloutRun[],
): string[] {
  return runs.flatMap((run, i) =>
    run.result === 'Succeeded'
      ? []
      : [
          `the rollout of ${canaries[i].name} ended ${run.result}: ${
            run.message ?? ''
          }`,
        ],
  );
}

/** Waits until each canary has been initialised (its primary serves). */
export async function waitRolloutsInitialized(
  api: GitopsApi,
  canaries: FleetApp[],
  deadline: Deadline,
): Promise<void> {
  const ready = new Set(['Initialized', 'Succeeded']);
  await waitUntil(
    async () => {
      const pending: string[] = [];
      for (const app of canaries) {
        const [summary] = await api.rollouts(app.name);
        if (!ready.has(summary?.status?.phase ?? '')) {
          pending.push(describeRollout(app, undefined, summary));
        }
      }
      return pending;
    },
    {
      description: `${canaries.length} rollouts to be initialised`,
      intervalMs: 1000,
      ...deadline,
      until: pending => pending.length === 0,
    },
  );
}

export function describeRollout(
  app: FleetApp,
  run?: RolloutRun,
  summary?: RolloutSummary,
) {
  const status = summary?.status;
  return `${app.name}: ${status?.phase ?? 'no status'} weight ${
    status?.canaryWeight ?? '-'
  }${status?.message ? ` (${status.message.slice(0, 200)})` : ''}; newest run ${
    run ? `${run.id} ${run.result} at ${short(run.commit)}` : 'none'
  }`;
}
