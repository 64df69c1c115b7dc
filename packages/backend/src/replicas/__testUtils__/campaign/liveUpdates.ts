import { waitUntil } from '@internal/test-env';
import { gitopsAppChannel } from '@slipway/plugin-gitops-common';
import { SignalsListener } from '../SignalsListener';
import { CampaignContext, PhaseResult } from './CampaignContext';
import { appKey, waitSyncedAt } from './fleetState';

/**
 * Live updates reach every replica: a tab connected to each replica listens
 * on one app's channel, and a change of that app, synced by whichever
 * replica holds it, pings all of them. The tabs connected to the other
 * replicas get the ping only if the events bus carries it between replicas.
 */
export function liveUpdatesOnEveryReplica(
  ctx: CampaignContext,
): Promise<PhaseResult> {
  return ctx.phase('live updates', async result => {
    const { harness } = ctx;
    const [app] = ctx.pick(ctx.plainApps, 1);
    const channel = gitopsAppChannel(appKey(app));
    const tabs = await Promise.all(
      harness.running().map(async replica => ({
        replica,
        listener: await SignalsListener.connect(replica.url),
      })),
    );
    try {
      for (const { listener } of tabs) listener.subscribe(channel);
      const committed = Date.now();
      const sha = await ctx.commit([app], 'live updates');
      await waitSyncedAt(harness.api, [app], sha, ctx.converge);
      const pinged = () =>
        tabs.filter(t => !t.listener.firstOn(channel, committed));
      const missing = await waitUntil(pinged, {
        description: `a ping on ${channel} at every replica`,
        timeoutMs: 30_000,
        intervalMs: 200,
        until: waiting => waiting.length === 0,
      }).catch(() => pinged());

      const runner = (await ctx.storedRuns()).find(
        r => r.appKey === appKey(app) && r.revision === sha,
      )?.owner;
      const ranOn = harness
        .running()
        .find(r => runner?.includes(`-${r.pid}-`))?.name;
      result.figures.syncedOn = ranOn ?? runner ?? 'unknown';
      // The first ping each tab got: their spread is the bus's delay between replicas.
      const firstPings = tabs.flatMap(
        t => t.listener.firstOn(channel, committed)?.at ?? [],
      );
      result.figures.pingedReplicas = firstPings.length;
      if (firstPings.length) {
        result.figures.pingSpreadMs =
          Math.max(...firstPings) - Math.min(...firstPings);
      }
      for (const { replica } of missing) {
        result.failures.push(
          `a tab connected to ${
            replica.name
          } got no ping on ${channel} within 30 s of ${
            app.name
          } turning Synced at ${sha.slice(0, 7)} (synced by ${
            result.figures.syncedOn
          })`,
        );
      }
    } finally {
      for (const { listener } of tabs) listener.close();
    }
  });
}
