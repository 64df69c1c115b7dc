import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';

type Request = Parameters<HttpAuthService['credentials']>[0];

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock httpAuth, except that a plugin calling on behalf of a user keeps
 * an `actor`, as real tokens do. Without it the permission backend takes
 * the catalog's conditional checks for direct user requests and refuses them.
 */
export const onBehalfOfHttpAuthServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }): HttpAuthService => {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const credentials = async (req: Request, options?: object) => {
      const found: BackstageCredentials = await inner.credentials(req, options);
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const principal = found.principal as { type: string };
      if (principal.type === 'user' && token.startsWith(SERVICE_TOKEN_PREFIX)) {
        return { ...found, principal: { ...principal, actor: { subject: 'plugin:on-behalf-of' } } };
      }
      return found;
    };
    return {
      issueUserCookie: inner.issueUserCookie.bind(inner),
      credentials: credentials as HttpAuthService['credentials'],
    };
  },
});
