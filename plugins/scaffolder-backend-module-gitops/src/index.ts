/**
 * Scaffolder actions that put a service under Slipway's GitOps delivery.
 *
 * @packageDocumentation
 */
export { scaffolderModuleGitops as default } from './module';
