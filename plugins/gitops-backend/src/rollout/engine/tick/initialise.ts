import { readinessWait } from './readinessWait';
import type { TickContext } from './TickContext';

/**
 * Creates the primary and, once it is ready, routes everything to it with
 * the target scaled to 0; the revision found is both applied and promoted,
 * so it starts no run (docs/rollout-engine.md#the-tick, step 2).
 */
export async function initialise(ctx: TickContext): Promise<void> {
  const { state, spec, target } = ctx;
  const { workloads, router } = ctx.deps;
  if (state.phase === '') {
    ctx.enter('Initializing');
    await ctx.event(
      `New ${spec.targetRef.kind} detected, starting initialization.`,
    );
  }
  await workloads.ensurePrimary(target);
  const primary = await workloads.primaryReadiness(target);
  if (!primary.ready) {
    const wait = readinessWait(state, ctx.deps.now(), spec);
    state.waitingSince = wait.waitingSince;
    if (primary.retriable && !wait.expired) {
      await ctx.event(`${primary.message}`, 'Warning');
      return;
    }
    // Nothing to roll back to yet: keep trying, and say why on every tick.
    await ctx.event(
      `Initialization of ${ctx.id} is stuck: ${primary.message}`,
      'Warning',
    );
    return;
  }
  state.waitingSince = undefined;
  await router.reconcile(target);
  await workloads.scaleTarget(target, 'zero');
  await ctx.route({ primary: 100, canary: 0 });
  const revision = await workloads.revision(target);
  state.lastAppliedSpec = revision?.hash;
  state.lastPromotedSpec = revision?.hash;
  state.trackedConfigs = revision?.trackedConfigs ?? {};
  ctx.enter('Initialized');
  await ctx.event(`Initialization done! ${ctx.id}`);
  await ctx.alert(
    'info',
    `New ${spec.targetRef.kind} detected, initialization completed.`,
  );
}
