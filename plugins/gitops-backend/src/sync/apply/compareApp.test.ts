import { FakeClusterApi } from '../../kube/__testUtils__/FakeClusterApi';
import { compareApp, DryRunCache } from './compareApp';
import {
  configMap,
  hook,
  job,
  manifest,
  prepare,
  seedApplied,
  widget,
  widgetCrd,
} from './__testUtils__/syncFixtures';

describe('compareApp', () => {
  it('dry-runs every object but the hooks, and writes nothing', async () => {
    const cluster = new FakeClusterApi();
    await seedApplied(cluster, [configMap('same')]);
    const prepared = await prepare(cluster, [
      job('migrate', hook('PreSync')),
      configMap('same'),
      configMap('new'),
    ]);
    cluster.clearCalls();

    const compared = await compareApp(cluster, prepared, new DryRunCache(), '');

    expect(compared.map(c => [c.id, c.diff.syncStatus, c.diff.action])).toEqual(
      [
        ['/ConfigMap/shop/same', 'Synced', 'none'],
        ['/ConfigMap/shop/new', 'OutOfSync', 'create'],
      ],
    );
    expect(cluster.log('dryRun').sort()).toEqual([
      'dryRun ConfigMap shop/new',
      'dryRun ConfigMap shop/same',
    ]);
    expect(cluster.writes()).toEqual([]);
  });

  it('compares the desired object itself when its kind comes with a CRD in the same sync', async () => {
    const cluster = new FakeClusterApi({ unservedKinds: ['Widget'] });
    const prepared = await prepare(cluster, [widgetCrd(), widget('gear')]);

    const compared = await compareApp(cluster, prepared, new DryRunCache(), '');

    expect(cluster.log('dryRun')).toContain('dryRun Widget shop/gear');
    expect(compared[1].diff.action).toBe('create');
    // The desired object as rendered, ownership marker included.
    expect(compared[1].diff.diff).toContain(
      '+++ desired/example.com/Widget/shop/gear',
    );
    expect(compared[1].diff.diff).toContain('+    slipway.dev/tracking-id:');
  });

  it('fails on any other dry-run error', async () => {
    const cluster = new FakeClusterApi().script('ConfigMap shop/bad', {
      dryRunError: 'ConfigMap "bad" is invalid: data: Invalid value',
    });
    const prepared = await prepare(cluster, [configMap('bad')]);

    await expect(
      compareApp(cluster, prepared, new DryRunCache(), ''),
    ).rejects.toThrow('data: Invalid value');
  });

  it('dry-runs an unchanged object only once while its live version stays the same', async () => {
    const cluster = new FakeClusterApi();
    const prepared = await prepare(cluster, [configMap('a')]);
    const cache = new DryRunCache();

    await compareApp(cluster, prepared, cache, 'app|');
    await compareApp(cluster, prepared, cache, 'app|');
    expect(cluster.log('dryRun')).toEqual(['dryRun ConfigMap shop/a']);

    await cluster.apply(prepared[0].object);
    await compareApp(cluster, prepared, cache, 'app|');
    expect(cluster.log('dryRun')).toHaveLength(2);
  });

  it('keeps one comparison per object, and only the outcome and the diff text', async () => {
    const cluster = new FakeClusterApi();
    const withLevel = (level: string) =>
      manifest('v1', 'ConfigMap', 'a', {}, { data: { level } });
    await seedApplied(cluster, [withLevel('info')]);
    const cache = new DryRunCache();
    const compare = async (level: string) =>
      compareApp(
        cluster,
        await prepare(cluster, [withLevel(level)]),
        cache,
        'app|',
      );

    const [changed] = await compare('debug');
    const [again] = await compare('trace');

    expect(cache.size).toBe(1);
    expect(changed.diff.diff).toContain('+  level: debug');
    expect(again.diff.diff).toContain('+  level: trace');
    expect(Object.keys(again.diff).sort()).toEqual([
      'action',
      'changedPaths',
      'diff',
      'syncStatus',
    ]);
  });

  it('forgets the least recently used objects past its bound', async () => {
    const cluster = new FakeClusterApi();
    const prepared = await prepare(cluster, [configMap('a'), configMap('b')]);
    const cache = new DryRunCache({ maxEntries: 1 });
    const [a, b] = prepared;

    await compareApp(cluster, [a], cache, 'app|');
    await compareApp(cluster, [b], cache, 'app|');
    await compareApp(cluster, [b], cache, 'app|');
    expect(cluster.log('dryRun')).toEqual([
      'dryRun ConfigMap shop/a',
      'dryRun ConfigMap shop/b',
    ]);

    await compareApp(cluster, [a], cache, 'app|');
    expect(cache.size).toBe(1);
    expect(cluster.log('dryRun')).toHaveLength(3);
  });
});
