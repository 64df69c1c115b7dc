import type { Config } from '@backstage/config';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createGitopsAppCreateAction } from './createApp';

export { createGitopsAppCreateAction } from './createApp';

/**
 * Slipway's scaffolder actions. `gitops:app:wait` lands with the
 * template that uses it.
 */
export function createGitopsActions(options: {
  config: Config;
}): TemplateAction<any, any, any>[] {
  return [createGitopsAppCreateAction(options)];
}
