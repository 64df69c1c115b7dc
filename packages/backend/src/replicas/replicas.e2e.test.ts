import fs from 'node:fs';
import path from 'node:path';
import { CampaignContext } from './__testUtils__/campaign/CampaignContext';
import { PHASES } from './__testUtils__/campaign/runCampaign';
import { ReplicaHarness } from './__testUtils__/ReplicaHarness';
import { thresholdThrough } from './__testUtils__/fleet';

// The replicas end-to-end suite, short: 3 backend replicas (separate processes)
// on one PostgreSQL deliver 24 apps (3 with canaries) from a git server to the
// local control plane. Every change is applied by exactly one replica; kill -9
// of a replica at random moments loses nothing and repeats nothing; the git
// server, the API server and Prometheus each go away for a while and
// everything recovers by itself. `yarn soak:replicas` runs the full campaign.

const MINUTE = 60_000;
jest.setTimeout(8 * MINUTE);

const OUTAGE_SECONDS = 10;

const seed = Number(
  process.env.SLIPWAY_REPLICAS_SEED ?? Date.now() % 1_000_000,
);
let harness: ReplicaHarness;
let ctx: CampaignContext;
let logFile: string;
let failed = false;

beforeAll(async () => {
  harness = await ReplicaHarness.start({
    replicas: 3,
    apps: 24,
    canaries: 3,
    syncIntervalSeconds: 5,
    leaseSeconds: 6,
    analysisInterval: '2s',
    canaryThreshold: thresholdThrough(OUTAGE_SECONDS, '2s'),
  });
  logFile = path.join(harness.workDir, 'campaign.log');
  ctx = new CampaignContext(harness, {
    kills: 3,
    outageSeconds: OUTAGE_SECONDS,
    seed,
    convergeTimeoutMs: 3 * MINUTE,
    recoveryAllowanceMs: 20_000,
    log: line =>
      fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`),
  });
  ctx.settings.log(
    `seed ${seed}; replicas up in ${harness.startupMs.join(', ')} ms`,
  );
}, 5 * MINUTE);

afterAll(async () => {
  if (failed) {
    harness?.keepLogs();
    process.stderr.write(
      `replicas e2e (seed ${seed}): replica logs and the campaign log kept in ${harness?.workDir}\n`,
    );
  }
  await harness?.stop();
}, 2 * MINUTE);

describe('three backend replicas on one database', () => {
  it.each(PHASES.map(p => [p.name, p] as const))(
    '%s: every check holds',
    async (_name, phase) => {
      const result = await phase.run(ctx);
      if (result.failures.length) failed = true;
      expect({ phase: result.phase, failures: result.failures }).toEqual({
        phase: result.phase,
        failures: [],
      });
    },
  );
});
