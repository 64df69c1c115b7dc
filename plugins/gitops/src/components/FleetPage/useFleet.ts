import { useRef } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { gitopsApiRef } from '../../api';
import { usePolling } from '../common';
import { FleetRow } from './fleetRows';

/** How often the fleet is read again by default: it is an overview, not a live view. */
export const FLEET_POLL_MS = 30_000;

/**
 * Every app the user may read, joined with its entity's owner from the
 * catalog (the backend's fleet route does not know owners), polled. Owners
 * are looked up once per entity: only entities new to the page cost a
 * catalog call.
 */
export function useFleet(intervalMs = FLEET_POLL_MS) {
  const gitopsApi = useApi(gitopsApiRef);
  const catalogApi = useApi(catalogApiRef);
  const owners = useRef(new Map<string, string | undefined>());
  return usePolling(
    async (): Promise<FleetRow[]> => {
      const apps = await gitopsApi.listFleetApps();
      const known = owners.current;
      const entityRefs = [...new Set(apps.map(app => app.entityRef))].filter(
        ref => !known.has(ref),
      );
      if (entityRefs.length) {
        const { items } = await catalogApi.getEntitiesByRefs({
          entityRefs,
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
        });
        items.forEach((entity, i) => {
          const owner = entity?.spec?.owner;
          known.set(
            entityRefs[i],
            typeof owner === 'string'
              ? stringifyEntityRef(
                  parseEntityRef(owner, {
                    defaultKind: 'group',
                    defaultNamespace: entity?.metadata.namespace ?? 'default',
                  }),
                )
              : undefined,
          );
        });
      }
      return apps.map(app => ({ ...app, owner: known.get(app.entityRef) }));
    },
    [gitopsApi, catalogApi],
    { intervalMs },
  );
}
