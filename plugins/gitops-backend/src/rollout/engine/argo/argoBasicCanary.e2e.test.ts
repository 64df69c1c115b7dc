import { testGitServer, waitUntil } from '@internal/test-env';
import { createTestDatabases } from '../../../__testUtils__/testDatabases';
import { uniqueName } from '../../../clusters/__testUtils__/localKube';
import type { RolloutHarness } from '../../__testUtils__/rolloutHarness';
import {
  argo,
  replicaSetsOf,
  startArgoApp,
  upstreamFiles,
  withImage,
} from './__testUtils__/argoHarness';

jest.setTimeout(300_000);

// Argo Rollouts' getting-started guide for a basic canary, as its users
// have it: the guide's own Rollout and Service, read from the pinned
// release when the test runs, synced from git to the local control plane,
// and run by Slipway as Argo's controller would.

const databases = createTestDatabases();
const git = testGitServer();
const GUIDE = 'docs/getting-started/basic';

const replicaSets = (h: RolloutHarness) => replicaSetsOf(h, 'rollouts-demo');

async function start(namespace: string) {
  const guide = await upstreamFiles(GUIDE, ['rollout.yaml', 'service.yaml']);
  const files = {
    rollout: guide['rollout.yaml'],
    service: guide['service.yaml'],
  };
  const h = await startArgoApp({
    git,
    knex: await databases.init(),
    namespace,
    canary: 'rollouts-demo',
    files: guide,
  });
  return { h, files };
}

/** Ticks until the canary step and its replica counts are where Argo puts them. */
async function atStep(
  h: RolloutHarness,
  stepIndex: number,
  canary: string,
  counts: { canary: number; stable: number },
) {
  const state = await h.tickUntil(
    s => argo(s).currentStepIndex === stepIndex,
    `step ${stepIndex}`,
  );
  const stable = argo(state).stableRS;
  await waitUntil(() => replicaSets(h), {
    until: rs =>
      rs.get(canary)?.replicas === counts.canary &&
      rs.get(stable)?.replicas === counts.stable,
    description: `ReplicaSets at ${counts.canary} canary / ${counts.stable} stable`,
    timeoutMs: 60_000,
    intervalMs: 250,
  }).catch(async error => {
    const rs = Object.fromEntries(await replicaSets(h));
    throw new Error(`${(error as Error).message}: ${JSON.stringify(rs)}`);
  });
  return state;
}

describe('Argo Rollouts basic canary (getting-started guide), run by Slipway', () => {
  it('deploys the first revision at once, then walks an update through the steps as Argo does: holds at the untimed pause until promoted, follows the timed pauses, ends with every pod on the new ReplicaSet', async () => {
    const { h, files } = await start(uniqueName('argo-basic'));
    try {
      await h.sync();
      const first = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the first revision Healthy',
      );
      const blue = argo(first).stableRS;
      expect(blue).toBe(argo(first).currentPodHash);
      await waitUntil(() => replicaSets(h), {
        until: rs => rs.get(blue)?.ready === 5,
        description: 'five ready pods of the first revision',
        timeoutMs: 60_000,
      });
      // The Service selects the pods by the app label only: Argo adds no
      // hash to a Service the rollout does not name.
      const service = await h.get('v1', 'Service', 'rollouts-demo');
      expect((service!.spec as any).selector).toEqual({ app: 'rollouts-demo' });

      await h.commitAndSync(
        { 'rollout.yaml': withImage(files.rollout, 'yellow') },
        'yellow',
      );
      const paused = await h.tickUntil(
        s => s.argo?.status.phase === 'Paused',
        'the untimed pause of step 1',
      );
      const yellow = argo(paused).currentPodHash;
      expect(yellow).not.toBe(blue);
      expect(argo(paused).currentStepIndex).toBe(1);
      expect(argo(paused).pauseConditions.map(c => c.reason)).toEqual([
        'CanaryPauseStep',
      ]);
      expect(paused).toMatchObject({
        phase: 'WaitingPromotion',
        canaryWeight: 20,
        pause: { reason: 'pause step' },
      });
      await atStep(h, 1, yellow, { canary: 1, stable: 4 });
      // The GitOps tab: the Rollout judged by Argo CD's rule for Rollouts
      // (a pause is Suspended), its two ReplicaSets and their pods under it.
      await h.sync();
      const tree = await h.gitops.listResources(h.app.key);
      const node = tree.find(r => r.kind === 'Rollout');
      expect(node).toMatchObject({
        name: 'rollouts-demo',
        syncStatus: 'Synced',
        healthStatus: 'Suspended',
      });
      const children = tree.filter(r => r.parentId === node!.id);
      expect(children.map(r => r.name).sort()).toEqual(
        [`rollouts-demo-${blue}`, `rollouts-demo-${yellow}`].sort(),
      );
      expect(tree.filter(r => r.kind === 'Pod')).toHaveLength(5);
      expect((await h.gitops.getApp(h.app.key))?.healthStatus).toBe(
        'Suspended',
      );
      // An untimed pause holds until a user promotes.
      for (let i = 0; i < 3; i++) {
        expect(argo(await h.tick()).currentStepIndex).toBe(1);
      }

      await h.engine.control(h.app.key, 'rollouts-demo', 'promote');
      await atStep(h, 3, yellow, { canary: 2, stable: 3 });
      await atStep(h, 5, yellow, { canary: 3, stable: 2 });
      await atStep(h, 7, yellow, { canary: 4, stable: 1 });
      const done = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the update Healthy',
      );
      expect(argo(done).stableRS).toBe(yellow);
      await waitUntil(() => replicaSets(h), {
        until: rs =>
          rs.get(yellow)?.ready === 5 && rs.get(blue)?.replicas === 0,
        description: 'every pod on the new ReplicaSet',
        timeoutMs: 60_000,
      });
      expect(done).toMatchObject({ phase: 'Succeeded', canaryWeight: 0 });
      await h.sync();
      expect((await h.gitops.getApp(h.app.key))?.healthStatus).toBe('Healthy');

      const runs = await h.store.listRolloutRuns(h.app.key, 'rollouts-demo', {
        offset: 0,
        limit: 10,
      });
      expect(runs.items.map(r => [r.revision, r.result, r.strategy])).toEqual([
        [yellow, 'Succeeded', 'canary'],
      ]);
      const messages = (await h.events()).map(e => e.message);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /Rollout step 1\/8 completed \(setWeight: 20\)/,
          ),
        ]),
      );
    } finally {
      await h.stop();
    }
  });

  it('aborts an update back to the stable ReplicaSet, Degraded, and a retry starts it over at step 0', async () => {
    const { h, files } = await start(uniqueName('argo-abort'));
    try {
      await h.sync();
      const first = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the first revision Healthy',
      );
      const blue = argo(first).stableRS;
      await h.commitAndSync(
        { 'rollout.yaml': withImage(files.rollout, 'red') },
        'red',
      );
      const paused = await h.tickUntil(
        s => s.argo?.status.phase === 'Paused',
        'the untimed pause of step 1',
      );
      const red = argo(paused).currentPodHash;
      await atStep(h, 1, red, { canary: 1, stable: 4 });

      await h.engine.control(h.app.key, 'rollouts-demo', 'abort');
      const aborted = await h.tickUntil(
        s => s.argo?.status.phase === 'Degraded',
        'Degraded after the abort',
      );
      expect(argo(aborted).abort).toBe(true);
      expect(argo(aborted).message).toMatch(/RolloutAborted/);
      expect(aborted.phase).toBe('Failed');
      await waitUntil(() => replicaSets(h), {
        until: rs =>
          rs.get(blue)?.replicas === 5 && rs.get(red)?.replicas === 0,
        description: 'all pods back on the stable ReplicaSet',
        timeoutMs: 60_000,
      });
      const runs = await h.store.listRolloutRuns(h.app.key, 'rollouts-demo', {
        offset: 0,
        limit: 10,
      });
      expect(runs.items.map(r => r.result)).toEqual(['Aborted']);

      await expect(
        h.engine.control(h.app.key, 'rollouts-demo', 'abort'),
      ).rejects.toThrow(/already aborted/);
      await h.engine.control(h.app.key, 'rollouts-demo', 'retry');
      const retried = await h.tickUntil(
        s => !s.argo!.status.abort && s.argo!.status.phase === 'Paused',
        'the retry paused at step 1 again',
      );
      expect(argo(retried).currentStepIndex).toBe(1);
      await atStep(h, 1, red, { canary: 1, stable: 4 });
    } finally {
      await h.stop();
    }
  });
});
