import type {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
  MetricsServiceObservableGauge,
  MetricsServiceObservableCallback,
} from '@backstage/backend-plugin-api/alpha';
import type {
  EngineErrorKind,
  EngineMetrics,
  KubeRequestOutcome,
  LeaseMove,
  ReconcileOutcome,
  RolloutTickOutcome,
  SyncQueueReader,
} from './EngineMetrics';

// Reconciles and ticks take from milliseconds (nothing changed) to minutes
// (a slow clone, a large apply); the SDK's default buckets are for milliseconds.
const DURATION_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

/** `2xx`, `4xx`, `5xx`..., or `error` when no answer came. */
const resultClass = (status?: number) =>
  status ? `${Math.floor(status / 100)}xx` : 'error';

/**
 * The engines' metrics as OpenTelemetry instruments, created through
 * Backstage's plugin-scoped metrics service (its meter is named after the
 * plugin, `backstage-plugin-gitops`, and exported however the backend's
 * OpenTelemetry SDK is set up).
 */
export class OtelEngineMetrics implements EngineMetrics {
  readonly #queueDepth: MetricsServiceObservableGauge;
  readonly #reconcileDuration: MetricsServiceHistogram;
  readonly #reconciles: MetricsServiceCounter;
  readonly #tickDuration: MetricsServiceHistogram;
  readonly #ticks: MetricsServiceCounter;
  readonly #kubeRequests: MetricsServiceCounter;
  readonly #leaseMoves: MetricsServiceCounter;
  readonly #errors: MetricsServiceCounter;

  constructor(metrics: MetricsService) {
    this.#queueDepth = metrics.createObservableGauge(
      'gitops.sync.queue.depth',
      {
        description:
          'Apps due for a reconcile that no replica has claimed (state=due), and apps being reconciled (state=running), across all replicas',
        unit: '{app}',
      },
    );
    this.#reconcileDuration = metrics.createHistogram(
      'gitops.sync.reconcile.duration',
      {
        description:
          'Time one reconcile of one app took: resolve, render, compare and, when it synced, apply',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
      },
    );
    this.#reconciles = metrics.createCounter('gitops.sync.reconcile.count', {
      description: 'Reconciles this replica finished',
      unit: '{reconcile}',
    });
    this.#tickDuration = metrics.createHistogram(
      'gitops.rollout.tick.duration',
      {
        description:
          'Time one tick of one rollout took: analysis, traffic weights, promotion or rollback',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS_SECONDS },
      },
    );
    this.#ticks = metrics.createCounter('gitops.rollout.tick.count', {
      description: 'Rollout ticks this replica finished',
      unit: '{tick}',
    });
    this.#kubeRequests = metrics.createCounter('gitops.kube.request.count', {
      description:
        'Requests this replica sent to Kubernetes API servers, watches included',
      unit: '{request}',
    });
    this.#leaseMoves = metrics.createCounter('gitops.lease.move.count', {
      description:
        'App and rollout leases this replica took over from another owner, or lost to one',
      unit: '{lease}',
    });
    this.#errors = metrics.createCounter('gitops.error.count', {
      description: 'Errors in the engines, by where they happened',
      unit: '{error}',
    });
  }

  observeSyncQueue(read: SyncQueueReader): () => void {
    // A failed read rejects the callback: the SDK reports it with the
    // collection and still exports every other metric.
    const callback: MetricsServiceObservableCallback = async result => {
      const { due, running } = await read();
      result.observe(due, { state: 'due' });
      result.observe(running, { state: 'running' });
    };
    this.#queueDepth.addCallback(callback);
    return () => this.#queueDepth.removeCallback(callback);
  }

  reconcileDone({ seconds, ok, synced }: ReconcileOutcome): void {
    const attributes = { result: ok ? 'ok' : 'failed', synced };
    this.#reconcileDuration.record(seconds, attributes);
    this.#reconciles.add(1, attributes);
  }

  rolloutTickDone({ seconds, phase, result }: RolloutTickOutcome): void {
    const attributes = { phase, result };
    this.#tickDuration.record(seconds, attributes);
    this.#ticks.add(1, attributes);
  }

  kubeRequestDone({ cluster, verb, status }: KubeRequestOutcome): void {
    this.#kubeRequests.add(1, { cluster, verb, result: resultClass(status) });
  }

  leaseMoved({ lease, move, count = 1 }: LeaseMove): void {
    if (count > 0) this.#leaseMoves.add(count, { lease, move });
  }

  errorSeen(kind: EngineErrorKind): void {
    this.#errors.add(1, { kind });
  }
}
