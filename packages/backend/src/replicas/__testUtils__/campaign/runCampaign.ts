import { HarnessOptions, ReplicaHarness } from '../ReplicaHarness';
import { thresholdThrough } from '../fleet';
import {
  CampaignContext,
  CampaignSettings,
  PhaseResult,
} from './CampaignContext';
import {
  changeEveryAppOnce,
  deployFleet,
  finalChecks,
  killDuringChanges,
  outage,
} from './phases';
import { liveUpdatesOnEveryReplica } from './liveUpdates';

export type CampaignOptions = HarnessOptions & CampaignSettings;

export interface CampaignReport {
  options: Omit<CampaignOptions, 'log'>;
  phases: PhaseResult[];
  /** Replica start-up times, ms. */
  startupMs: number[];
  durationMs: number;
  /** Where the replicas' logs are (kept when a phase failed). */
  workDir: string;
}

/** Every phase of the campaign, in order, on one harness. */
export const PHASES: Array<{
  name: string;
  run: (ctx: CampaignContext) => Promise<PhaseResult>;
}> = [
  { name: 'deploy', run: deployFleet },
  { name: 'exactly-once', run: changeEveryAppOnce },
  { name: 'live updates', run: liveUpdatesOnEveryReplica },
  { name: 'kills', run: killDuringChanges },
  {
    name: 'git outage',
    run: ctx =>
      outage(ctx, ctx.harness.git, {
        words: ['git'],
        apps: true,
        rollout: false,
      }),
  },
  {
    name: 'API server outage',
    run: ctx =>
      outage(ctx, ctx.harness.apiServer, {
        words: ['API server', 'Kubernetes', "cluster 'local'", 'cluster local'],
        apps: true,
        rollout: true,
      }),
  },
  {
    name: 'Prometheus outage',
    run: ctx =>
      outage(ctx, ctx.harness.prometheus, {
        words: ['Prometheus', 'metrics server'],
        apps: false,
        rollout: true,
      }),
  },
  { name: 'final', run: finalChecks },
];

/**
 * Starts the harness, runs every phase (a failed phase does not stop the
 * next: the report lists everything found), stops everything.
 */
export async function runCampaign(
  options: CampaignOptions,
  /** Called once the harness is up, e.g. to stop it on Ctrl-C. */
  onStarted?: (harness: ReplicaHarness) => void,
): Promise<CampaignReport> {
  const started = Date.now();
  const { log, ...rest } = options;
  log(
    `starting ${options.replicas} replicas, ${options.apps} apps (${options.canaries} canaries), seed ${options.seed}`,
  );
  const harness = await ReplicaHarness.start({
    ...options,
    canaryThreshold: thresholdThrough(
      options.outageSeconds,
      options.analysisInterval,
    ),
  });
  onStarted?.(harness);
  log(
    `replicas up in ${harness.startupMs
      .map(ms => `${ms} ms`)
      .join(', ')}; work dir ${harness.workDir}`,
  );
  const ctx = new CampaignContext(harness, options);
  const phases: PhaseResult[] = [];
  try {
    for (const phase of PHASES) phases.push(await phase.run(ctx));
  } finally {
    if (phases.some(p => p.failures.length)) harness.keepLogs();
    await harness.stop();
  }
  return {
    options: rest,
    phases,
    startupMs: harness.startupMs,
    durationMs: Date.now() - started,
    workDir: harness.workDir,
  };
}

/** The report as text: one line per phase with its figures, then every failure. */
export function formatReport(report: CampaignReport): string {
  const o = report.options;
  const lines = [
    `Multi-replica campaign: ${o.replicas} replicas, ${o.apps} apps, ${o.canaries} canaries, ${o.kills} kills, outages of ${o.outageSeconds} s, seed ${o.seed}`,
    `  sync interval ${o.syncIntervalSeconds} s, lease ${o.leaseSeconds} s, analysis interval ${o.analysisInterval}`,
    `  replica start-up: ${report.startupMs
      .map(ms => `${(ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  ];
  for (const p of report.phases) {
    lines.push(
      `  ${p.failures.length ? 'FAIL' : 'ok  '} ${p.phase.padEnd(28)} ${(
        p.durationMs / 1000
      )
        .toFixed(1)
        .padStart(7)} s  ${Object.entries(p.figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  const failures = report.phases.flatMap(p =>
    p.failures.map(f => `${p.phase}: ${f}`),
  );
  lines.push(
    `  total ${(report.durationMs / 1000).toFixed(0)} s, ${
      failures.length
    } failures${
      failures.length ? `; replica logs kept in ${report.workDir}` : ''
    }`,
  );
  lines.push(...failures.map(f => `  ✗ ${f}`));
  return lines.join('\n');
}
