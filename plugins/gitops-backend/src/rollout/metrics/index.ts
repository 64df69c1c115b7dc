export {
  builtinQuery,
  observerFor,
  queryValues,
  renderBuiltinQuery,
  renderMetricQuery,
} from './builtinQueries';
export type {
  BuiltinMetricName,
  BuiltinQuery,
  Observer,
} from './builtinQueries';
export { renderTemplate, TemplateError } from './template';
export type { TemplateValues } from './template';
export {
  PrometheusProvider,
  PROMETHEUS_TIMEOUT_MS,
} from './PrometheusProvider';
export { builtinMetricProviders } from './builtinMetricProviders';
export { runMetricChecks } from './runMetricChecks';
export type {
  GuardedQueryOptions,
  InvalidMetricTemplate,
  MetricCheckResult,
  MetricChecksInput,
  MetricChecksResult,
} from './runMetricChecks';
export { checkThreshold, metricBounds } from './thresholds';
export type { ThresholdVerdict } from './thresholds';
export { metricAuthHeaders } from './metricAuth';
