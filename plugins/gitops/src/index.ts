/**
 * Slipway's frontend plugin: GitOps, History and Canary tabs and an
 * overview card for the entity page.
 *
 * @packageDocumentation
 */
export {
  gitopsPlugin,
  EntityGitopsContent,
  EntityGitopsHistoryContent,
  EntityCanaryContent,
  EntityGitopsOverviewCard,
  GitopsFleetPage,
} from './plugin';
export { isGitopsAvailable } from './conditions';
export type { GitopsContentProps } from './components/GitopsContent/GitopsContent';
export type { HistoryContentProps } from './components/HistoryContent/HistoryContent';
export type { CanaryContentProps } from './components/CanaryContent/CanaryContent';
export type { OverviewCardProps } from './components/OverviewCard/OverviewCard';
export type { FleetPageProps } from './components/FleetPage/FleetPage';
export * from './api';
