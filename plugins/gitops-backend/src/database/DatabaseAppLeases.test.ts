import { waitUntil } from '@internal/test-env';
import type { ParsedApp } from '../catalog/AppSpec';
import {
  createTestDatabases,
  EVERY_ENGINE,
  TestStores,
} from '../__testUtils__/testDatabases';
import { LeaseLostError } from './LeaseLostError';

jest.setTimeout(60_000);

const databases = createTestDatabases(EVERY_ENGINE);

const declaredApp = (name: string, repoUrl = 'https://git.test/a.git') =>
  ({
    valid: true,
    key: `component:default/${name}@dev`,
    entityRef: `component:default/${name}`,
    cluster: 'dev',
    repoUrl,
    path: '.',
    namespace: name,
    syncPolicy: 'manual',
  }) as unknown as ParsedApp;

const LEASE_MS = 60_000;

describe.each(databases.eachSupportedId())('app leases (%s)', id => {
  let stores: TestStores;

  beforeEach(async () => {
    stores = await databases.stores(id);
  });

  it('gives each due app to exactly one of the replicas claiming at once', async () => {
    const apps = Array.from({ length: 40 }, (_, i) => declaredApp(`app-${i}`));
    await stores.leases.declare(apps);
    const claims = await Promise.all(
      ['a', 'b', 'c'].map(owner =>
        stores.leases.claimDue(`replica-${owner}`, 20, LEASE_MS),
      ),
    );
    const keys = claims.flat().map(c => c.lease.key);
    expect(keys.sort()).toEqual(apps.map(a => a.key).sort());
    expect(new Set(keys).size).toBe(apps.length);
    // Nothing is due while held.
    expect(await stores.leases.claimDue('replica-d', 40, LEASE_MS)).toEqual(
      [],
    );
  });

  it("hands a stopped replica's apps to another once the lease runs out, with a new token", async () => {
    await stores.leases.declare([declaredApp('shop')]);
    const [first] = await stores.leases.claimDue('replica-a', 1, 50);
    expect(first.app).toMatchObject({ key: 'component:default/shop@dev' });
    // replica-a never renews nor releases: it was killed.
    const [second] = await waitForClaim(() =>
      stores.leases.claimDue('replica-b', 1, LEASE_MS),
    );
    expect(second.lease).toEqual({
      key: first.lease.key,
      owner: 'replica-b',
      token: first.lease.token + 1,
    });
    expect(await stores.leases.renew(first.lease, LEASE_MS)).toBe(false);
  });

  it('refuses every write of a replica whose lease moved, and keeps the new holder state', async () => {
    await stores.leases.declare([declaredApp('shop')]);
    const key = 'component:default/shop@dev';
    const [old] = await stores.leases.claimDue('replica-a', 1, 50);
    const [current] = await waitForClaim(() =>
      stores.leases.claimDue('replica-b', 1, LEASE_MS),
    );
    const mine = stores.gitops.withLease(current.lease);
    await mine.upsertApp({
      key,
      entityRef: 'component:default/shop',
      cluster: 'dev',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: 'b'.repeat(40),
    });
    await mine.updateAppState(key, { inventory: ['v1/ConfigMap/shop/new'] });

    // The late writes of the replica that lost the app, after a long pause.
    const stale = stores.gitops.withLease(old.lease);
    const attempts = [
      stale.upsertApp({
        key,
        entityRef: 'component:default/shop',
        cluster: 'dev',
        syncStatus: 'OutOfSync',
        healthStatus: 'Degraded',
        revision: 'a'.repeat(40),
      }),
      stale.updateAppState(key, { inventory: [] }),
      stale.replaceResources(key, []),
      stale.addRun({
        appKey: key,
        trigger: 'auto',
        result: 'Running',
        startedAt: new Date().toISOString(),
      }),
      stale.replaceRolloutSpecs(key, []),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toThrow(LeaseLostError);
    }
    await expect(
      stale.updateAppState(key, { inventory: [] }),
    ).rejects.toThrow(
      `State of ${key} refused: the lease of replica-a moved to another backend; its state stands`,
    );
    expect(await stores.gitops.getApp(key)).toMatchObject({
      syncStatus: 'Synced',
      revision: 'b'.repeat(40),
    });
    expect((await stores.gitops.getAppState(key)).inventory).toEqual([
      'v1/ConfigMap/shop/new',
    ]);
    expect((await stores.gitops.listRuns(key, { offset: 0, limit: 5 })).totalCount).toBe(0);
  });

  it('keeps a due time asked for while the app was held, and waits the interval otherwise', async () => {
    await stores.leases.declare([declaredApp('a'), declaredApp('b')]);
    const [a, b] = await stores.leases.claimDue('replica-a', 2, LEASE_MS);
    // A push arrives for `a` while it is being reconciled.
    await stores.leases.makeDue({ keys: [a.lease.key] }, { refetch: true });
    const later = { dueAt: new Date(Date.now() + 3_600_000), syncFailures: 0 };
    await stores.leases.release(a.lease, later);
    await stores.leases.release(b.lease, later);
    const again = await stores.leases.claimDue('replica-b', 2, LEASE_MS);
    expect(again.map(c => c.lease.key)).toEqual([a.lease.key]);
    expect(again[0].refetchAt).toBeInstanceOf(Date);
  });

  it('makes every app of a pushed repository due, by its normalized URL', async () => {
    await stores.leases.declare([
      declaredApp('a', 'https://git.test/shop.git'),
      declaredApp('b', 'https://GIT.test/shop.git/'),
      declaredApp('c', 'https://git.test/other.git'),
    ]);
    for (const c of await stores.leases.claimDue('r', 3, LEASE_MS)) {
      await stores.leases.release(c.lease, {
        dueAt: new Date(Date.now() + 3_600_000),
        syncFailures: 0,
      });
    }
    const keys = await stores.leases.makeDue(
      { repoUrl: 'https://git.test/shop.git' },
      { refetch: true },
    );
    expect(keys.sort()).toEqual([
      'component:default/a@dev',
      'component:default/b@dev',
    ]);
    expect(
      (await stores.leases.claimDue('r', 3, LEASE_MS)).map(c => c.lease.key).sort(),
    ).toEqual(keys.sort());
  });

  it('ends as Interrupted the runs and operations of a replica that stopped, and only those', async () => {
    await stores.leases.declare([declaredApp('dead'), declaredApp('alive')]);
    const dead = (await stores.leases.claim(
      'component:default/dead@dev',
      'replica-dead',
      50,
    ))!;
    const alive = (await stores.leases.claim(
      'component:default/alive@dev',
      'replica-alive',
      LEASE_MS,
    ))!;
    const startRun = (lease: typeof dead.lease) =>
      stores.gitops.withLease(lease).addRun({
        appKey: lease.key,
        trigger: 'auto',
        result: 'Running',
        startedAt: new Date().toISOString(),
      });
    const deadRun = await startRun(dead.lease);
    const aliveRun = await startRun(alive.lease);
    const { operation } = await stores.operations.request({
      appKey: dead.lease.key,
      action: 'sync',
      request: { prune: true },
    });
    await stores.operations.start(operation.id, 'replica-dead');

    await waitForClaim(async () => {
      const interrupted = await stores.leases.interruptOrphans();
      return interrupted.length ? interrupted : [];
    }).then(interrupted =>
      expect(interrupted).toEqual([
        { id: deadRun, appKey: dead.lease.key, trigger: 'auto' },
      ]),
    );
    expect(await stores.gitops.getRun(deadRun)).toMatchObject({
      result: 'Interrupted',
      message:
        'Interrupted: backend replica-dead stopped before the sync finished',
      finishedAt: expect.any(String),
    });
    expect((await stores.gitops.getRun(aliveRun))?.result).toBe('Running');
    expect(await stores.operations.get(operation.id)).toMatchObject({
      status: 'Interrupted',
      message:
        'Interrupted: backend replica-dead stopped before the operation finished',
    });
  });
});

describe.each(databases.eachSupportedId())('operations (%s)', id => {
  let stores: TestStores;
  const key = 'component:default/shop@dev';

  beforeEach(async () => {
    stores = await databases.stores(id);
    await stores.leases.declare([declaredApp('shop')]);
  });

  it('returns the pending or running operation for an identical request, and records a new one otherwise', async () => {
    const first = await stores.operations.request({
      appKey: key,
      action: 'sync',
      request: { prune: true, dryRun: false },
      initiator: 'user:default/ann',
    });
    expect(first).toMatchObject({
      existing: false,
      operation: { status: 'Pending', action: 'sync' },
    });
    const retried = await stores.operations.request({
      appKey: key,
      action: 'sync',
      request: { dryRun: false, prune: true },
      initiator: 'user:default/ann',
    });
    expect(retried).toEqual({ operation: first.operation, existing: true });
    const other = await stores.operations.request({
      appKey: key,
      action: 'sync',
      request: { prune: false },
    });
    expect(other.existing).toBe(false);

    expect(await stores.operations.start(first.operation.id, 'r1')).toBe(true);
    expect(await stores.operations.start(first.operation.id, 'r2')).toBe(false);
    expect(
      (await stores.operations.request({
        appKey: key,
        action: 'sync',
        request: { prune: true, dryRun: false },
      })).operation.id,
    ).toBe(first.operation.id);
    await stores.operations.finish(first.operation.id, {
      status: 'Succeeded',
      runId: 7,
    });
    expect(await stores.operations.get(first.operation.id)).toMatchObject({
      status: 'Succeeded',
      runId: 7,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    // Once it ended, the same request is new work.
    expect(
      (await stores.operations.request({
        appKey: key,
        action: 'sync',
        request: { prune: true, dryRun: false },
      })).existing,
    ).toBe(false);
  });

  it('ends pending operations of apps that left the catalog', async () => {
    const { operation } = await stores.operations.request({
      appKey: key,
      action: 'refresh',
      request: {},
    });
    await stores.gitops.removeAppsOfOtherEntities(['component:default/else']);
    await stores.leases.interruptOrphans();
    expect(await stores.operations.get(operation.id)).toMatchObject({
      status: 'Interrupted',
      message: 'Interrupted: the app is no longer in the catalog',
    });
  });
});

// Claims after a short lease runs out: retried until it succeeds.
function waitForClaim<T>(claim: () => Promise<T[]>): Promise<T[]> {
  return waitUntil(claim, {
    description: 'the short lease to run out',
    timeoutMs: 10_000,
    until: claimed => claimed.length > 0,
  });
}
