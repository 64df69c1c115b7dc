import {
  createTestDatabases,
  EVERY_ENGINE,
} from '../__testUtils__/testDatabases';
import { Knex } from 'knex';
import { validateRollouts } from '../rollout';
import { DatabaseGitopsStore } from './DatabaseGitopsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const app = {
  key: 'component:default/payments@dev',
  entityRef: 'component:default/payments',
  cluster: 'dev',
  syncStatus: 'Synced' as const,
  healthStatus: 'Healthy' as const,
};

// Two documents on one workload: one valid spec, one with a conflict error.
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
const records = validateRollouts(
  { namespace: 'payments', canary: 'payments' },
  [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'payments' } }],
  [canary('payments'), canary('payments-2')],
);

describe.each(databases.eachSupportedId())('DatabaseGitopsStore rollout specs (%s)', id => {
  let knex: Knex;
  let store: DatabaseGitopsStore;

  beforeAll(async () => {
    ({ knex, gitops: store } = await databases.stores(id));
  });

  afterEach(async () => {
    await knex('rollout_specs').delete();
    await knex('apps').delete();
  });

  it('stores parsed specs with their messages in rendered order, and replaces them', async () => {
    await store.upsertApp(app);
    await store.replaceRolloutSpecs(app.key, records);
    const stored = await store.listRolloutSpecs(app.key);
    // JSON drops undefined fields; compare as the reader sees them.
    expect(stored).toEqual(JSON.parse(JSON.stringify(records)));
    expect(stored[0].spec?.analysis.stepWeight).toBe(25);
    expect(stored[1].errors).toEqual([
      'Canary payments-2: spec.targetRef: Deployment payments is already the target of Canary payments',
    ]);

    await store.replaceRolloutSpecs(app.key, []);
    expect(await store.listRolloutSpecs(app.key)).toEqual([]);
  });

  it('forgets the specs of a removed app', async () => {
    await store.upsertApp(app);
    await store.replaceRolloutSpecs(app.key, records);
    await store.removeStaleApps(app.entityRef, []);
    expect(await store.listRolloutSpecs(app.key)).toEqual([]);
  });
});
