import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AppProject,
  gitopsAppCreatePermission,
} from '@slipway/plugin-gitops-common';
import {
  checkSourcePath,
  checkSourceRepo,
  ownerRef,
  readProjects,
  resolveProject,
} from '@slipway/plugin-gitops-node';
import { findOverlappingApp } from './overlappingApps';

/** What `gitops:app:create` is about to write, and for whom. */
export interface AppCreateRequest {
  /** The task initiator. */
  credentials: BackstageCredentials;
  /** Ref of the entity the app will belong to. */
  entityRef: string;
  /** That entity's owner group. */
  owner: string;
  /** Project name; the configured default project if omitted. */
  project?: string;
  repoUrl: string;
  /** Folders to write, `{cluster}` already expanded. */
  paths: string[];
}

/**
 * Every check `gitops:app:create` passes before writing anything. Slipway
 * pushes with its own git credentials, so the initiator's permission, the
 * project's owners and rules, and the folders other entities already deploy
 * from decide what it may write.
 */
export function createAppCreateGuard(deps: {
  config: Config;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
}) {
  const settings = readProjects(deps.config);
  const adminGroups =
    deps.config.getOptionalStringArray('slipway.permissions.adminGroups') ?? [];

  /** Refuses unless the initiator is in the owner group (or an admin group). */
  async function checkMembership(
    credentials: BackstageCredentials,
    owner: string,
  ) {
    // Service principals are decided by their access restrictions alone.
    if (!deps.auth.isPrincipal(credentials, 'user')) return;
    const { userEntityRef, ownershipEntityRefs } =
      await deps.userInfo.getUserInfo(credentials);
    const claims = ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (
      [owner, ...adminGroups].some(g =>
        claims.includes(g.toLocaleLowerCase('en-US')),
      )
    ) {
      return;
    }
    throw new NotAllowedError(
      `'${userEntityRef}' is not a member of '${owner}', the owner of the new app`,
    );
  }

  return async function check(request: AppCreateRequest): Promise<AppProject> {
    const { credentials, repoUrl, paths } = request;
    const [decision] = await deps.permissions.authorize(
      [{ permission: gitopsAppCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Permission '${gitopsAppCreatePermission.name}' denied`,
      );
    }

    const name = request.project?.trim() || settings.defaultProject;
    if (!name) {
      throw new InputError(
        'No project given and no default project is configured (slipway.defaultProject)',
      );
    }
    if (!settings.projects.some(p => p.name === name)) {
      throw new InputError(`No project '${name}' in slipway.projects`);
    }
    let owner: string;
    try {
      owner = ownerRef(request.owner);
    } catch (error) {
      throw new InputError(
        `Owner '${request.owner}' is not a group ref: ${
          (error as Error).message
        }`,
      );
    }
    // The engine resolves the registered entity the same way.
    const resolution = resolveProject(settings, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'new-app',
        annotations: { 'slipway.dev/project': name },
      },
      spec: { owner },
    });
    if ('error' in resolution) throw new NotAllowedError(resolution.error);
    const { project } = resolution;
    await checkMembership(credentials, owner);

    const denial =
      checkSourceRepo(project, repoUrl) ??
      paths.map(p => checkSourcePath(project, p)).find(Boolean);
    if (denial) {
      throw new NotAllowedError(`Refused by ${denial.rule}: ${denial.message}`);
    }

    // Read as Slipway itself: the initiator may not see other teams' entities.
    const { items } = await deps.catalog.getEntities(
      {
        filter: {
          'metadata.annotations.slipway.dev/repo': CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    const overlap = findOverlappingApp(items, {
      entityRef: request.entityRef,
      repoUrl,
      paths,
    });
    if (overlap) {
      throw new ConflictError(
        `Folder '${overlap.path}' overlaps '${overlap.theirPath}', where ${overlap.entityRef} deploys from in the same repository; pick another path`,
      );
    }
    return project;
  };
}
