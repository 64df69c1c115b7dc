import type { MetricProvider } from '@slipway/plugin-gitops-node';
import { PrometheusProvider } from './PrometheusProvider';

/** The metric providers Slipway ships; modules add more through the extension point. */
export function builtinMetricProviders(): MetricProvider[] {
  return [new PrometheusProvider()];
}
