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
export * from './api';
