export { ProjectSummary } from './ProjectSummary';
export type { ProjectSummaryProps } from './ProjectSummary';
