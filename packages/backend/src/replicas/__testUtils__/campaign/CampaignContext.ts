import type { SyncOperation } from '@slipway/plugin-gitops-common';
import { FleetApp } from '../fleet';
import { ReplicaHarness } from '../ReplicaHarness';
import { RunRow } from './checks';
import { appKey, Deadline } from './fleetState';

/** What one phase of the campaign found and measured. */
export interface PhaseResult {
  phase: string;
  durationMs: number;
  /** Empty when every check of the phase held. */
  failures: string[];
  figures: Record<string, number | string>;
}

export interface CampaignSettings {
  /** kill -9 rounds. */
  kills: number;
  /** How long each outage lasts at least. */
  outageSeconds: number;
  /** Seed of every random choice (which apps change, which replica dies when). */
  seed: number;
  /** Deadline of one convergence of the fleet (sync and rollouts). */
  convergeTimeoutMs: number;
  /** Beyond one sync interval, what a busy machine may take to recover. */
  recoveryAllowanceMs: number;
  log: (line: string) => void;
}

/** A small seeded generator (mulberry32): a failing campaign can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A History row as the sync_runs table holds it, with the replica that ran it. */
export interface StoredRun extends RunRow {
  owner?: string;
}

/**
 * State the phases share: the harness, the settings, the changes made (each
 * must leave a History row), the operations asked for, the rows seen so far
 * and the outline of a rollout run without kills.
 */
export class CampaignContext {
  readonly random: () => number;
  readonly changes: Array<{ appKey: string; sha: string }> = [];
  readonly operations: Array<{ app: FleetApp; operation: SyncOperation }> = [];
  /** Every run seen so far: none may vanish or change its finished result. */
  runsSeen: StoredRun[] = [];
  /** Event outline of a rollout that ran without kills. */
  baselineOutline?: string[];
  /** How long a change of the fleet took to sync, without kills. */
  baselineSyncMs?: number;
  /** How long a change of the fleet took to sync and roll out, without kills. */
  baselineConvergeMs?: number;

  constructor(
    readonly harness: ReplicaHarness,
    readonly settings: CampaignSettings,
  ) {
    this.random = seededRandom(settings.seed);
  }

  get canaries(): FleetApp[] {
    return this.harness.apps.filter(a => a.canary);
  }

  get plainApps(): FleetApp[] {
    return this.harness.apps.filter(a => !a.canary);
  }

  get converge(): Deadline {
    return { timeoutMs: this.settings.convergeTimeoutMs };
  }

  /** The lease period, after which a dead replica's work has moved. */
  get leaseMs(): number {
    return this.harness.options.leaseSeconds * 1000;
  }

  get syncIntervalMs(): number {
    return this.harness.options.syncIntervalSeconds * 1000;
  }

  /** Picks `count` distinct items at random. */
  pick<T>(items: T[], count: number): T[] {
    const pool = [...items];
    const picked: T[] = [];
    while (picked.length < count && pool.length) {
      picked.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]);
    }
    return picked;
  }

  /** A duration between `min` and `max` ms, at random. */
  between(minMs: number, maxMs: number): number {
    return Math.round(minMs + this.random() * Math.max(0, maxMs - minMs));
  }

  /** Commits the next change of `apps` and remembers it: each needs a History row. */
  async commit(apps: FleetApp[], message: string): Promise<string> {
    const sha = await this.harness.commitChange(apps, message);
    this.changes.push(...apps.map(app => ({ appKey: appKey(app), sha })));
    this.settings.log(
      `committed ${sha.slice(0, 7)}: ${message} (${apps.length} apps)`,
    );
    return sha;
  }

  /** Every row of the replicas' sync_runs table. */
  async storedRuns(): Promise<StoredRun[]> {
    const rows = await this.harness.db('sync_runs').select();
    return rows.map(r => ({
      id: Number(r.id),
      appKey: r.app_key,
      result: r.result,
      revision: r.revision ?? undefined,
      message: r.message ?? undefined,
      startedAt: String(r.started_at),
      owner: r.owner ?? undefined,
    }));
  }

  /** Runs a phase: times it, logs its outcome, never throws (an error is a failure). */
  async phase(
    name: string,
    body: (result: PhaseResult) => Promise<void>,
  ): Promise<PhaseResult> {
    const result: PhaseResult = {
      phase: name,
      durationMs: 0,
      failures: [],
      figures: {},
    };
    const started = Date.now();
    this.settings.log(`phase ${name}: start`);
    try {
      await body(result);
    } catch (error) {
      result.failures.push(`${name} stopped: ${(error as Error).message}`);
    }
    result.durationMs = Date.now() - started;
    this.settings.log(
      `phase ${name}: ${
        result.failures.length ? `${result.failures.length} failures` : 'ok'
      } in ${Math.round(result.durationMs / 1000)} s ${JSON.stringify(
        result.figures,
      )}`,
    );
    for (const failure of result.failures) this.settings.log(`  ✗ ${failure}`);
    return result;
  }
}

/** Milliseconds as seconds with one decimal, for the report's figures. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** A pause that is the scenario itself (an outage's length, a kill's moment), never a wait for state. */
export const pause = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
