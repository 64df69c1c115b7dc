import { waitUntil } from '@internal/test-env';
import { FleetApp } from '../fleet';
import { StoppableService } from '../infra/stoppableServices';
import {
  appliedExactlyOnce,
  changesWithoutRun,
  eventOutline,
  interruptedWithoutReason,
  metricWarnings,
  rolloutCommitFindings,
  lostRuns,
  runningRuns,
  syncApplies,
} from './checks';
import {
  CampaignContext,
  pause,
  PhaseResult,
  seconds,
  StoredRun,
} from './CampaignContext';
import {
  appKey,
  fleetStates,
  rolloutMarks,
  waitAppMessage,
  waitRolloutsInitialized,
  unsuccessfulRollouts,
  waitRolloutsEnded,
  waitSyncedAt,
} from './fleetState';

/** Runs per replica instance among `runs`, as `owner: count`. */
function runsByOwner(runs: StoredRun[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) {
    const owner = r.owner ?? 'unknown';
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return [...counts.values()].sort((a, b) => b - a).join('/');
}

/** The first deploy: every app Synced, every canary initialised. */
export function deployFleet(ctx: CampaignContext): Promise<PhaseResult> {
  return ctx.phase('deploy', async result => {
    const { harness } = ctx;
    const started = Date.now();
    const states = await waitUntil(() => fleetStates(harness.api), {
      description: `all ${harness.apps.length} apps to be Synced`,
      timeoutMs: ctx.settings.convergeTimeoutMs,
      intervalMs: 1000,
      until: s =>
        harness.apps.every(a => s.get(appKey(a))?.syncStatus === 'Synced'),
    });
    result.figures.syncedS = seconds(Date.now() - started);
    for (const app of harness.apps) {
      const sha = states.get(appKey(app))!.revision!;
      ctx.changes.push({ appKey: appKey(app), sha });
    }
    await waitRolloutsInitialized(harness.api, ctx.canaries, ctx.converge);
    result.figures.initializedS = seconds(Date.now() - started);
    const runs = await ctx.storedRuns();
    ctx.runsSeen = runs;
    result.figures.runs = runs.length;
    result.figures.runsPerReplica = runsByOwner(runs);
  });
}

/**
 * With every replica up, one change of every app: each object is applied
 * by exactly one replica, exactly once; the canaries' runs are the outline
 * later runs are held to.
 */
export function changeEveryAppOnce(ctx: CampaignContext): Promise<PhaseResult> {
  return ctx.phase('exactly-once', async result => {
    const { harness } = ctx;
    const offset = await harness.audit.mark();
    const before = new Set(ctx.runsSeen.map(r => r.id));
    const marks = await rolloutMarks(harness.api, ctx.canaries);
    const started = Date.now();
    const sha = await ctx.commit(harness.apps, 'change every app');
    await waitSyncedAt(harness.api, harness.apps, sha, ctx.converge);
    ctx.baselineSyncMs = Date.now() - started;
    result.figures.syncedS = seconds(ctx.baselineSyncMs);
    const runs = await waitRolloutsEnded(
      harness.api,
      ctx.canaries,
      marks,
      ctx.converge,
    );
    result.failures.push(...unsuccessfulRollouts(ctx.canaries, runs));
    result.failures.push(
      ...rolloutCommitFindings(
        ctx.canaries.map((app, i) => ({ app, run: runs[i] })),
        sha,
      ),
    );
    ctx.baselineConvergeMs = Date.now() - started;
    result.figures.rolledOutS = seconds(ctx.baselineConvergeMs);

    const { writes } = await harness.audit.writesSince(offset);
    const applies = syncApplies(writes, harness.namespace);
    result.figures.applies = [...applies.values()].reduce((a, b) => a + b, 0);
    result.failures.push(...appliedExactlyOnce(applies, harness.apps, []));

    const outlines = await Promise.all(
      ctx.canaries.map(async (app, i) =>
        eventOutline(
          (
            await harness.api.rolloutRun(app.name, app.name, runs[i].id)
          ).events,
          app.name,
        ),
      ),
    );
    ctx.baselineOutline = outlines[0];
    outlines.forEach((outline, i) => {
      if (JSON.stringify(outline) !== JSON.stringify(ctx.baselineOutline)) {
        result.failures.push(
          `rollout of ${ctx.canaries[i].name} differs from ${
            ctx.canaries[0].name
          }'s: ${JSON.stringify(outline)} vs ${JSON.stringify(
            ctx.baselineOutline,
          )}`,
        );
      }
    });
    result.figures.rolloutEvents = ctx.baselineOutline?.length ?? 0;

    const all = await ctx.storedRuns();
    const fresh = all.filter(r => !before.has(r.id));
    result.figures.runs = fresh.length;
    result.figures.runsPerReplica = runsByOwner(fresh);
    result.failures.push(...settledRunFindings(ctx, all));
    ctx.runsSeen = all;
  });
}

/** Findings over all runs: none lost, none left Running, every interruption explained. */
function settledRunFindings(ctx: CampaignContext, all: StoredRun[]): string[] {
  return [
    ...lostRuns(ctx.runsSeen, all),
    ...runningRuns(all),
    ...interruptedWithoutReason(all, ctx.harness.killedPids()),
  ];
}

/** Waits until no run is Running any more (a dead replica's runs end once its lease expires). */
async function runsSettled(ctx: CampaignContext): Promise<StoredRun[]> {
  return waitUntil(() => ctx.storedRuns(), {
    description: 'no sync run to be Running',
    timeoutMs: ctx.leaseMs * 3 + 60_000,
    intervalMs: 1000,
    until: runs => runs.every(r => r.result !== 'Running'),
  }).catch(async () => ctx.storedRuns());
}

/** Follows the operations asked for until each has ended; findings for those that did not end well. */
async function operationFindings(ctx: CampaignContext): Promise<string[]> {
  const findings: string[] = [];
  const killed = ctx.harness.killedPids();
  for (const entry of ctx.operations) {
    const final = await waitUntil(
      () => ctx.harness.api.operation(entry.app.name, entry.operation.id),
      {
        description: `operation ${entry.operation.id} on ${entry.app.name} to end`,
        timeoutMs: ctx.leaseMs * 3 + 60_000,
        intervalMs: 1000,
        until: op => !['Pending', 'Running'].includes(op.status),
      },
    ).catch(error => {
      findings.push((error as Error).message);
      return undefined;
    });
    if (!final) continue;
    entry.operation = final;
    const named =
      killed.some(pid => (final.message ?? '').includes(`-${pid}-`)) ||
      /stopped/i.test(final.message ?? '');
    if (final.status === 'Failed') {
      findings.push(
        `operation ${final.id} on ${entry.app.name} failed: ${final.message}`,
      );
    } else if (final.status === 'Interrupted' && !named) {
      findings.push(
        `operation ${final.id} on ${entry.app.name} is Interrupted without naming the stopped replica: ${final.message}`,
      );
    }
  }
  return findings;
}

/**
 * Kill rounds: a change of some apps (every canary among them), a manual
 * sync, and a kill -9 of a random replica at a random moment while they
 * sync and roll out; the replica comes back after a while. Each change is
 * applied once, no run is lost or left Running, every rollout tells the
 * same story as one without kills.
 */
export function killDuringChanges(ctx: CampaignContext): Promise<PhaseResult> {
  return ctx.phase('kills', async result => {
    const { harness } = ctx;
    const syncWindow = ctx.baselineSyncMs ?? 5_000;
    const rolloutWindow = Math.max(
      syncWindow + 1_000,
      ctx.baselineConvergeMs ?? 20_000,
    );
    const hits = { sync: 0, rollout: 0, idle: 0 };
    const orphansEndedMs: number[] = [];
    let warnings = 0;
    const recoveries: number[] = [];
    for (let round = 1; round <= ctx.settings.kills; round++) {
      const offset = await harness.audit.mark();
      const changed = [
        ...ctx.canaries,
        ...ctx.pick(
          ctx.plainApps,
          Math.max(1, Math.ceil(ctx.plainApps.length / 4)),
        ),
      ];
      const unchanged = harness.apps.filter(a => !changed.includes(a));
      const marks = await rolloutMarks(harness.api, ctx.canaries);
      const started = Date.now();
      const sha = await ctx.commit(changed, `kill round ${round}`);
      // A manual sync races the kill: its operation must end and say how.
      const [manual] = ctx.pick(changed, 1);
      try {
        ctx.operations.push({
          app: manual,
          operation: await harness.api.sync(manual.name),
        });
      } catch (error) {
        result.failures.push(
          `round ${round}: sync of ${manual.name}: ${(error as Error).message}`,
        );
      }

      // Odd rounds strike while the apps sync, even ones while the canaries
      // roll out: once a replica is first seen with such work in hand, a
      // random part of that work passes, and a replica with such work in
      // hand then is killed (the one first seen if its work ended, any
      // replica if none was seen).
      const during = round % 2 === 1 ? 'sync' : 'rollout';
      const seen = (timeoutMs: number) =>
        waitUntil(() => busyReplica(ctx, during), {
          description: `a replica with ${during} work in hand`,
          timeoutMs,
          intervalMs: 50,
          until: slot => slot !== undefined,
        }).catch(() => undefined);
      const first = await seen(
        Math.max(1_000, started + rolloutWindow - Date.now()),
      );
      if (first !== undefined) {
        await pause(ctx.between(0, during === 'sync' ? 4_000 : 10_000));
      }
      const busy =
        first === undefined
          ? undefined
          : (await busyReplica(ctx, during)) ?? first;
      const slot =
        busy ??
        ctx.pick(
          harness.replicas.flatMap((r, i) => (r?.running ? [i] : [])),
          1,
        )[0];
      const pid = await harness.killReplica(slot);
      hits[busy === undefined ? 'idle' : during]++;
      ctx.settings.log(
        `round ${round}: killed replica ${slot} (pid ${pid}, ${
          busy === undefined ? 'no work in hand seen' : `${during} in hand`
        }) ${seconds(Date.now() - started)} s after the commit`,
      );
      // Its unfinished runs and operations end once its leases expire and
      // the next look for orphans (every lease period) finds them; timed
      // from the kill, while the replica restarts.
      const killedAt = Date.now();
      const orphansEnded = waitUntil(() => unfinishedWorkOf(ctx, pid), {
        description: `the runs and operations of killed replica ${pid} to end`,
        timeoutMs: 3 * ctx.leaseMs + 60_000,
        intervalMs: 250,
        until: open => open === 0,
      }).then(
        () => Date.now() - killedAt,
        () => undefined,
      );
      await pause(ctx.between(0, ctx.leaseMs));
      await harness.startReplica(slot);
      const endedMs = await orphansEnded;
      if (endedMs !== undefined) orphansEndedMs.push(endedMs);
      if (
        endedMs === undefined ||
        endedMs > 2 * ctx.leaseMs + ctx.settings.recoveryAllowanceMs
      ) {
        result.failures.push(
          `round ${round}: the work of killed replica ${pid} ${
            endedMs === undefined
              ? 'never ended'
              : `ended ${seconds(endedMs)} s after the kill`
          }; two lease periods are ${seconds(2 * ctx.leaseMs)} s (+${seconds(
            ctx.settings.recoveryAllowanceMs,
          )} s allowed)`,
        );
      }

      await waitSyncedAt(harness.api, harness.apps, sha, ctx.converge);
      const runs = await waitRolloutsEnded(
        harness.api,
        ctx.canaries,
        marks,
        ctx.converge,
      );
      result.failures.push(...unsuccessfulRollouts(ctx.canaries, runs));
      recoveries.push(Date.now() - started);
      result.failures.push(
        ...rolloutCommitFindings(
          ctx.canaries.map((app, i) => ({ app, run: runs[i] })),
          sha,
        ).map(f => `round ${round}: ${f}`),
      );

      const { writes } = await harness.audit.writesSince(offset);
      result.failures.push(
        ...appliedExactlyOnce(
          syncApplies(writes, harness.namespace),
          changed,
          unchanged,
        ).map(f => `round ${round}: ${f}`),
      );
      for (const [i, app] of ctx.canaries.entries()) {
        if (runs[i].result !== 'Succeeded') continue; // reported above
        const { events } = await harness.api.rolloutRun(
          app.name,
          app.name,
          runs[i].id,
        );
        warnings += metricWarnings(events);
        const outline = eventOutline(events, app.name);
        if (JSON.stringify(outline) !== JSON.stringify(ctx.baselineOutline)) {
          result.failures.push(
            `round ${round}: rollout of ${
              app.name
            } told a different story: ${JSON.stringify(
              outline,
            )}, without kills: ${JSON.stringify(ctx.baselineOutline)}`,
          );
        }
      }
    }
    const settledStarted = Date.now();
    const all = await runsSettled(ctx);
    result.figures.runsSettledS = seconds(Date.now() - settledStarted);
    result.failures.push(...settledRunFindings(ctx, all));
    result.failures.push(...(await operationFindings(ctx)));
    ctx.runsSeen = all;
    result.figures.kills = ctx.settings.kills;
    result.figures.metricWarnings = warnings;
    result.figures.orphansEndedMaxS = seconds(Math.max(...orphansEndedMs));
    result.figures.killedWith = `sync:${hits.sync} rollout:${hits.rollout} idle:${hits.idle}`;
    result.figures.roundMaxS = seconds(Math.max(...recoveries));
    result.figures.interruptedRuns = all.filter(
      r => r.result === 'Interrupted',
    ).length;
    result.figures.operations = ctx.operations
      .map(o => o.operation.status)
      .join(',');
  });
}

/**
 * The slot of a running replica with work in hand now: a sync run or
 * operation it runs, or a rollout it holds the lease of. Owners are
 * instance ids, which hold the process id.
 */
async function busyReplica(
  ctx: CampaignContext,
  work: 'sync' | 'rollout',
): Promise<number | undefined> {
  const { db } = ctx.harness;
  let owners: string[];
  try {
    owners =
      work === 'sync'
        ? [
            ...(await db('sync_runs')
              .where('result', 'Running')
              .pluck('owner')),
            ...(await db('sync_operations')
              .where('status', 'Running')
              .pluck('owner')),
          ]
        : await db('rollout_states')
            .whereNotIn('phase', ['Succeeded', 'Initialized', 'Failed'])
            .pluck('lease_owner');
  } catch {
    return undefined;
  }
  const slots = ctx.harness.replicas.flatMap((r, slot) =>
    r?.running && owners.some(o => String(o).includes(`-${r.pid}-`))
      ? [slot]
      : [],
  );
  return ctx.pick(slots, 1)[0];
}

/** Sync runs and operations a replica (by pid) left unfinished. */
async function unfinishedWorkOf(
  ctx: CampaignContext,
  pid: number,
): Promise<number> {
  const { db } = ctx.harness;
  const owner = `%-${pid}-%`;
  const [runs, operations] = await Promise.all([
    db('sync_runs')
      .where('result', 'Running')
      .andWhereLike('owner', owner)
      .count({ n: '*' }),
    db('sync_operations')
      .whereIn('status', ['Pending', 'Running'])
      .andWhereLike('owner', owner)
      .count({ n: '*' }),
  ]);
  return Number(runs[0].n) + Number(operations[0].n);
}

/** How a service's outage must show: its address or its name in the message. */
function namesService(service: StoppableService, words: string[]): RegExp {
  const { host } = new URL(service.url);
  const escaped = [host, ...words].map(w =>
    w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(escaped.join('|'), 'i');
}

/**
 * A server the replicas need is stopped for a while: the apps changed
 * meanwhile and a rollout caught in its analysis show a state naming it,
 * nothing is lost, and once it is back everything recovers by itself within
 * one interval (the sync interval for apps, the analysis interval for the
 * rollout).
 */
export function outage(
  ctx: CampaignContext,
  service: StoppableService,
  options: {
    /** Words that name the service in a message, beside its address. */
    words: string[];
    /** Apps are changed during the outage and must show it. */
    apps: boolean;
    /** A rollout is in its analysis when the outage starts and must show it. */
    rollout: boolean;
  },
): Promise<PhaseResult> {
  return ctx.phase(`outage of the ${service.name}`, async result => {
    const { harness, settings } = ctx;
    const offset = await harness.audit.mark();
    const pattern = namesService(service, options.words);
    const outageMs = settings.outageSeconds * 1000;
    const shows = {
      timeoutMs: outageMs + 2 * ctx.syncIntervalMs + 60_000,
      intervalMs: 1000,
    };
    const changed: FleetApp[] = [];
    const shas: string[] = [];

    const [canary] = ctx.pick(ctx.canaries, 1);
    const marks = await rolloutMarks(harness.api, [canary]);
    const rolloutStatus = async () =>
      (await harness.api.rollouts(canary.name))[0]?.status;
    if (options.rollout) {
      changed.push(canary);
      shas.push(
        await ctx.commit([canary], `release before the ${service.name} outage`),
      );
      await waitUntil(rolloutStatus, {
        description: `the rollout of ${canary.name} to advance`,
        timeoutMs: settings.convergeTimeoutMs,
        intervalMs: 500,
        until: s => (s?.canaryWeight ?? 0) > 0,
      });
    }

    await service.stop();
    const stoppedAt = Date.now();
    const shown: Array<Promise<void>> = [];
    if (options.apps) {
      const apps = ctx.pick(
        ctx.plainApps,
        Math.max(1, Math.ceil(ctx.plainApps.length / 4)),
      );
      changed.push(...apps);
      shas.push(
        await ctx.commit(apps, `change during the ${service.name} outage`),
      );
      shown.push(
        waitAppMessage(harness.api, apps, pattern, {
          ...shows,
          description: `an app to name the ${service.name} (${pattern})`,
        }).then(app => {
          result.figures.appShownS = seconds(Date.now() - stoppedAt);
          result.figures.appMessage = (app.message ?? '').slice(0, 200);
        }),
      );
    }
    if (options.rollout) {
      shown.push(
        waitUntil(rolloutStatus, {
          ...shows,
          description: `the rollout of ${canary.name} to name the ${service.name} (${pattern})`,
          until: s => pattern.test(s?.message ?? ''),
        }).then(status => {
          result.figures.rolloutShownS = seconds(Date.now() - stoppedAt);
          result.figures.rolloutMessage = (status?.message ?? '').slice(0, 200);
        }),
      );
    }
    const shownOutcome = await Promise.allSettled(shown);
    for (const o of shownOutcome) {
      if (o.status === 'rejected')
        result.failures.push(String(o.reason?.message ?? o.reason));
    }

    await pause(Math.max(0, stoppedAt + outageMs - Date.now()));
    await service.start();
    const backAt = Date.now();
    result.figures.outageS = seconds(backAt - stoppedAt);

    const recovered: Array<Promise<void>> = [];
    const late = (what: string, ms: number, intervalMs: number) => {
      if (ms > intervalMs + settings.recoveryAllowanceMs) {
        result.failures.push(
          `${what} recovered ${seconds(ms)} s after the ${
            service.name
          } came back; one interval is ${seconds(intervalMs)} s (+${seconds(
            settings.recoveryAllowanceMs,
          )} s allowed)`,
        );
      }
    };
    const latest = shas[shas.length - 1];
    recovered.push(
      waitSyncedAt(harness.api, harness.apps, latest, ctx.converge).then(at => {
        result.figures.appsRecoveredS = seconds(at - backAt);
        if (options.apps) late('the apps', at - backAt, ctx.syncIntervalMs);
      }),
    );
    if (options.rollout) {
      const analysisMs = parseDurationMs(harness.options.analysisInterval);
      recovered.push(
        waitUntil(rolloutStatus, {
          description: `the rollout of ${canary.name} to stop naming the ${service.name}`,
          ...ctx.converge,
          intervalMs: 500,
          until: s => !pattern.test(s?.message ?? ''),
        }).then(() => {
          const ms = Date.now() - backAt;
          result.figures.rolloutRecoveredS = seconds(ms);
          late(`the rollout of ${canary.name}`, ms, analysisMs);
        }),
      );
    }
    for (const o of await Promise.allSettled(recovered)) {
      if (o.status === 'rejected')
        result.failures.push(String(o.reason?.message ?? o.reason));
    }
    if (options.rollout) {
      const runs = await waitRolloutsEnded(
        harness.api,
        [canary],
        marks,
        ctx.converge,
      );
      result.failures.push(...unsuccessfulRollouts([canary], runs));
    }

    const { writes } = await harness.audit.writesSince(offset);
    const unchanged = harness.apps.filter(a => !changed.includes(a));
    result.failures.push(
      ...appliedExactlyOnce(
        syncApplies(writes, harness.namespace),
        changed,
        unchanged,
      ),
    );
    const all = await runsSettled(ctx);
    result.failures.push(...settledRunFindings(ctx, all));
    ctx.runsSeen = all;
  });
}

/** `2s`, `1m`, `500ms` in milliseconds. */
export function parseDurationMs(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]]!;
  return Number(match[1]) * unit;
}

/** The end: every change left a History row, nothing is Running, nothing was lost. */
export function finalChecks(ctx: CampaignContext): Promise<PhaseResult> {
  return ctx.phase('final', async result => {
    const all = await runsSettled(ctx);
    result.failures.push(...settledRunFindings(ctx, all));
    result.failures.push(...changesWithoutRun(all, ctx.changes));
    result.figures.runs = all.length;
    result.figures.changes = ctx.changes.length;
    result.figures.interruptedRuns = all.filter(
      r => r.result === 'Interrupted',
    ).length;
    result.figures.failedRuns = all.filter(r => r.result === 'Failed').length;
    result.figures.runsPerReplica = runsByOwner(all);
  });
}
