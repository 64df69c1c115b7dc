import { Entity } from '@backstage/catalog-model';
import { GITOPS_REPO_ANNOTATION } from '@slipway/plugin-gitops-common';

/**
 * Whether an entity opted in to Slipway delivery.
 *
 * @public
 */
export const isGitopsAvailable = (entity: Entity) =>
  Boolean(entity.metadata.annotations?.[GITOPS_REPO_ANNOTATION]);
