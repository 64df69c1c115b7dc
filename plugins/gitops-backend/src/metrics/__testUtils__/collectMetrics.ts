import type { MeterProvider as MeterProviderApi } from '@opentelemetry/api';
import {
  DataPoint,
  MeterProvider,
  MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';

/** Collects only when asked, so a test decides when callbacks run. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const sorted = (attributes: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)),
  );

/** One collection, as an exporter would receive it. */
export class Collection {
  constructor(
    readonly metrics: MetricData[],
    /** Errors the SDK met while collecting (e.g. a failed observable callback). */
    readonly errors: unknown[],
  ) {}

  metric(name: string): MetricData | undefined {
    return this.metrics.find(m => m.descriptor.name === name);
  }

  /** The data points of a metric, in no particular order; none when it was not exported. */
  points<T = number>(name: string): DataPoint<T>[] {
    return (this.metric(name)?.dataPoints ?? []) as DataPoint<T>[];
  }

  /** The point whose attributes equal `attributes` exactly. */
  point<T = number>(
    name: string,
    attributes: Record<string, unknown>,
  ): DataPoint<T> | undefined {
    const wanted = JSON.stringify(sorted(attributes));
    return this.points<T>(name).find(
      p => JSON.stringify(sorted(p.attributes)) === wanted,
    );
  }
}

/** A real OpenTelemetry SDK meter provider whose metrics a test reads back. */
export class TestMeterProvider {
  readonly #reader = new OnDemandReader();
  readonly provider = new MeterProvider({ readers: [this.#reader] });

  get api(): MeterProviderApi {
    return this.provider;
  }

  meter(name = 'backstage-plugin-gitops') {
    return this.provider.getMeter(name);
  }

  /** Metrics of one instrumentation scope (meter name). */
  async collect(scope = 'backstage-plugin-gitops'): Promise<Collection> {
    const { resourceMetrics, errors } = await this.#reader.collect();
    const metrics = resourceMetrics.scopeMetrics
      .filter(s => s.scope.name === scope)
      .flatMap(s => s.metrics);
    return new Collection(metrics, errors);
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
