import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Slipway's scaffolder actions. `gitops:app:create`, `gitops:app:wait` and
 * the plain-HTTP git publisher are built on the sync engine and land with it.
 */
export function createGitopsActions(): TemplateAction<any, any, any>[] {
  return [];
}
