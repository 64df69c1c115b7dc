export { MetricChecksTable } from './MetricChecksTable';
export { WebhookResults } from './WebhookResults';
export { summarizeMetricChecks, formatRange } from './summarizeMetricChecks';
export type { MetricSummary } from './summarizeMetricChecks';
