export { RolloutChart } from './RolloutChart';
export { chartSeries } from './chartSeries';
export type { ChartPoint } from './chartSeries';
