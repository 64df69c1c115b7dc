import {
  ConflictError,
  CustomErrorBase,
  NotAllowedError,
} from '@backstage/errors';
import {
  checkSourcePath,
  checkSourceRepo,
  GitSourceError,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { AppSpec, ParsedApp } from '../catalog/AppSpec';

/** The git host failed or refused our credentials: not the caller's fault. */
export class BadGatewayError extends CustomErrorBase {
  name = 'BadGatewayError' as const;
  statusCode = 502;
}

const AUTHOR = { name: 'Slipway', email: 'slipway@noreply.local' };

/**
 * The app when a revert commit may be pushed for it: valid, inside its
 * project's repositories and folders, and not pinned. Checked again by
 * {@link revertInGit}; callers check first to refuse before other lookups.
 */
export function revertableApp(
  app: ParsedApp | undefined,
  pinnedRevision?: string,
): AppSpec {
  if (!app?.valid) {
    throw new ConflictError(
      `App '${app?.key}' has invalid annotations: ${app?.message}`,
    );
  }
  // Slipway pushes with its own credentials, so the requester's permission
  // on the entity is not enough: the write must stay inside the project.
  const denial =
    checkSourceRepo(app.project, app.repoUrl) ??
    checkSourcePath(app.project, app.path);
  if (denial) {
    throw new NotAllowedError(
      `Revert of '${app.key}' refused by ${denial.rule}: ${denial.message}`,
    );
  }
  if (pinnedRevision) {
    throw new ConflictError(
      `App '${app.key}' is pinned to ${pinnedRevision.slice(
        0,
        12,
      )} by a rollback; unpin it before reverting in Git`,
    );
  }
  return app;
}

/**
 * Pushes a commit to the branch an app follows that restores the app's
 * folder to `targetSha`, only in a repository and folder the app's project
 * allows. Only branch-following, unpinned apps can be reverted: a tag,
 * semver range or SHA would never see the new commit.
 * Returns the new commit's SHA; the engine syncs it like any other push.
 */
export async function revertInGit(options: {
  app: ParsedApp | undefined;
  pinnedRevision?: string;
  targetSha: string;
  initiator: string;
  repos: RepoCache;
}): Promise<string> {
  const { targetSha } = options;
  const app = revertableApp(options.app, options.pinnedRevision);
  const repo = options.repos.repo(app.repoUrl);
  try {
    const followed = await repo.resolve(app.revision);
    if (
      !['branch', 'default-branch'].includes(followed.kind) ||
      !followed.ref?.startsWith('refs/heads/')
    ) {
      throw new ConflictError(
        `App '${app.key}' follows ${followed.kind} '${app.revision}', not a branch: a revert commit would never be deployed; change the revision or use rollback`,
      );
    }
    const { sha } = await repo.pushRevert({
      branchRef: followed.ref,
      appPath: app.path,
      targetSha,
      message: `Revert ${app.path || '/'} to ${targetSha.slice(
        0,
        12,
      )} (requested by ${options.initiator})`,
      author: AUTHOR,
    });
    return sha;
  } catch (error) {
    if (!(error instanceof GitSourceError)) throw error;
    if (
      ['refused', 'revision-not-found', 'path-not-found'].includes(error.reason)
    ) {
      throw new ConflictError(error.message);
    }
    throw new BadGatewayError(error.message);
  }
}
