import { startLoopbackServer, testGitServer } from '@internal/test-env';
import { createTestDatabases } from '../../../__testUtils__/testDatabases';
import { uniqueName } from '../../../clusters/__testUtils__/localKube';
import type { RolloutHarness } from '../../__testUtils__/rolloutHarness';
import {
  argo,
  selectedHash,
  startArgoApp,
  tickUntilSeen,
  upstreamFiles,
  withImage,
} from './__testUtils__/argoHarness';

jest.setTimeout(300_000);

// Argo Rollouts' blue-green example as its users have it (read from the
// pinned release when the test runs): the active Service moves to the new
// ReplicaSet only on promotion, the preview Service shows it before.

const databases = createTestDatabases();
const git = testGitServer();
const NAME = 'rollout-bluegreen';

const example = async () =>
  (await upstreamFiles('examples', ['rollout-bluegreen.yaml']))[
    'rollout-bluegreen.yaml'
  ];

async function start(namespace: string, files: Record<string, string>) {
  const knex = await databases.init();
  return startArgoApp({ git, knex, namespace, canary: NAME, files });
}

async function waitForSelector(
  h: RolloutHarness,
  service: string,
  hash: string,
) {
  await tickUntilSeen(
    h,
    () => selectedHash(h, service),
    selected => selected === hash,
    `Service ${service} selecting ${hash}`,
  );
}

describe('Argo Rollouts blue-green, run by Slipway', () => {
  it('keeps the active Service on the old ReplicaSet while the preview shows the new one, until a user promotes it', async () => {
    const text = await example();
    const h = await start(uniqueName('argo-bg'), { 'rollout.yaml': text });
    try {
      await h.sync();
      const first = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the first revision Healthy',
      );
      const blue = argo(first).stableRS;
      await waitForSelector(h, `${NAME}-active`, blue);
      await waitForSelector(h, `${NAME}-preview`, blue);

      await h.commitAndSync(
        { 'rollout.yaml': withImage(text, 'green') },
        'green',
      );
      const paused = await h.tickUntil(
        s => s.argo?.status.phase === 'Paused',
        'the pause before promotion',
      );
      const green = argo(paused).currentPodHash;
      expect(argo(paused).pauseConditions.map(c => c.reason)).toEqual([
        'BlueGreenPause',
      ]);
      expect(paused.pause?.reason).toBe('promotion approval');
      await waitForSelector(h, `${NAME}-preview`, green);
      expect(await selectedHash(h, `${NAME}-active`)).toBe(blue);
      // Held: autoPromotionEnabled is false.
      for (let i = 0; i < 3; i++) await h.tick();
      expect(await selectedHash(h, `${NAME}-active`)).toBe(blue);

      await h.engine.control(h.app.key, NAME, 'promote');
      const promoted = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy' && argo(s).stableRS === green,
        'the new revision promoted',
      );
      expect(promoted.phase).toBe('Succeeded');
      await waitForSelector(h, `${NAME}-active`, green);
      // The old ReplicaSet stays up for scaleDownDelaySeconds (30 s), as in Argo.
      const old = await tickUntilSeen(
        h,
        () => h.get('apps/v1', 'ReplicaSet', `${NAME}-${blue}`),
        rs => Boolean(rs?.metadata.annotations?.['scale-down-deadline']),
        'the old ReplicaSet given its scale-down deadline',
      );
      const deadline = Date.parse(
        old!.metadata.annotations!['scale-down-deadline'],
      );
      expect(deadline - Date.now()).toBeGreaterThan(10_000);
      expect(deadline - Date.now()).toBeLessThanOrEqual(31_000);
      expect((old!.spec as { replicas: number }).replicas).toBe(2);
    } finally {
      await h.stop();
    }
  });

  it('switches the active Service only after pre-promotion analysis succeeds, and aborts an update whose analysis fails', async () => {
    let healthy = true;
    const checks = await startLoopbackServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ healthy }));
    });
    // The example with automatic promotion and a pre-promotion analysis
    // (a variation of Argo's: its example has neither).
    const text = (await example()).replace(
      'autoPromotionEnabled: false',
      'autoPromotionEnabled: true\n      prePromotionAnalysis:\n        templates:\n        - templateName: smoke',
    );
    const smoke = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: smoke
spec:
  metrics:
  - name: smoke
    successCondition: result == true
    provider:
      web:
        url: ${checks.url}/health
        jsonPath: "{$.healthy}"
`;
    const h = await start(uniqueName('argo-bg-pre'), {
      'rollout.yaml': text,
      'analysis.yaml': smoke,
    });
    try {
      await h.sync();
      const first = await h.tickUntil(
        s => s.argo?.status.phase === 'Healthy',
        'the first revision Healthy',
      );
      const blue = argo(first).stableRS;

      await h.commitAndSync(
        { 'rollout.yaml': withImage(text, 'green') },
        'green',
      );
      const done = await h.tickUntil(
        s =>
          s.argo?.status.phase === 'Healthy' && argo(s).currentPodHash !== blue,
        'green promoted after its analysis',
      );
      const green = argo(done).stableRS;
      expect(green).toBe(argo(done).currentPodHash);
      await waitForSelector(h, `${NAME}-active`, green);
      const runs = done.argo!.runs;
      const pre = Object.values(runs).find(r => r.kind === 'prePromotion');
      expect(pre?.run.phase).toBe('Successful');
      expect(pre?.podTemplateHash).toBe(green);

      healthy = false;
      await h.commitAndSync({ 'rollout.yaml': withImage(text, 'red') }, 'red');
      const aborted = await h.tickUntil(
        s => s.argo?.status.phase === 'Degraded',
        'red aborted by its analysis',
      );
      expect(argo(aborted).abort).toBe(true);
      expect(argo(aborted).message).toMatch(/RolloutAborted/);
      expect(await selectedHash(h, `${NAME}-active`)).toBe(green);
      const failed = Object.values(aborted.argo!.runs).find(
        r =>
          r.kind === 'prePromotion' &&
          r.podTemplateHash === argo(aborted).currentPodHash,
      );
      expect(failed?.run.phase).toBe('Failed');
      const checksOfRun = await h.store.listRolloutRuns(h.app.key, NAME, {
        offset: 0,
        limit: 10,
      });
      expect(checksOfRun.items.map(r => r.result)).toEqual([
        'Failed',
        'Succeeded',
      ]);
    } finally {
      await h.stop();
      await checks.close();
    }
  });
});
