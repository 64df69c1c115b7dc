import { argValues } from './args';
import { prometheusOutcome, prometheusRequest } from './prometheus';
import type { HttpAnswer, PrometheusMetricRequest } from './prometheus';
import { resolveRunMetrics } from './runMetrics';
import { resolveMetric } from './substitute';
import type {
  AnalysisMetric,
  AnalysisRunState,
  ArgValues,
  MeasurementOutcome,
} from './types';
import { webOutcome, webRequest } from './web';
import type { WebMetricRequest } from './web';

export type MetricRequest =
  | {
      provider: 'prometheus';
      request: PrometheusMetricRequest;
      error?: undefined;
    }
  | { provider: 'web'; request: WebMetricRequest; error?: undefined };

export interface MeasureOptions {
  /** The run's Secret argument values (`readSecretArgs`). */
  secrets?: ArgValues;
}

/** One metric of the run, by the name `nextMeasurements` gave, with arguments and Secrets substituted. */
function runMetric(
  run: AnalysisRunState,
  name: string,
  secrets: ArgValues | undefined,
): { metric: AnalysisMetric; error?: undefined } | { error: string } {
  const names = resolveRunMetrics(run.spec);
  if (names.error !== undefined) return names;
  const index = names.metrics.findIndex(m => m.name === name);
  if (index < 0) return { error: `the run has no metric named ${name}` };
  return resolveMetric(
    run.spec.metrics[index],
    argValues(run.spec.args, secrets),
  );
}

/**
 * The HTTP request a due metric makes. It holds Secret values: send it,
 * never show it. An error is the measurement's (record it as `{ error }`).
 */
export function measurementRequest(
  run: AnalysisRunState,
  metric: string,
  options: MeasureOptions & { now: number; defaultPrometheusAddress?: string },
): MetricRequest | { error: string } {
  const resolved = runMetric(run, metric, options.secrets);
  if (resolved.error !== undefined) return resolved;
  if (resolved.metric.provider.prometheus) {
    const built = prometheusRequest(resolved.metric, {
      now: options.now,
      defaultAddress: options.defaultPrometheusAddress,
    });
    return built.error !== undefined
      ? built
      : { provider: 'prometheus', request: built.request };
  }
  const built = webRequest(resolved.metric);
  return built.error !== undefined
    ? built
    : { provider: 'web', request: built.request };
}

/** The outcome of a metric's answer, for `recordMeasurement`. */
export function answerOutcome(
  run: AnalysisRunState,
  metric: string,
  answer: HttpAnswer,
  options: MeasureOptions = {},
): MeasurementOutcome {
  const resolved = runMetric(run, metric, options.secrets);
  if (resolved.error !== undefined) return { error: resolved.error };
  return resolved.metric.provider.prometheus
    ? prometheusOutcome(answer)
    : webOutcome(resolved.metric, answer);
}
