export { parseAnalysisTemplate } from './parseAnalysisTemplate';
export {
  mergeArgs,
  readSecretArgs,
  resolveArgs,
  suppliedArgValues,
  argValues,
  secretValues,
  SECRET_PLACEHOLDER,
} from './args';
export type { ArgsContext, ReadSecret, ResolvedArgs } from './args';
export { resolveMetric, substituteArgs, maskSecrets } from './substitute';
export { collectTemplates, flattenTemplates } from './templates';
export type { FlatTemplate, TemplateLookup } from './templates';
export { newAnalysisRun } from './newAnalysisRun';
export type { RolloutAnalysisInput } from './newAnalysisRun';
export {
  createAnalysisRun,
  recordMeasurement,
  recordMeasurements,
  terminateAnalysisRun,
  failAnalysisRun,
  indefiniteMetrics,
} from './run';
export type { RecordOptions } from './run';
export { nextMeasurements } from './schedule';
export type { DueMeasurements } from './schedule';
export {
  DEFAULT_CONSECUTIVE_ERROR_LIMIT,
  DEFAULT_MEASUREMENT_RETENTION,
  ERROR_RETRY_INTERVAL_MS,
  effectiveCount,
  isCompleted,
  isTerminating,
  resolveRunMetrics,
} from './runMetrics';
export { evaluateResult } from './evaluateResult';
export { validateMetric, validateMetrics } from './validateMetric';
export {
  prometheusOutcome,
  prometheusRequest,
  PROMETHEUS_DEFAULT_TIMEOUT_SECONDS,
} from './prometheus';
export type { HttpAnswer, PrometheusMetricRequest } from './prometheus';
export { webOutcome, webRequest, WEB_DEFAULT_TIMEOUT_SECONDS } from './web';
export type { WebMetricRequest } from './web';
export { measurementRequest, answerOutcome } from './measure';
export type { MeasureOptions, MetricRequest } from './measure';
export { parseJsonPath, firstJsonPathValue } from './jsonPath';
export { goJson } from './goFormat';
export * from './types';
