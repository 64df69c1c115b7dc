import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitopsApiRef } from '../../api';
import { FleetRow } from './fleetRows';

/**
 * Every app the user may read, joined with its entity's owner from the
 * catalog (the backend's fleet route does not know owners).
 */
export function useFleet() {
  const gitopsApi = useApi(gitopsApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async (): Promise<FleetRow[]> => {
    const apps = await gitopsApi.listFleetApps();
    const entityRefs = [...new Set(apps.map(app => app.entityRef))];
    if (!entityRefs.length) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
    });
    const owners = new Map<string, string | undefined>();
    items.forEach((entity, i) => {
      const owner = entity?.spec?.owner;
      owners.set(
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
    return apps.map(app => ({ ...app, owner: owners.get(app.entityRef) }));
  }, [gitopsApi, catalogApi]);
}
