import { AppRef, EntityName, entityRef } from '../args/appRef';
import { CliError, ExitCode } from '../exitCodes';
import type { SlipwayClient } from './SlipwayClient';

/** An app as the API's path parameters name it. */
export interface AppTarget {
  entity: EntityName;
  cluster: string;
  /** `component:default/payments@production` */
  key: string;
}

/** The path parameters of an app's routes. */
export const appPath = (target: AppTarget) => ({
  ...target.entity,
  cluster: target.cluster,
});

/**
 * The app an APP argument names. Without a cluster, the entity's only app;
 * an entity delivered to several clusters needs one named.
 */
export async function resolveApp(
  client: SlipwayClient,
  ref: AppRef,
): Promise<AppTarget> {
  const ofCluster = (cluster: string) => ({
    entity: ref.entity,
    cluster,
    key: `${entityRef(ref.entity)}@${cluster}`,
  });
  if (ref.cluster) return ofCluster(ref.cluster);
  const { items } = await client.call('listEntityApps', { path: ref.entity });
  const name = entityRef(ref.entity);
  if (items.length === 1) return ofCluster(items[0].cluster);
  if (!items.length) {
    throw new CliError(ExitCode.NotFound, `${name} has no app on any cluster`);
  }
  const clusters = items.map(app => app.cluster).join(', ');
  throw new CliError(
    ExitCode.Usage,
    `${name} is delivered to ${items.length} clusters (${clusters}): name one, e.g. ${ref.entity.name}@${items[0].cluster} or --cluster ${items[0].cluster}`,
  );
}
