import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/**
 * For tests with mock tokens: user info as a catalog sign-in resolver would
 * put it in a real token, the user plus the groups it is a member of.
 */
export const catalogUserInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { auth: coreServices.auth, catalog: catalogServiceRef },
  factory: ({ auth, catalog }) => ({
    async getUserInfo(credentials) {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new InputError('User info is only available for users');
      }
      const userEntityRef = credentials.principal.userEntityRef;
      const user = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => stringifyEntityRef(parseEntityRef(r.targetRef)));
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
    },
  }),
});
