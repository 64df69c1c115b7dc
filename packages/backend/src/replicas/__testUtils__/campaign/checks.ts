import type { AuditedWrite } from '@internal/test-env';
import type {
  RolloutEvent,
  RolloutRun,
  SyncRun,
} from '@slipway/plugin-gitops-common';
import { appObjects, FleetApp } from '../fleet';

/** The field manager of the sync engine's server-side applies. */
export const SYNC_FIELD_MANAGER = 'slipway';

/**
 * How often the sync engine applied each object of the namespace: writes
 * that changed something (2xx, not dry runs) under its field manager.
 */
export function syncApplies(
  writes: AuditedWrite[],
  namespace: string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of writes) {
    if (w.namespace !== namespace || w.fieldManager !== SYNC_FIELD_MANAGER)
      continue;
    if (w.dryRun || w.code < 200 || w.code >= 300) continue;
    const key = `${w.resource}/${w.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Findings when an object of a changed app was not applied exactly once, or
 * an object of an unchanged app was applied at all.
 */
export function appliedExactlyOnce(
  applies: Map<string, number>,
  changed: FleetApp[],
  unchanged: FleetApp[],
): string[] {
  const findings: string[] = [];
  const check = (app: FleetApp, expected: number) => {
    for (const o of appObjects(app)) {
      const n = applies.get(`${o.resource}/${o.name}`) ?? 0;
      if (n !== expected) {
        findings.push(
          `${o.resource}/${o.name} of ${app.name} applied ${n} times, expected ${expected}`,
        );
      }
    }
  };
  changed.forEach(app => check(app, 1));
  unchanged.forEach(app => check(app, 0));
  return findings;
}

/** A History row as the checks read it. */
export type RunRow = Pick<
  SyncRun,
  'id' | 'appKey' | 'result' | 'revision' | 'message' | 'startedAt'
>;

/** Runs still `Running`: after a lease period no run of a dead replica may be. */
export function runningRuns(runs: RunRow[]): string[] {
  return runs
    .filter(r => r.result === 'Running')
    .map(
      r => `run ${r.id} of ${r.appKey} is still Running (since ${r.startedAt})`,
    );
}

/**
 * Interrupted runs must say why: name the stopped replica (its instance id
 * holds its pid) or say that it stopped.
 */
export function interruptedWithoutReason(
  runs: RunRow[],
  killedPids: number[],
): string[] {
  return runs
    .filter(r => r.result === 'Interrupted')
    .filter(
      r =>
        !killedPids.some(pid => (r.message ?? '').includes(`-${pid}-`)) &&
        !/stopped/i.test(r.message ?? ''),
    )
    .map(
      r =>
        `run ${r.id} of ${
          r.appKey
        } is Interrupted without naming the stopped replica: ${
          r.message ?? '(no message)'
        }`,
    );
}

/** Results a run may move to once recorded: a finished run never changes. */
const FINISHED = new Set(['Succeeded', 'Failed', 'Error', 'Interrupted']);

/** History rows seen before that are gone now, or whose finished result changed. */
export function lostRuns(before: RunRow[], after: RunRow[]): string[] {
  const now = new Map(after.map(r => [r.id, r]));
  return before.flatMap(r => {
    const later = now.get(r.id);
    if (!later)
      return [`run ${r.id} of ${r.appKey} (${r.result}) is gone from History`];
    if (FINISHED.has(r.result) && later.result !== r.result) {
      return [
        `run ${r.id} of ${r.appKey} changed from ${r.result} to ${later.result}`,
      ];
    }
    return [];
  });
}

/** Changes that left no History row: each app needs a run at each commit that changed it. */
export function changesWithoutRun(
  runs: RunRow[],
  changes: Array<{ appKey: string; sha: string }>,
): string[] {
  const seen = new Set(runs.map(r => `${r.appKey} ${r.revision}`));
  return changes
    .filter(c => !seen.has(`${c.appKey} ${c.sha}`))
    .map(c => `${c.appKey} has no run at ${c.sha.slice(0, 7)}`);
}

// Waits depend on timing (how often a tick found Pods not ready yet), and
// the analysis' own warnings on what the metrics backend answered (a slow or
// empty query halts a step, the next tick tries again): both are left out
// of the comparison, and counted apart. Every step the rollout takes stays.
const TIMING_DEPENDENT = /not ready|waiting for|waiting on/i;
const METRICS_DEPENDENT = /^(Halt advancement|Metric query failed)/;

/**
 * A run's events as a comparable outline: messages in order, the app's name
 * replaced, waits and metric warnings left out.
 */
export function eventOutline(
  events: RolloutEvent[],
  appName: string,
): string[] {
  return events
    .filter(
      e =>
        !TIMING_DEPENDENT.test(e.message) &&
        !(e.type === 'Warning' && METRICS_DEPENDENT.test(e.message)),
    )
    .map(e => `${e.type} ${e.message.split(appName).join('<app>')}`);
}

/** The analysis' warnings on its metrics in a run, which the outline leaves out. */
export const metricWarnings = (events: RolloutEvent[]) =>
  events.filter(e => e.type === 'Warning' && METRICS_DEPENDENT.test(e.message))
    .length;

/** A release's rollout run must name the commit that released it. */
export function rolloutCommitFindings(
  runs: Array<{ app: FleetApp; run: RolloutRun }>,
  sha: string,
): string[] {
  return runs
    .filter(({ run }) => run.commit !== sha)
    .map(
      ({ app, run }) =>
        `rollout run ${run.id} of ${app.name} records commit ${
          run.commit?.slice(0, 7) ?? '(none)'
        }, but ${sha.slice(0, 7)} released it`,
    );
}
