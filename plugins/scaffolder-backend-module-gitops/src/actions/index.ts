import type { Config } from '@backstage/config';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createGitopsAppCreateAction } from './createApp';
import { createPublishGitHttpAction } from './publishGitHttp';

export { createGitopsAppCreateAction } from './createApp';
export { createPublishGitHttpAction } from './publishGitHttp';

/**
 * Slipway's scaffolder actions: gitops:app:create and publish:git-http.
 * `gitops:app:wait` lands with the template that uses it.
 */
export function createGitopsActions(options: {
  config: Config;
}): TemplateAction<any, any, any>[] {
  return [
    createGitopsAppCreateAction(options),
    createPublishGitHttpAction(options),
  ];
}
