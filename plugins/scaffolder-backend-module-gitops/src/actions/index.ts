import type {
  AuthService,
  DiscoveryService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createGitopsAppCreateAction } from './createApp';
import { createPublishGitHttpAction } from './publishGitHttp';
import { createGitopsAppWaitAction } from './waitForApp';

export { createGitopsAppCreateAction } from './createApp';
export { createPublishGitHttpAction } from './publishGitHttp';
export { createGitopsAppWaitAction } from './waitForApp';

/** Slipway's scaffolder actions: gitops:app:create, gitops:app:wait, publish:git-http. */
export function createGitopsActions(options: {
  config: Config;
  discovery: DiscoveryService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  userInfo: UserInfoService;
}): TemplateAction<any, any, any>[] {
  return [
    createGitopsAppCreateAction(options),
    createGitopsAppWaitAction(options),
    createPublishGitHttpAction(options),
  ];
}
