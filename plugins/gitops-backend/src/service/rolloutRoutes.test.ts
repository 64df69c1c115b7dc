import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import type { AppSpec } from '../catalog/AppSpec';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import type { DatabaseRolloutStore } from '../database/DatabaseRolloutStore';
import type { ArgoRolloutState } from '../rollout/engine/argo/state';
import { validateRollouts } from '../rollout';
import { createRolloutEngine } from '../rollout/createRolloutEngine';
import type { RolloutEngine } from '../rollout/engine/RolloutEngine';
import type { RolloutState } from '../rollout/engine/types';
import { createRouter } from '../router';
import { testProject } from '../__testUtils__/testProject';
import {
  createTestDatabases,
  databaseService,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const app = {
  key: 'component:default/payments@dev',
  entityRef: 'component:default/payments',
  cluster: 'dev',
  syncStatus: 'Synced' as const,
  healthStatus: 'Healthy' as const,
};
const base = '/entities/default/component/payments/apps/dev/rollouts';
const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'group:default/team-a' },
    },
  ],
});

// The example policy's shape: the owner controls rollouts, a teammate only
// reads, a stranger gets nothing.
const OWNER = 'user:default/owner';
const READER = 'user:default/reader';
const STRANGER = 'user:default/stranger';
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const grants: Record<string, string[]> = {
  [OWNER]: ['gitops.app.read', 'gitops.rollout.control'],
  [READER]: ['gitops.app.read'],
};
const permissions: PermissionsService = {
  async authorize(requests, { credentials }) {
    const user =
      (credentials as BackstageCredentials<{ userEntityRef?: string }>)
        .principal.userEntityRef ?? '';
    return requests.map(({ permission }) => ({
      result: grants[user]?.includes(permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    }));
  },
  async authorizeConditional(requests) {
    return requests.map(() => ({ result: AuthorizeResult.DENY }));
  },
};

// Backstage's auditor is an operator's log sink; Slipway's own trail is the table checked here.
const auditor: AuditorService = {
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
};

const canary = (name: string) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments' },
    service: { port: 8080 },
    analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 25 },
  },
});
// A valid document, and a second one on the same target, which is invalid.
const records = validateRollouts(
  { namespace: 'payments', canary: 'payments' },
  [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'payments' },
    },
  ],
  [canary('payments'), canary('payments-2')],
);

const progressing: RolloutState = {
  appKey: app.key,
  rollout: 'payments',
  phase: 'Progressing',
  canaryWeight: 25,
  failedChecks: 1,
  iterations: 0,
  stepIndex: 1,
  trackedConfigs: {},
  requests: {},
  preRolloutDone: true,
  mirrored: false,
  runId: 1,
  lastTransitionAt: '2026-11-23T12:00:00.000Z',
  message: 'Advance payments.payments canary weight 25',
  updatedAt: '2026-11-23T12:01:00.000Z',
};

/** The app as the sync engine hands it to the rollout engine after a reconcile. */
const appSpec: AppSpec = {
  key: app.key,
  entityRef: app.entityRef,
  cluster: app.cluster,
  repoUrl: 'http://127.0.0.1/gitops.git',
  path: 'payments',
  namespace: 'payments',
  syncPolicy: 'manual',
  prune: false,
  selfHeal: false,
  canary: 'payments',
  project: testProject(),
};

// The backend serving these requests is not the one ticking the rollout:
// another replica holds its lease, so this engine only records each request
// on the stored state for that replica's next tick, and never touches the
// cluster. That is what a multi-replica deployment does with most requests.
const TICKING_REPLICA = 'replica-holding-the-lease';

describe.each(databases.eachSupportedId())('rollout routes (%s)', id => {
  let knex: Knex;
  let gitops: DatabaseGitopsStore;
  let store: DatabaseRolloutStore<ArgoRolloutState>;
  let clusters: ClusterRegistry;
  let engine: RolloutEngine;

  const start = async (withEngine = true) =>
    express()
      .use(
        await createRouter({
          httpAuth: mockServices.httpAuth(),
          permissions,
          catalog,
          auditor,
          logger: mockServices.logger.mock(),
          store: gitops,
          rollouts: withEngine ? { store, control: engine } : undefined,
        }),
      )
      .use(mockErrorHandler());

  const auditTrail = async () =>
    (await gitops.listAuditEvents(app.key, { offset: 0, limit: 20 })).items.map(
      e => ({
        action: e.action,
        actor: e.actor,
        result: e.result,
        permission: e.permission,
        message: e.message,
      }),
    );

  const addRun = (rollout: string, revision: string) =>
    store.addRolloutRun({
      appKey: app.key,
      rollout,
      revision,
      strategy: 'canary',
      result: 'Running',
      startedAt: '2026-11-23T12:00:00.000Z',
    });

  const config = mockServices.rootConfig({
    data: {
      slipway: {
        clusters: [
          {
            name: 'dev',
            auth: 'kubeconfig',
            kubeconfigPath: process.env.KUBECONFIG,
            namespaces: ['payments'],
          },
        ],
      },
    },
  });
  const database = () => databaseService(knex);

  beforeAll(async () => {
    knex = await databases.init(id);
    gitops = await DatabaseGitopsStore.create({ database: database() });
    clusters = ClusterRegistry.fromConfig(config);
  });

  afterAll(() => clusters.stop());

  beforeEach(async () => {
    // The engine as the backend builds it, taking the app over as a reconcile hands it on.
    ({ engine, rolloutStore: store } = await createRolloutEngine({
      config,
      database: database(),
      logger: mockServices.logger.mock(),
      store: gitops,
      clusters,
      extensions: {
        trafficRouters: [],
        metricProviders: [],
        alertProviders: [],
      },
    }));
    await gitops.upsertApp(app);
    await gitops.replaceRolloutSpecs(app.key, records);
    await store.saveRolloutState(progressing);
    if (
      !(await store.claimRollout(
        app.key,
        'payments',
        TICKING_REPLICA,
        3_600_000,
      ))
    )
      throw new Error('The ticking replica could not take the lease');
    await engine.update(appSpec, records, []);
  });

  /** The state as the engine left it for the ticking replica. */
  const stored = async () =>
    (await store.getRolloutState(app.key, 'payments'))!;

  afterEach(async () => {
    await engine.stop();
    for (const table of [
      'rollout_checks',
      'rollout_runs',
      'rollout_events',
      'audit_events',
      'apps',
    ]) {
      await knex(table).delete();
    }
  });

  describe('GET …/rollouts (the plan)', () => {
    it('adds the engine status to each rollout it has state for', async () => {
      const res = await request(await start())
        .get(base)
        .set(as(READER));
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { name: string }) => i.name)).toEqual([
        'payments',
        'payments-2',
      ]);
      expect(res.body.items[0]).toMatchObject({
        name: 'payments',
        analysis: { threshold: 2 },
        status: JSON.parse(JSON.stringify(engine.statusOf(progressing, 2))),
      });
      expect(res.body.items[1].status).toBeUndefined();
    });

    it('still shows the plan without the engine, with no status', async () => {
      const res = await request(await start(false))
        .get(base)
        .set(as(READER));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items[0].status).toBeUndefined();
    });
  });

  describe('GET …/runs, …/runs/:runId and …/events', () => {
    it('pages runs newest first, per rollout', async () => {
      for (const revision of ['r1', 'r2', 'r3'])
        await addRun('payments', revision);
      await addRun('web', 'w1');
      const server = await start();

      const first = await request(server)
        .get(`${base}/payments/runs?limit=2`)
        .set(as(READER));
      expect(first.status).toBe(200);
      expect(first.body.totalCount).toBe(3);
      expect(
        first.body.items.map((r: { revision: string }) => r.revision),
      ).toEqual(['r3', 'r2']);
      const rest = await request(server)
        .get(`${base}/payments/runs?offset=2&limit=2`)
        .set(as(READER));
      expect(rest.body).toEqual({
        totalCount: 3,
        items: [
          expect.objectContaining({ revision: 'r1', rollout: 'payments' }),
        ],
      });
      const defaults = await request(server)
        .get(`${base}/payments/runs`)
        .set(as(READER));
      expect(defaults.body.items).toHaveLength(3);

      for (const query of ['limit=0', 'limit=101', 'offset=-1', 'limit=many']) {
        const bad = await request(server)
          .get(`${base}/payments/runs?${query}`)
          .set(as(READER));
        expect(bad.status).toBe(400);
      }
    });

    it("shows one run with its checks and events, and no other rollout's or app's run", async () => {
      const runId = await addRun('payments', 'r1');
      const webRun = await addRun('web', 'w1');
      await store.addRolloutChecks([
        {
          runId,
          kind: 'metric',
          name: 'request-success-rate',
          value: 99.9,
          min: 99,
          passed: true,
          canaryWeight: 25,
          durationMs: 8,
          at: '2026-11-23T12:01:00.000Z',
        },
      ]);
      const event = {
        appKey: app.key,
        rollout: 'payments',
        type: 'Normal' as const,
        phase: 'Progressing' as const,
        canaryWeight: 0,
        at: '2026-11-23T12:00:00.000Z',
      };
      await store.addRolloutEvent({
        ...event,
        message: 'Initialization done! payments.payments',
      });
      await store.addRolloutEvent({
        ...event,
        runId,
        message: 'Starting canary analysis for payments.payments',
      });
      const server = await start();

      const res = await request(server)
        .get(`${base}/payments/runs/${runId}`)
        .set(as(READER));
      expect(res.status).toBe(200);
      expect(res.body.run).toMatchObject({
        id: runId,
        rollout: 'payments',
        revision: 'r1',
      });
      expect(res.body.checks).toEqual([
        expect.objectContaining({
          name: 'request-success-rate',
          value: 99.9,
          passed: true,
        }),
      ]);
      expect(
        res.body.events.map((e: { message: string }) => e.message),
      ).toEqual(['Starting canary analysis for payments.payments']);

      const wrongRollout = await request(server)
        .get(`${base}/payments/runs/${webRun}`)
        .set(as(READER));
      expect(wrongRollout.status).toBe(404);
      expect(wrongRollout.body.error.message).toBe(
        `No run '${webRun}' of rollout 'payments' on '${app.key}'`,
      );
      const otherApp = await request(server)
        .get(
          `/entities/default/component/payments/apps/prod/rollouts/payments/runs/${runId}`,
        )
        .set(as(READER));
      expect(otherApp.status).toBe(404);
      expect(otherApp.body.error.message).toBe(
        "No app 'component:default/payments@prod'",
      );
      for (const missing of [String(webRun + 1000), 'latest']) {
        const res404 = await request(server)
          .get(`${base}/payments/runs/${missing}`)
          .set(as(READER));
        expect(res404.status).toBe(404);
      }
    });

    it('lists the newest events, oldest first: 100 unless asked, at most 500', async () => {
      for (let i = 1; i <= 120; i++) {
        await store.addRolloutEvent({
          appKey: app.key,
          rollout: 'payments',
          type: 'Normal',
          message: `event ${i}`,
          phase: 'Progressing',
          canaryWeight: 0,
          at: '2026-11-23T12:00:00.000Z',
        });
      }
      const server = await start();
      const messages = (res: request.Response) =>
        res.body.items.map((e: { message: string }) => e.message);

      const byDefault = await request(server)
        .get(`${base}/payments/events`)
        .set(as(READER));
      expect(byDefault.status).toBe(200);
      expect(messages(byDefault)).toHaveLength(100);
      expect(messages(byDefault)[0]).toBe('event 21');
      expect(messages(byDefault)[99]).toBe('event 120');
      const three = await request(server)
        .get(`${base}/payments/events?limit=3`)
        .set(as(READER));
      expect(messages(three)).toEqual(['event 118', 'event 119', 'event 120']);
      const empty = await request(server)
        .get(`${base}/web/events`)
        .set(as(READER));
      expect(empty.body).toEqual({ items: [] });

      const tooMany = await request(server)
        .get(`${base}/payments/events?limit=501`)
        .set(as(READER));
      expect(tooMany.status).toBe(400);
    });

    it('need the read permission', async () => {
      const server = await start();
      for (const path of [
        '',
        '/payments/runs',
        '/payments/runs/1',
        '/payments/events',
      ]) {
        const res = await request(server)
          .get(`${base}${path}`)
          .set(as(STRANGER));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          "Permission 'gitops.app.read' denied on 'component:default/payments'",
        );
      }
    });
  });

  describe('POST …/:rollout/:action', () => {
    it('hands each control to the engine and answers 202 with the status, audited', async () => {
      const server = await start();
      const res = await request(server)
        .post(`${base}/payments/promote`)
        .set(as(OWNER))
        .send({});
      expect(res.status).toBe(202);
      const promoted = await stored();
      expect(promoted.requests).toEqual({ promote: true });
      expect(res.body).toEqual({
        status: JSON.parse(JSON.stringify(engine.statusOf(promoted, 2))),
      });

      for (const action of ['promote-full', 'abort', 'pause', 'resume']) {
        await request(server)
          .post(`${base}/payments/${action}`)
          .set(as(OWNER))
          .expect(202);
      }
      // Recorded for the next tick; this engine did not tick the rollout itself.
      expect(await stored()).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 25,
        stepIndex: 1,
        requests: {
          promote: true,
          promoteFull: true,
          abort: true,
          paused: false,
        },
      });
      const trail = await auditTrail();
      expect(trail).toHaveLength(5);
      expect(trail.at(-1)).toEqual({
        action: 'rollout.promote',
        actor: OWNER,
        result: 'succeeded',
        permission: 'gitops.rollout.control',
        message: 'Rollout payments is Progressing',
      });
    });

    it('refuses a user without rollout control, and audits the denial', async () => {
      const server = await start();
      const res = await request(server)
        .post(`${base}/payments/abort`)
        .set(as(READER));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        "Permission 'gitops.rollout.control' denied on 'component:default/payments'",
      );
      expect(await stored()).toEqual(progressing);
      expect(await auditTrail()).toEqual([
        {
          action: 'rollout.abort',
          actor: READER,
          result: 'denied',
          permission: 'gitops.rollout.control',
          message:
            "Permission 'gitops.rollout.control' denied on 'component:default/payments'",
        },
      ]);
    });

    it("passes the engine's conflict on as 409, audited as failed", async () => {
      const server = await start();
      const res = await request(server)
        .post(`${base}/payments/retry`)
        .set(as(OWNER));
      expect(res.status).toBe(409);
      expect(await stored()).toEqual(progressing);
      expect(res.body.error).toMatchObject({
        name: 'ConflictError',
        message:
          'Cannot retry rollout payments: only a Failed rollout can be retried; it is Progressing',
      });
      expect(await auditTrail()).toEqual([
        expect.objectContaining({
          action: 'rollout.retry',
          result: 'failed',
          message:
            'Cannot retry rollout payments: only a Failed rollout can be retried; it is Progressing',
        }),
      ]);
    });

    it('answers 404 for an unknown action, app or rollout', async () => {
      const server = await start();
      const unknownAction = await request(server)
        .post(`${base}/payments/skip`)
        .set(as(OWNER));
      expect(unknownAction.status).toBe(404);
      expect(unknownAction.body.error.message).toBe(
        "Unknown rollout action 'skip'; use one of promote, promote-full, abort, retry, pause, resume",
      );
      const unknownApp = await request(server)
        .post(
          '/entities/default/component/payments/apps/prod/rollouts/payments/promote',
        )
        .set(as(OWNER));
      expect(unknownApp.status).toBe(404);
      const unknownRollout = await request(server)
        .post(`${base}/checkout/promote`)
        .set(as(OWNER));
      expect(unknownRollout.status).toBe(404);
      expect(unknownRollout.body.error.message).toBe(
        `Rollout checkout of ${app.key} is not running`,
      );
      expect(await stored()).toEqual(progressing);
    });
  });

  it('answers 503 on the engine routes when the engine is not running', async () => {
    const server = await start(false);
    const requests = [
      request(server).get(`${base}/payments/runs`).set(as(READER)),
      request(server).get(`${base}/payments/runs/1`).set(as(READER)),
      request(server).get(`${base}/payments/events`).set(as(READER)),
      request(server).post(`${base}/payments/promote`).set(as(OWNER)),
    ];
    for (const res of await Promise.all(requests)) {
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe('The rollout engine is not running');
    }
    expect(await auditTrail()).toEqual([
      expect.objectContaining({ action: 'rollout.promote', result: 'failed' }),
    ]);
  });
});
