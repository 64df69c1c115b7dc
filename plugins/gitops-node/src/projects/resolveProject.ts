import type { Entity } from '@backstage/catalog-model';
import {
  AppProject,
  SLIPWAY_ANNOTATIONS,
} from '@slipway/plugin-gitops-common';
import { ownerRef, ProjectSettings } from './readProjects';

/**
 * The entity's project, or why it has none (shown as the app's message).
 *
 * @public
 */
export type ProjectResolution = { project: AppProject } | { error: string };

/**
 * Picks an entity's project: the one `slipway.dev/project` names, else the
 * default project. Either way the entity's owner must be one of the
 * project's owner groups, so registering an entity never buys a project.
 *
 * @public
 */
export function resolveProject(
  settings: ProjectSettings,
  entity: Entity,
): ProjectResolution {
  const named =
    entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.project]?.trim();
  const name = named || settings.defaultProject;
  if (!name) {
    return {
      error: `${SLIPWAY_ANNOTATIONS.project} is required: no default project is configured (slipway.defaultProject)`,
    };
  }
  const project = settings.projects.find(p => p.name === name);
  if (!project) return { error: `No project '${name}' in slipway.projects` };
  const rawOwner =
    typeof entity.spec?.owner === 'string' ? entity.spec.owner : '';
  let owner: string | undefined;
  try {
    owner = rawOwner
      ? ownerRef(rawOwner, entity.metadata.namespace ?? 'default')
      : undefined;
  } catch {
    owner = undefined;
  }
  if (!owner || !project.owners.includes(owner)) {
    return {
      error: `Project '${name}' is not open to owner '${
        rawOwner || '(none)'
      }' (its owners: ${project.owners.join(', ') || 'none'})`,
    };
  }
  return { project };
}
