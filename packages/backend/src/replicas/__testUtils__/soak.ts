import { parseArgs } from 'node:util';
import { formatReport, runCampaign } from './campaign/runCampaign';

// `yarn soak:replicas`: the full multi-replica campaign (3 replicas, 200
// apps, 20 canaries, 20 kill -9 rounds, outages of a minute), with a summary
// at the end. Flags change its size, e.g. `--apps 50 --kills 5`; `--seed`
// replays a run's random choices.

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '3' },
    apps: { type: 'string', default: '200' },
    canaries: { type: 'string', default: '20' },
    kills: { type: 'string', default: '20' },
    outage: { type: 'string', default: '60' },
    interval: { type: 'string', default: '20' },
    lease: { type: 'string', default: '15' },
    analysis: { type: 'string', default: '5s' },
    seed: { type: 'string' },
    'keep-logs': { type: 'boolean', default: false },
  },
});

async function main() {
  const started = Date.now();
  const log = (line: string) =>
    process.stdout.write(
      `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`,
    );
  const report = await runCampaign(
    {
      replicas: Number(values.replicas),
      apps: Number(values.apps),
      canaries: Number(values.canaries),
      kills: Number(values.kills),
      outageSeconds: Number(values.outage),
      syncIntervalSeconds: Number(values.interval),
      leaseSeconds: Number(values.lease),
      analysisInterval: values.analysis!,
      seed: values.seed ? Number(values.seed) : Date.now() % 1_000_000,
      convergeTimeoutMs: 15 * 60_000,
      recoveryAllowanceMs: 30_000,
      keepWorkDir: values['keep-logs'],
      log,
    },
    harness => {
      // Ctrl-C stops the replicas and everything the harness started; a
      // second signal while that runs changes nothing.
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping everything`);
        harness.keepLogs();
        harness.stop().finally(() => process.exit(130));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
  );
  process.stdout.write(`\n${formatReport(report)}\n`);
  process.exit(report.phases.some(p => p.failures.length) ? 1 : 0);
}

main().catch(error => {
  process.stderr.write(`soak:replicas failed: ${error.stack ?? error}\n`);
  process.exit(2);
});
