import type { Histogram } from '@opentelemetry/sdk-metrics';
import { SyncQueueDepth } from './EngineMetrics';
import { OtelEngineMetrics } from './OtelEngineMetrics';
import { TestMeterProvider } from './__testUtils__/collectMetrics';

describe('OtelEngineMetrics through the OpenTelemetry SDK', () => {
  let sdk: TestMeterProvider;
  let metrics: OtelEngineMetrics;

  beforeEach(() => {
    sdk = new TestMeterProvider();
    metrics = new OtelEngineMetrics(sdk.meter());
  });

  afterEach(() => sdk.shutdown());

  it('records each reconcile as a duration point and a count, by result and whether it synced', async () => {
    metrics.reconcileDone({ seconds: 0.2, ok: true, synced: true });
    metrics.reconcileDone({ seconds: 0.4, ok: true, synced: true });
    metrics.reconcileDone({ seconds: 1.5, ok: false, synced: true });
    metrics.reconcileDone({ seconds: 0.003, ok: true, synced: false });

    const collected = await sdk.collect();
    const duration = collected.metric('gitops.sync.reconcile.duration');
    expect(duration?.descriptor).toMatchObject({
      unit: 's',
      type: 'HISTOGRAM',
    });
    const syncedOk = collected.point<Histogram>(
      'gitops.sync.reconcile.duration',
      {
        result: 'ok',
        synced: true,
      },
    );
    expect(syncedOk?.value.count).toBe(2);
    expect(syncedOk?.value.sum).toBeCloseTo(0.6);
    // Seconds-sized buckets: 0.2 and 0.4 land in different ones.
    expect(syncedOk?.value.buckets.boundaries).toContain(0.25);
    expect(
      collected.point<Histogram>('gitops.sync.reconcile.duration', {
        result: 'failed',
        synced: true,
      })?.value,
    ).toMatchObject({ count: 1, sum: 1.5 });
    expect(collected.points('gitops.sync.reconcile.duration')).toHaveLength(3);

    expect(
      collected.point('gitops.sync.reconcile.count', {
        result: 'ok',
        synced: true,
      })?.value,
    ).toBe(2);
    expect(
      collected.point('gitops.sync.reconcile.count', {
        result: 'ok',
        synced: false,
      })?.value,
    ).toBe(1);
    expect(
      collected.point('gitops.sync.reconcile.count', {
        result: 'failed',
        synced: true,
      })?.value,
    ).toBe(1);
  });

  it('reads the queue depth only at collection, each time afresh, until unregistered', async () => {
    let depth: SyncQueueDepth = { due: 7, running: 3 };
    let reads = 0;
    const stop = metrics.observeSyncQueue(async () => {
      reads++;
      return depth;
    });
    expect(reads).toBe(0);

    let collected = await sdk.collect();
    expect(reads).toBe(1);
    expect(collected.metric('gitops.sync.queue.depth')?.descriptor.unit).toBe(
      '{app}',
    );
    expect(
      collected.point('gitops.sync.queue.depth', { state: 'due' })?.value,
    ).toBe(7);
    expect(
      collected.point('gitops.sync.queue.depth', { state: 'running' })?.value,
    ).toBe(3);

    depth = { due: 0, running: 10 };
    collected = await sdk.collect();
    expect(reads).toBe(2);
    expect(
      collected.point('gitops.sync.queue.depth', { state: 'due' })?.value,
    ).toBe(0);
    expect(
      collected.point('gitops.sync.queue.depth', { state: 'running' })?.value,
    ).toBe(10);

    stop();
    await sdk.collect();
    expect(reads).toBe(2);
  });

  it('still exports every other metric when reading the queue fails', async () => {
    metrics.observeSyncQueue(async () => {
      throw new Error('database unavailable');
    });
    metrics.errorSeen('catalog');

    const collected = await sdk.collect();
    expect(collected.errors).toEqual([new Error('database unavailable')]);
    expect(collected.points('gitops.sync.queue.depth')).toEqual([]);
    expect(
      collected.point('gitops.error.count', { kind: 'catalog' })?.value,
    ).toBe(1);
  });

  it('records rollout ticks by the phase they left the rollout in and their result', async () => {
    metrics.rolloutTickDone({
      seconds: 0.05,
      phase: 'Progressing',
      result: 'ok',
    });
    metrics.rolloutTickDone({
      seconds: 0.07,
      phase: 'Progressing',
      result: 'ok',
    });
    metrics.rolloutTickDone({
      seconds: 2,
      phase: 'Progressing',
      result: 'failed',
    });
    metrics.rolloutTickDone({ seconds: 0.1, phase: 'Succeeded', result: 'ok' });

    const collected = await sdk.collect();
    expect(
      collected.metric('gitops.rollout.tick.duration')?.descriptor.unit,
    ).toBe('s');
    expect(
      collected.point<Histogram>('gitops.rollout.tick.duration', {
        phase: 'Progressing',
        result: 'ok',
      })?.value,
    ).toMatchObject({ count: 2, min: 0.05, max: 0.07 });
    expect(
      collected.point('gitops.rollout.tick.count', {
        phase: 'Progressing',
        result: 'failed',
      })?.value,
    ).toBe(1);
    expect(
      collected.point('gitops.rollout.tick.count', {
        phase: 'Succeeded',
        result: 'ok',
      })?.value,
    ).toBe(1);
  });

  it('counts lease moves by lease and direction, a batch at once, and errors by kind', async () => {
    metrics.leaseMoved({ lease: 'app', move: 'claimed', count: 40 });
    metrics.leaseMoved({ lease: 'app', move: 'claimed', count: 0 });
    metrics.leaseMoved({ lease: 'app', move: 'lost' });
    metrics.leaseMoved({ lease: 'rollout', move: 'claimed' });
    metrics.errorSeen('reconcile');
    metrics.errorSeen('reconcile');
    metrics.errorSeen('lease');

    const collected = await sdk.collect();
    expect(
      collected.point('gitops.lease.move.count', {
        lease: 'app',
        move: 'claimed',
      })?.value,
    ).toBe(40);
    expect(
      collected.point('gitops.lease.move.count', { lease: 'app', move: 'lost' })
        ?.value,
    ).toBe(1);
    expect(
      collected.point('gitops.lease.move.count', {
        lease: 'rollout',
        move: 'claimed',
      })?.value,
    ).toBe(1);
    expect(collected.points('gitops.lease.move.count')).toHaveLength(3);
    expect(
      collected.point('gitops.error.count', { kind: 'reconcile' })?.value,
    ).toBe(2);
    expect(
      collected.point('gitops.error.count', { kind: 'lease' })?.value,
    ).toBe(1);
  });

  it('classes Kubernetes answers by status family, and no answer as an error', async () => {
    metrics.kubeRequestDone({ cluster: 'prod', verb: 'get', status: 200 });
    metrics.kubeRequestDone({ cluster: 'prod', verb: 'get', status: 404 });
    metrics.kubeRequestDone({ cluster: 'prod', verb: 'get', status: 410 });
    metrics.kubeRequestDone({ cluster: 'prod', verb: 'apply', status: 503 });
    metrics.kubeRequestDone({ cluster: 'prod', verb: 'list' });

    const collected = await sdk.collect();
    const count = (attributes: Record<string, string>) =>
      collected.point('gitops.kube.request.count', {
        cluster: 'prod',
        ...attributes,
      })?.value;
    expect(count({ verb: 'get', result: '2xx' })).toBe(1);
    expect(count({ verb: 'get', result: '4xx' })).toBe(2);
    expect(count({ verb: 'apply', result: '5xx' })).toBe(1);
    expect(count({ verb: 'list', result: 'error' })).toBe(1);
  });
});
