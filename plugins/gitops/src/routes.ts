import { createRouteRef } from '@backstage/core-plugin-api';

/** @public */
export const rootRouteRef = createRouteRef({ id: 'gitops' });

/** @public */
export const fleetRouteRef = createRouteRef({ id: 'gitops-fleet' });
