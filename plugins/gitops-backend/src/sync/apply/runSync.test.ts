import { FakeClusterApi } from '../../kube/__testUtils__/FakeClusterApi';
import { withOwnershipMarker } from '../../kube/ownership';
import { runSync, SyncOutcome } from './runSync';
import {
  configMap,
  CRD_ESTABLISHED,
  CRD_INSTALLING,
  deployment,
  hook,
  job,
  JOB_COMPLETE,
  JOB_FAILED,
  JOB_RUNNING,
  namespace,
  planFor,
  prepare,
  seedApplied,
  service,
  wave,
  widget,
  widgetCrd,
} from './__testUtils__/syncFixtures';

const CRD = 'CustomResourceDefinition widgets.example.com';
const results = (outcome: SyncOutcome) =>
  outcome.resources.map(
    r =>
      `${r.result} ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
  );

describe('runSync applies in stages', () => {
  it('applies Namespaces and CRDs first, then each wave from the lowest, ignoring waves on Namespaces and CRDs', async () => {
    const cluster = new FakeClusterApi().script(CRD, {
      statuses: [CRD_ESTABLISHED],
    });
    const plan = await planFor(cluster, [
      deployment('web'),
      configMap('settings', wave(-1)),
      service('web', wave(2)),
      namespace('shop', wave(5)),
      widgetCrd(),
      widget('gear', wave(1)),
    ]);

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply Namespace shop',
      `apply ${CRD}`,
      'apply ConfigMap shop/settings',
      'apply Deployment shop/web',
      'apply Widget shop/gear',
      'apply Service shop/web',
    ]);
    expect(outcome).toMatchObject({
      ok: true,
      message: 'Synced 6 objects, 6 changed',
    });
    expect(results(outcome)).toEqual(
      cluster.writes().map(w => w.replace('apply', 'Created')),
    );
  });

  it('waits until each CRD is Established before the next stage', async () => {
    const cluster = new FakeClusterApi({ unservedKinds: ['Widget'] }).script(
      CRD,
      {
        statuses: [CRD_INSTALLING, CRD_INSTALLING, CRD_ESTABLISHED],
      },
    );
    const plan = await planFor(cluster, [widget('gear'), widgetCrd()]);

    expect((await runSync(cluster, plan)).ok).toBe(true);
    expect(cluster.log('apply', 'get')).toEqual([
      `apply ${CRD}`,
      `get ${CRD}`,
      `get ${CRD}`,
      `get ${CRD}`,
      'apply Widget shop/gear',
    ]);
  });

  it('fails when a CRD is not Established in time, and applies nothing after it', async () => {
    const cluster = new FakeClusterApi().script(CRD, {
      statuses: [CRD_INSTALLING],
    });
    const plan = await planFor(cluster, [widgetCrd(), widget('gear')], {
      timeouts: { crdMs: 20, pollMs: 1 },
    });

    const outcome = await runSync(cluster, plan);

    expect(outcome).toMatchObject({
      ok: false,
      message: `Timed out after 0.02s waiting for ${CRD} to be Established`,
    });
    expect(cluster.writes()).toEqual([`apply ${CRD}`]);
  });

  it('starts the next wave right after the last write of the one before: only CRDs are waited for, not health', async () => {
    const cluster = new FakeClusterApi().script('Deployment shop/web', {
      statuses: [{ replicas: 1, availableReplicas: 0 }],
    });
    const plan = await planFor(cluster, [
      deployment('web', wave(-1)),
      configMap('settings'),
    ]);

    await runSync(cluster, plan);

    expect(cluster.log('apply', 'get')).toEqual([
      'apply Deployment shop/web',
      'apply ConfigMap shop/settings',
    ]);
  });

  it('leaves objects that already match Git alone, recording them Unchanged in their place', async () => {
    const cluster = new FakeClusterApi();
    await seedApplied(cluster, [configMap('a')]);
    const plan = await planFor(cluster, [
      configMap('b'),
      configMap('a'),
      configMap('c'),
    ]);

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/b',
      'apply ConfigMap shop/c',
    ]);
    expect(results(outcome)).toEqual([
      'Unchanged ConfigMap shop/a',
      'Created ConfigMap shop/b',
      'Created ConfigMap shop/c',
    ]);
    expect(outcome.message).toBe('Synced 3 objects, 2 changed');
  });

  it('stops at the first object the API server refuses, runs SyncFail hooks, and keeps every id in the inventory', async () => {
    const cluster = new FakeClusterApi()
      .script('ConfigMap shop/b', {
        applyError: 'admission webhook "policy" denied the request',
      })
      .script('Job shop/notify', { statuses: [JOB_COMPLETE] });
    const previous = await seedApplied(cluster, [configMap('stale')]);
    const plan = await planFor(
      cluster,
      [
        deployment('web'),
        configMap('b'),
        configMap('a'),
        job('notify', hook('SyncFail')),
      ],
      { previousInventory: previous, prune: true },
    );

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/a',
      'apply ConfigMap shop/b',
      'apply Job shop/notify',
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      message:
        'ConfigMap shop/b: admission webhook "policy" denied the request',
    });
    expect(results(outcome)).toEqual([
      'Created ConfigMap shop/a',
      'Failed ConfigMap shop/b',
      'Created Job shop/notify',
    ]);
    expect([...outcome.inventory].sort()).toEqual(
      [...previous, ...plan.compared.map(c => c.id)].sort(),
    );
  });
});

describe('runSync runs hooks', () => {
  it('runs PreSync hooks before any object, Sync and PostSync hooks after the last wave, SyncFail hooks never on success', async () => {
    const cluster = new FakeClusterApi();
    for (const name of ['migrate', 'register', 'smoke', 'cleanup'])
      cluster.script(`Job shop/${name}`, { statuses: [JOB_COMPLETE] });
    const plan = await planFor(cluster, [
      job('smoke', hook('PostSync')),
      configMap('settings', wave(3)),
      job('register', hook('Sync')),
      job('migrate', hook('PreSync')),
      namespace('extra'),
      job('cleanup', hook('SyncFail')),
    ]);

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply Job shop/migrate',
      'apply Namespace extra',
      'apply ConfigMap shop/settings',
      'apply Job shop/register',
      'apply Job shop/smoke',
    ]);
    expect(outcome.ok).toBe(true);
    expect(outcome.resources.find(r => r.name === 'migrate')).toMatchObject({
      result: 'Created',
      message: 'PreSync hook: done',
    });
  });

  it("runs a phase's hooks one at a time in the order they were rendered, each to completion", async () => {
    const cluster = new FakeClusterApi()
      .script('Job shop/second', {
        statuses: [JOB_RUNNING, JOB_RUNNING, JOB_COMPLETE],
      })
      .script('Job shop/first', { statuses: [JOB_COMPLETE] });
    const plan = await planFor(cluster, [
      job('second', hook('PreSync')),
      job('first', { ...hook('PreSync'), ...wave(-5) }),
      configMap('settings'),
    ]);

    expect(await runSync(cluster, plan)).toMatchObject({ ok: true });
    expect(cluster.log('apply', 'get')).toEqual([
      'get Job shop/second',
      'apply Job shop/second',
      'get Job shop/second',
      'get Job shop/second',
      'get Job shop/second',
      'get Job shop/first',
      'apply Job shop/first',
      'get Job shop/first',
      'apply ConfigMap shop/settings',
    ]);
  });

  it('deletes the previous instance of a hook and waits until it is gone before creating it again', async () => {
    const cluster = new FakeClusterApi().script('Job shop/migrate', {
      statuses: [JOB_COMPLETE],
      readsAfterDelete: 2,
    });
    await seedApplied(cluster, [job('migrate', hook('PreSync'))]);
    const plan = await planFor(cluster, [
      job('migrate', hook('PreSync')),
      configMap('settings'),
    ]);

    expect((await runSync(cluster, plan)).ok).toBe(true);
    expect(cluster.log('apply', 'delete', 'get')).toEqual([
      'get Job shop/migrate',
      'delete Job shop/migrate',
      'get Job shop/migrate',
      'get Job shop/migrate',
      'get Job shop/migrate',
      'apply Job shop/migrate',
      'get Job shop/migrate',
      'apply ConfigMap shop/settings',
    ]);
  });

  it('runs a hook of several phases in each of them, replacing the instance of the phase before', async () => {
    const cluster = new FakeClusterApi().script('Job shop/check', {
      statuses: [JOB_COMPLETE],
    });
    const plan = await planFor(cluster, [
      job('check', hook('PreSync,PostSync')),
      configMap('settings'),
    ]);

    expect((await runSync(cluster, plan)).ok).toBe(true);
    expect(cluster.writes()).toEqual([
      'apply Job shop/check',
      'apply ConfigMap shop/settings',
      'delete Job shop/check',
      'apply Job shop/check',
    ]);
  });

  it('stops at a failed hook: nothing after it is applied or pruned, SyncFail hooks run', async () => {
    const cluster = new FakeClusterApi()
      .script('Job shop/migrate', { statuses: [JOB_RUNNING, JOB_FAILED] })
      .script('Job shop/notify', { statuses: [JOB_COMPLETE] })
      .script('Job shop/page', { statuses: [JOB_COMPLETE] });
    const previous = await seedApplied(cluster, [configMap('stale')]);
    const plan = await planFor(
      cluster,
      [
        job('migrate', hook('PreSync')),
        job('smoke', hook('PostSync')),
        configMap('settings'),
        job('notify', hook('SyncFail')),
        job('page', hook('SyncFail')),
      ],
      { previousInventory: previous, prune: true },
    );

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply Job shop/migrate',
      'apply Job shop/notify',
      'apply Job shop/page',
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      message: 'PreSync hook Job shop/migrate failed: BackoffLimitExceeded',
    });
    expect(results(outcome)).toEqual([
      'Failed Job shop/migrate',
      'Created Job shop/notify',
      'Created Job shop/page',
    ]);
    expect(outcome.inventory).toEqual(expect.arrayContaining(previous));
  });

  it('fails a hook that does not finish in time', async () => {
    const cluster = new FakeClusterApi().script('Job shop/migrate', {
      statuses: [JOB_RUNNING],
    });
    const plan = await planFor(
      cluster,
      [job('migrate', hook('PreSync')), configMap('settings')],
      {
        timeouts: { hookMs: 20, pollMs: 1 },
      },
    );

    const outcome = await runSync(cluster, plan);

    expect(outcome.message).toBe(
      'Timed out after 0.02s waiting for PreSync hook Job shop/migrate',
    );
    expect(cluster.writes()).toEqual(['apply Job shop/migrate']);
  });

  it("keeps the first failure's message when a SyncFail hook fails too", async () => {
    const cluster = new FakeClusterApi()
      .script('ConfigMap shop/settings', { applyError: 'quota exceeded' })
      .script('Job shop/notify', { statuses: [JOB_FAILED] });
    const plan = await planFor(cluster, [
      configMap('settings'),
      job('notify', hook('SyncFail')),
    ]);

    const outcome = await runSync(cluster, plan);

    expect(outcome.message).toBe('ConfigMap shop/settings: quota exceeded');
    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/settings',
      'apply Job shop/notify',
    ]);
  });

  it('never replaces a hook another app owns: the run fails before its first write', async () => {
    const cluster = new FakeClusterApi();
    const [theirs] = await prepare(cluster, [job('migrate', hook('PreSync'))]);
    cluster.seed(
      withOwnershipMarker('component:default/other@fake', theirs.object),
    );
    const plan = await planFor(cluster, [
      job('migrate', hook('PreSync')),
      configMap('settings'),
    ]);

    const outcome = await runSync(cluster, plan);

    expect(outcome.message).toBe(
      "PreSync hook Job shop/migrate is owned by app 'component:default/other@fake'; it is never replaced",
    );
    expect(cluster.writes()).toEqual([]);
  });
});
