import { FakeClusterApi } from '../../kube/__testUtils__/FakeClusterApi';
import { TRACKING_ANNOTATION } from '../../kube/ownership';
import { runSync, SyncOutcome } from './runSync';
import {
  APP,
  configMap,
  deployment,
  hook,
  job,
  JOB_COMPLETE,
  manifest,
  namespace,
  NS,
  planFor,
  seedApplied,
  service,
  wave,
  widget,
  widgetCrd,
} from './__testUtils__/syncFixtures';

const skipped = (outcome: SyncOutcome) =>
  outcome.resources
    .filter(r => r.result === 'PruneSkipped')
    .map(r => `${r.name}: ${r.message}`);

describe('runSync prunes', () => {
  it('after every apply and hook, in reverse apply order: highest wave first, CRDs and Namespaces last', async () => {
    const cluster = new FakeClusterApi().script('Job shop/smoke', {
      statuses: [JOB_COMPLETE],
    });
    const previous = await seedApplied(cluster, [
      namespace('extra'),
      widgetCrd(),
      widget('gear', wave(1)),
      configMap('settings', wave(-1)),
      deployment('web'),
      service('web', wave(2)),
    ]);
    const plan = await planFor(
      cluster,
      [configMap('kept'), job('smoke', hook('PostSync'))],
      {
        previousInventory: previous,
        prune: true,
      },
    );

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/kept',
      'apply Job shop/smoke',
      'delete Service shop/web',
      'delete Widget shop/gear',
      'delete Deployment shop/web',
      'delete ConfigMap shop/settings',
      'delete CustomResourceDefinition widgets.example.com',
      'delete Namespace extra',
    ]);
    expect(outcome.ok).toBe(true);
    expect(outcome.inventory).toEqual(['/ConfigMap/shop/kept']);
  });

  it('deletes nothing unless the sync asks for prune, and keeps the stale ids', async () => {
    const cluster = new FakeClusterApi();
    const previous = await seedApplied(cluster, [configMap('stale')]);
    const plan = await planFor(cluster, [configMap('kept')], {
      previousInventory: previous,
    });

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual(['apply ConfigMap shop/kept']);
    expect(skipped(outcome)).toEqual([
      'stale: prune not enabled for this sync',
    ]);
    expect(outcome.inventory).toEqual(['/ConfigMap/shop/kept', ...previous]);
  });

  it('keeps objects that opt out by annotation or label, in any of the three spellings', async () => {
    const cluster = new FakeClusterApi();
    const previous = await seedApplied(cluster, [
      configMap('slipway', { 'slipway.dev/prune': 'disabled' }),
      configMap('argo', {
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false',
      }),
      manifest('v1', 'ConfigMap', 'flux', {
        labels: { 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' },
      }),
      configMap('plain'),
    ]);
    const plan = await planFor(cluster, [], {
      previousInventory: previous,
      prune: true,
      allowEmpty: true,
    });

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual(['delete ConfigMap shop/plain']);
    expect(skipped(outcome)).toEqual([
      'slipway: annotated prune-disabled',
      'flux: annotated prune-disabled',
      'argo: annotated prune-disabled',
    ]);
    expect([...outcome.inventory].sort()).toEqual(
      [
        '/ConfigMap/shop/argo',
        '/ConfigMap/shop/flux',
        '/ConfigMap/shop/slipway',
      ].sort(),
    );
  });

  it("deletes only objects still carrying this app's own tracking id, and forgets the others", async () => {
    const cluster = new FakeClusterApi();
    const marked = (name: string, trackingId: string) =>
      manifest('v1', 'ConfigMap', name, {
        namespace: NS,
        annotations: { [TRACKING_ANNOTATION]: trackingId },
      });
    cluster.seed(
      marked(
        'adopted',
        `component:default/other@fake:/ConfigMap:${NS}/adopted`,
      ),
      marked('copy', `${APP}:/ConfigMap:${NS}/original`),
      manifest('v1', 'ConfigMap', 'unmarked', { namespace: NS }),
      marked('ours', `${APP}:/ConfigMap:${NS}/ours`),
    );
    const previous = ['adopted', 'copy', 'unmarked', 'ours'].map(
      n => `/ConfigMap/${NS}/${n}`,
    );
    const plan = await planFor(cluster, [configMap('new')], {
      previousInventory: previous,
      prune: true,
    });

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/new',
      'delete ConfigMap shop/ours',
    ]);
    expect(skipped(outcome).sort()).toEqual(
      ['adopted', 'copy', 'unmarked'].map(
        n => `${n}: no longer carries this app's tracking marker`,
      ),
    );
    expect(outcome.inventory).toEqual(['/ConfigMap/shop/new']);
  });

  it('forgets stale objects that are already gone, and kinds the cluster no longer serves', async () => {
    const cluster = new FakeClusterApi();
    const plan = await planFor(cluster, [configMap('new')], {
      previousInventory: [
        '/ConfigMap/shop/gone',
        'example.com/Widget/shop/gear',
      ],
      prune: true,
    });

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual(['apply ConfigMap shop/new']);
    expect(outcome.resources.map(r => r.name)).toEqual(['new']);
    expect(outcome.inventory).toEqual(['/ConfigMap/shop/new']);
  });

  it('goes on after a failed delete, keeps that id, and fails the run', async () => {
    const cluster = new FakeClusterApi().script('ConfigMap shop/b', {
      deleteError: 'forbidden',
    });
    const previous = await seedApplied(cluster, [
      configMap('a'),
      configMap('b'),
      configMap('c'),
    ]);
    const plan = await planFor(cluster, [configMap('new')], {
      previousInventory: previous,
      prune: true,
    });

    const outcome = await runSync(cluster, plan);

    expect(cluster.writes()).toEqual([
      'apply ConfigMap shop/new',
      'delete ConfigMap shop/c',
      'delete ConfigMap shop/b',
      'delete ConfigMap shop/a',
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      message: '1 objects could not be pruned',
    });
    expect(outcome.inventory).toEqual([
      '/ConfigMap/shop/new',
      '/ConfigMap/shop/b',
    ]);
  });

  it('refuses to prune every object of an app that renders nothing, unless allowEmpty is set', async () => {
    const cluster = new FakeClusterApi();
    const previous = await seedApplied(cluster, [configMap('only')]);

    const refused = await runSync(
      cluster,
      await planFor(cluster, [], { previousInventory: previous, prune: true }),
    );
    expect(refused).toMatchObject({
      ok: false,
      message:
        'Refusing to prune all 1 objects of the app: the source renders nothing. Sync with allowEmpty to confirm.',
      inventory: previous,
    });
    expect(cluster.writes()).toEqual([]);

    const confirmed = await runSync(
      cluster,
      await planFor(cluster, [], {
        previousInventory: previous,
        prune: true,
        allowEmpty: true,
      }),
    );
    expect(confirmed).toMatchObject({ ok: true, inventory: [] });
    expect(cluster.writes()).toEqual(['delete ConfigMap shop/only']);
  });

  it('keeps each stale object under the id it was found by when two API groups share a kind and name', async () => {
    const cluster = new FakeClusterApi();
    const previous = await seedApplied(cluster, [
      widget('edge', undefined, 'a.example.com'),
      widget('edge', undefined, 'b.example.com'),
    ]);
    const plan = await planFor(cluster, [configMap('new')], {
      previousInventory: previous,
      prune: true,
    });

    const outcome = await runSync(cluster, plan);

    expect(
      outcome.resources
        .filter(r => r.result === 'Pruned')
        .map(r => r.id)
        .sort(),
    ).toEqual([
      'a.example.com/Widget/shop/edge',
      'b.example.com/Widget/shop/edge',
    ]);
  });
});
