import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';

/** Installs {@link SlipwayPermissionPolicy} as the portal's policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(SlipwayPermissionPolicy.fromConfig(config));
      },
    });
  },
});
