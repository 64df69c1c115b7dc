import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  startChatFake,
  startLoadTester,
  testGitServer,
  weightsFromVirtualService,
} from '@internal/test-env';
import { RolloutHarness } from './__testUtils__/rolloutHarness';
import { canary, deployment, service } from './__testUtils__/podinfoManifests';
import { uniqueName } from '../clusters/__testUtils__/localKube';

jest.setTimeout(240_000);

// A canary behind Istio, started by a new image committed to the GitOps
// repository and synced, analysed on real Prometheus data from the traffic
// simulator, which splits its traffic by the VirtualService the router writes.

const databases = createTestDatabases();
const git = testGitServer();

const notWaiting = (message: string) =>
  !/not ready|waiting for rollout to finish/.test(message);

async function istioCanary(
  namespace: string,
  extra: { webhooks?: string; files?: Record<string, string> } = {},
) {
  const knex = await databases.init();
  const harness = new RolloutHarness({
    git,
    knex,
    namespace,
    routing: 'istio',
    files: {
      'deployment.yaml': deployment('podinfo:1.0.0'),
      'service.yaml': service,
      'canary.yaml': canary({
        provider: 'istio',
        stepWeight: 10,
        maxWeight: 30,
        threshold: 2,
        webhooks: extra.webhooks,
      }),
      ...extra.files,
    },
  });
  return harness.start();
}

const successRate = (ns: string) =>
  `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload=~"podinfo"}[15s]))`;

describe('rollout engine: canary analysis end to end', () => {
  it('initialises, advances a healthy canary step by step to maxWeight and promotes it, in the order of the example run in docs/rollout-engine.md', async () => {
    const ns = uniqueName('canary-ok');
    const h = await istioCanary(ns);
    try {
      await h.sync();
      const init = await h.tickUntil(
        s => s.phase === 'Initialized',
        'Initialized',
      );
      expect(init.lastAppliedSpec).toBe(init.lastPromotedSpec);
      const vs = async () =>
        weightsFromVirtualService(
          (await h.get(
            'networking.istio.io/v1beta1',
            'VirtualService',
            'podinfo',
          ))!,
          'podinfo',
        );
      expect(await vs()).toMatchObject({ primary: 100, canary: 0 });
      expect(
        (await h.get('apps/v1', 'Deployment', 'podinfo'))?.spec,
      ).toMatchObject({ replicas: 0 });
      // Sized as declared in git, though the sync engine leaves replicas to the rollout engine.
      expect(
        (await h.get('apps/v1', 'Deployment', 'podinfo-primary'))?.spec,
      ).toMatchObject({ replicas: 2 });

      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:1.1.0') },
        'podinfo 1.1.0',
      );
      const started = await h.tick();
      expect(started.phase).toBe('Progressing');
      expect(started.lastAppliedSpec).not.toBe(started.lastPromotedSpec);

      const seen: Array<[number, unknown]> = [];
      const state = await h.walkSteps(async step => {
        seen.push([step.canaryWeight, await vs()]);
        await h.canaryTrafficVisible(successRate(ns));
      });
      expect(seen).toEqual([
        [10, expect.objectContaining({ primary: 90, canary: 10 })],
        [20, expect.objectContaining({ primary: 80, canary: 20 })],
        [30, expect.objectContaining({ primary: 70, canary: 30 })],
      ]);
      expect(state.phase).toBe('Promoting');
      const done = await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');
      expect(done.lastPromotedSpec).toBe(started.lastAppliedSpec);
      expect(await vs()).toMatchObject({ primary: 100, canary: 0 });
      expect(
        (await h.get('apps/v1', 'Deployment', 'podinfo'))?.spec,
      ).toMatchObject({ replicas: 0 });
      const primary = await h.get('apps/v1', 'Deployment', 'podinfo-primary');
      expect(JSON.stringify(primary?.spec)).toContain('podinfo:1.1.0');

      const id = `podinfo.${ns}`;
      expect((await h.events()).map(e => e.message).filter(notWaiting)).toEqual(
        [
          'New Deployment detected, starting initialization.',
          `Initialization done! ${id}`,
          `New revision detected! Scaling up ${id}`,
          `Starting canary analysis for ${id}`,
          `Advance ${id} canary weight 10`,
          `Advance ${id} canary weight 20`,
          `Advance ${id} canary weight 30`,
          `Copying ${id} template spec to podinfo-primary.${ns}`,
          'Routing all traffic to primary',
          `Promotion completed! Scaling down ${id}`,
        ],
      );
      const [run] = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 5,
        })
      ).items;
      expect(run).toMatchObject({
        result: 'Succeeded',
        revision: started.lastAppliedSpec,
        strategy: 'canary',
      });
      const checks = await h.store.listRolloutChecks(run.id);
      expect(
        checks.filter(c => c.name === 'request-success-rate' && c.passed)
          .length,
      ).toBeGreaterThanOrEqual(2);
      expect(checks.every(c => c.passed)).toBe(true);

      // A no-op sync of the promoted revision starts nothing.
      await h.sync();
      expect((await h.tick()).phase).toBe('Succeeded');
    } finally {
      await h.stop();
    }
  });

  it('rolls a canary with a high error rate back after `threshold` failed checks', async () => {
    const ns = uniqueName('canary-bad');
    const h = await istioCanary(ns);
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      h.simulator.setWorkload('canary', { errorRate: 0.5 });
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:2.0.0-broken') },
        'podinfo 2.0.0',
      );
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      await h.canaryTrafficVisible(successRate(ns));

      const first = await h.tick();
      expect(first).toMatchObject({
        phase: 'Progressing',
        failedChecks: 1,
        canaryWeight: 10,
      });
      expect(first.message).toMatch(
        new RegExp(
          `^Halt podinfo\\.${ns} advancement success rate \\d+\\.\\d\\d% < 99%$`,
        ),
      );
      expect((await h.tick()).failedChecks).toBe(2);
      const failed = await h.tick();
      expect(failed).toMatchObject({
        phase: 'Failed',
        canaryWeight: 0,
        failedChecks: 0,
      });

      const id = `podinfo.${ns}`;
      const messages = (await h.events()).map(e => e.message);
      expect(messages.slice(-2)).toEqual([
        `Rolling back ${id} failed checks threshold reached 2`,
        `Canary failed! Scaling down ${id}`,
      ]);
      const vs = await h.get(
        'networking.istio.io/v1beta1',
        'VirtualService',
        'podinfo',
      );
      expect(weightsFromVirtualService(vs!, 'podinfo')).toMatchObject({
        primary: 100,
        canary: 0,
      });
      expect(
        (await h.get('apps/v1', 'Deployment', 'podinfo'))?.spec,
      ).toMatchObject({ replicas: 0 });
      const primary = await h.get('apps/v1', 'Deployment', 'podinfo-primary');
      expect(JSON.stringify(primary?.spec)).toContain('podinfo:1.0.0');
      const [run] = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 1,
        })
      ).items;
      expect(run.result).toBe('Failed');

      // The failed revision does not start again by itself; a retry does.
      expect((await h.tick()).phase).toBe('Failed');
      h.simulator.setWorkload('canary', { errorRate: 0 });
      await h.engine.control(h.app.key, 'podinfo', 'retry');
      const retried = await h.tick();
      expect(retried.phase).toBe('Progressing');
      expect(retried.runId).not.toBe(run.id);
    } finally {
      await h.stop();
    }
  });

  it('aborts a run on request and refuses actions that do not apply', async () => {
    const ns = uniqueName('canary-abort');
    const h = await istioCanary(ns);
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await expect(
        h.engine.control(h.app.key, 'podinfo', 'abort'),
      ).rejects.toThrow(
        'Cannot abort rollout podinfo: it is Initialized, with no run to abort',
      );
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:3.0.0') },
        'podinfo 3.0.0',
      );
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      await h.engine.control(h.app.key, 'podinfo', 'abort');
      const aborted = await h.tick();
      expect(aborted).toMatchObject({ phase: 'Failed', canaryWeight: 0 });
      expect((await h.events()).map(e => e.message)).toContain(
        `Rolling back podinfo.${ns} aborted by request`,
      );
      const [run] = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 1,
        })
      ).items;
      expect(run.result).toBe('Aborted');
      await expect(
        h.engine.control(h.app.key, 'podinfo', 'resume'),
      ).rejects.toThrow('it is not paused');
    } finally {
      await h.stop();
    }
  });

  it('restarts the analysis when a newer revision arrives during a run', async () => {
    const ns = uniqueName('canary-newer');
    const h = await istioCanary(ns);
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:6.0.0') },
        'podinfo 6.0.0',
      );
      const first = await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:6.0.1') },
        'podinfo 6.0.1',
      );
      const restarted = await h.tick();
      expect(restarted).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 0,
        failedChecks: 0,
        stepIndex: 0,
      });
      expect(restarted.runId).not.toBe(first.runId);
      expect(restarted.lastAppliedSpec).not.toBe(first.lastAppliedSpec);
      expect(restarted.message).toBe(
        `New revision detected! Restarting analysis for podinfo.${ns}`,
      );
      const vs = await h.get(
        'networking.istio.io/v1beta1',
        'VirtualService',
        'podinfo',
      );
      expect(weightsFromVirtualService(vs!, 'podinfo')).toMatchObject({
        primary: 100,
        canary: 0,
      });
      const runs = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 5,
        })
      ).items;
      expect(runs.map(r => r.result)).toEqual(['Running', 'Superseded']);
    } finally {
      await h.stop();
    }
  });

  it('keeps the canary serving when the primary cannot roll out during promotion', async () => {
    const ns = uniqueName('canary-stuck');
    const h = await istioCanary(ns, {
      files: { 'deployment.yaml': deployment('podinfo:1.0.0', 2, 5) },
    });
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:7.0.0', 2, 5) },
        'podinfo 7.0.0',
      );
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      // At the last step, the canary's 2 pods and the primary's 2 fill a new
      // quota: the primary's rolling update cannot add a pod, and its progress
      // deadline passes.
      const noRoom = {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'no-room', namespace: ns },
        spec: { hard: { pods: '4' } },
      };
      const promoting = await h.walkSteps(async step => {
        await h.canaryTrafficVisible(successRate(ns));
        if (step.canaryWeight === 30)
          await h.registry.get('local').apply(noRoom);
      });
      expect(promoting.phase).toBe('Promoting');
      const failed = await h.tickUntil(
        s => s.phase !== 'Promoting',
        'the end of promotion',
        90_000,
      );
      expect(failed).toMatchObject({ phase: 'Failed', canaryWeight: 100 });
      expect(failed.message).toMatch(
        new RegExp(`^Promotion of podinfo\\.${ns} failed, primary not ready: `),
      );
      const vs = await h.get(
        'networking.istio.io/v1beta1',
        'VirtualService',
        'podinfo',
      );
      expect(weightsFromVirtualService(vs!, 'podinfo')).toMatchObject({
        primary: 0,
        canary: 100,
      });
      expect(
        (await h.get('apps/v1', 'Deployment', 'podinfo'))?.spec,
      ).toMatchObject({ replicas: 2 });
      const [run] = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 1,
        })
      ).items;
      expect(run.result).toBe('Failed');
    } finally {
      await h.stop();
    }
  });

  it('resumes a run after a backend restart from its saved state, without ticking early or repeating a step', async () => {
    const ns = uniqueName('canary-restart');
    const h = await istioCanary(ns);
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:4.0.0') },
        'podinfo 4.0.0',
      );
      const before = await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      const eventsBefore = (await h.events()).length;

      // The old backend stops; a new one starts over the same database and
      // takes the rollout over when the app is synced.
      await h.engine.stop();
      h.engine = await h.newEngine();
      await h.sync();
      expect(h.engine.active(h.app.key).map(r => r.rollout)).toEqual([
        'podinfo',
      ]);

      // A manual tick runs behind any tick the new engine started on its own
      // (one chain per rollout), so once it is done, a tick at start-up would
      // show as a second step or an extra event.
      await h.canaryTrafficVisible(successRate(ns));
      const next = await h.tick();
      expect(next).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 20,
        runId: before.runId,
      });
      const latest = (await h.events()).slice(eventsBefore).map(e => e.message);
      expect(latest).toEqual([`Advance podinfo.${ns} canary weight 20`]);
    } finally {
      await h.stop();
    }
  });

  it('waits at the confirm-rollout and confirm-promotion gates, runs the pre-rollout and rollout hooks, and alerts Slack', async () => {
    const ns = uniqueName('canary-gates');
    const tester = await startLoadTester();
    const chat = await startChatFake();
    const webhooks = `
    webhooks:
      - { name: approve-start, type: confirm-rollout, url: '${tester.url}/gate/approve' }
      - { name: load-test, type: pre-rollout, url: '${tester.url}/', metadata: { cmd: 'hey -z 1m -q 10 http://podinfo-canary.${ns}/' } }
      - { name: smoke, type: rollout, url: '${tester.url}/', metadata: { type: bash, cmd: 'exit 0' } }
      - { name: release-manager, type: confirm-promotion, url: '${tester.url}/gate/check' }
    alerts:
      - { name: team-chat, severity: info, providerRef: { name: slack } }`;
    const slack = `apiVersion: flagger.app/v1beta1
kind: AlertProvider
metadata: { name: slack }
spec: { type: slack, channel: releases, address: '${chat.url}/slack' }
`;
    const h = await istioCanary(ns, {
      webhooks,
      files: { 'alerts.yaml': slack },
    });
    try {
      await h.sync();
      await h.tickUntil(s => s.phase === 'Initialized', 'Initialized');
      await h.commitAndSync(
        { 'deployment.yaml': deployment('podinfo:5.0.0') },
        'podinfo 5.0.0',
      );
      await h.tickUntil(s => s.canaryWeight === 10, 'weight 10');
      expect(tester.commands).toEqual([
        `hey -z 1m -q 10 http://podinfo-canary.${ns}/`,
      ]);
      await h.canaryTrafficVisible(successRate(ns));
      const held = await h.tickUntil(
        s => s.phase === 'WaitingPromotion',
        'WaitingPromotion',
      );
      expect(held.canaryWeight).toBe(30);
      expect(held.message).toBe(
        `Halt podinfo.${ns} advancement waiting for promotion approval release-manager`,
      );
      expect((await h.tick()).phase).toBe('WaitingPromotion');

      await fetch(`${tester.url}/gate/open`, {
        method: 'POST',
        body: JSON.stringify({ name: 'podinfo', namespace: ns }),
      });
      await h.tickUntil(s => s.phase === 'Succeeded', 'Succeeded');

      const run = (
        await h.store.listRolloutRuns(h.app.key, 'podinfo', {
          offset: 0,
          limit: 1,
        })
      ).items[0];
      const hooks = (await h.store.listRolloutChecks(run.id)).filter(
        c => c.kind === 'webhook',
      );
      expect(hooks.map(c => `${c.hookType}/${c.name}:${c.status}`)).toEqual(
        expect.arrayContaining([
          'pre-rollout/load-test:202',
          'rollout/smoke:200',
          'confirm-promotion/release-manager:403',
          'confirm-promotion/release-manager:200',
        ]),
      );
      const texts = chat
        .on('/slack')
        .map(m => (m.body as any).attachments[0].text);
      expect(texts).toEqual([
        'New Deployment detected, initialization completed.',
        'Canary promotion is waiting for approval.',
        'Canary analysis completed successfully, promotion finished.',
      ]);
      expect((chat.on('/slack')[0].body as any).channel).toBe('releases');
    } finally {
      await h.stop();
      await tester.close();
      await chat.close();
    }
  });
});
