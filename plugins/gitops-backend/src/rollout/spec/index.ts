export {
  parseRolloutDocument,
  findTargetConflicts,
  deriveStrategy,
} from './parse';
export type { ParseOptions } from './parse';
export {
  parseGoDuration,
  parsePauseDuration,
  formatDuration,
} from './duration';
export { DEFAULTS, BUILTIN_METRICS } from './defaults';
export * from './types';
export {
  nextStepWeight,
  canaryWeightSchedule,
  effectiveSteps,
  minimumAnalysisMs,
} from './weights';
export { parseMetricTemplate, METRIC_PROVIDER_TYPES } from './metricTemplate';
export type { MetricTemplateSpec, MetricProviderType } from './metricTemplate';
