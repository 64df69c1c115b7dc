import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConfigGitCredentialsProvider } from '@slipway/plugin-gitops-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { defaultAuthor } from '../lib/author';
import {
  commitChanges,
  GitRemote,
  listBranches,
  pushToRemote,
  remoteOptions,
  toGitError,
} from '../lib/git';
import { examples } from './publishGitHttp.examples';
import { isBranchName, isHttpUrl } from './schemas';

/**
 * Where the catalog reads files of a branch; hosts differ, so ask the
 * integration's type. A host with no integration is a plain git server:
 * Slipway's git URL reader (gitops-backend-module-git-url-reader,
 * `slipway.gitReader`) serves `<repo>.git/blob/<branch>/<path>` there.
 */
function contentsUrl(
  integrations: ScmIntegrations,
  repoUrl: string,
  branch: string,
) {
  const base = repoUrl.replace(/\/+$/, '').replace(/\.git$/, '');
  switch (integrations.byUrl(repoUrl)?.type) {
    case 'gitea':
      return `${base}/src/branch/${branch}`;
    case 'gitlab':
      return `${base}/-/blob/${branch}`;
    case undefined:
      return `${base}.git/blob/${branch}`;
    default:
      return `${base}/blob/${branch}`;
  }
}

interface PublishPlan {
  remote: GitRemote;
  dir: string;
  gitdir: string;
  branch: string;
  message: string;
  author: { name: string; email: string };
  log: (message: string) => void;
}

async function publish(plan: PublishPlan): Promise<string> {
  const { remote, dir, gitdir, branch } = plan;
  const { branches } = await listBranches(remote);
  try {
    await git.init({ fs, dir, gitdir, defaultBranch: branch });
    await git.addRemote({ fs, dir, gitdir, remote: 'origin', url: remote.url });
    const commit = (await commitChanges({ ...plan, hasHead: false }))!;
    if (branches.size > 0) {
      // A retry after a push whose result was lost finds its own tree there.
      const existing = branches.get(branch);
      if (branches.size === 1 && existing) {
        const { fetchHead } = await git.fetch({
          ...remoteOptions(remote),
          dir,
          gitdir,
          remote: 'origin',
          ref: branch,
          singleBranch: true,
          depth: 1,
          tags: false,
        });
        const ours = await git.readCommit({ fs, gitdir, oid: commit });
        const theirs = await git.readCommit({ fs, gitdir, oid: fetchHead! });
        if (ours.commit.tree === theirs.commit.tree) {
          plan.log(`${remote.url}#${branch} already has this content`);
          return existing;
        }
      }
      throw new InputError(
        `Git repository ${remote.url} is not empty; publish:git-http only pushes the first commit of an empty repository`,
      );
    }
    plan.log(`Pushing the initial commit to ${remote.url}#${branch}`);
    await pushToRemote(remote, { dir, gitdir, branch });
    return commit;
  } catch (error) {
    throw toGitError(error, remote.url);
  }
}

/**
 * `publish:git-http`: pushes the workspace as the initial commit of an
 * existing, empty repository on any smart-HTTP git server.
 *
 * @public
 */
export function createPublishGitHttpAction(options: { config: Config }) {
  const credentials = ConfigGitCredentialsProvider.fromConfig(options.config);
  const integrations = ScmIntegrations.fromConfig(options.config);
  const fallbackAuthor = defaultAuthor(options.config);
  return createTemplateAction({
    id: 'publish:git-http',
    description:
      'Pushes the workspace as the initial commit of an existing, empty repository on any git server over smart HTTP. Plain git over HTTP cannot create repositories: create it on the server first.',
    examples,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .refine(isHttpUrl, 'must be an http(s) git URL')
            .describe('Clone URL of the existing, empty repository'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to publish; all of it if omitted',
            ),
        defaultBranch: z =>
          z
            .string()
            .refine(isBranchName, 'must be a valid branch name')
            .optional()
            .describe('Default: main'),
        commitMessage: z =>
          z.string().optional().describe('Default: Initial commit'),
        gitAuthorName: z => z.string().optional(),
        gitAuthorEmail: z => z.string().optional(),
      },
      output: {
        remoteUrl: z => z.string(),
        repoContentsUrl: z => z.string(),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const branch = input.defaultBranch ?? 'main';
      let dir: string;
      try {
        dir = resolveSafeChildPath(ctx.workspacePath, input.sourcePath ?? '.');
      } catch {
        throw new InputError(
          `sourcePath "${input.sourcePath}" is outside the workspace`,
        );
      }
      const gitdir = await ctx.createTemporaryDirectory();
      const commitHash = await ctx.checkpoint({
        key: `publish.git-http.${input.repoUrl}.${branch}`,
        fn: () =>
          publish({
            remote: { url: input.repoUrl, credentials },
            dir,
            gitdir,
            branch,
            message: input.commitMessage ?? 'Initial commit',
            author: {
              name: input.gitAuthorName ?? fallbackAuthor.name,
              email: input.gitAuthorEmail ?? fallbackAuthor.email,
            },
            log: m => ctx.logger.info(m),
          }),
      });
      ctx.output('remoteUrl', input.repoUrl);
      ctx.output(
        'repoContentsUrl',
        contentsUrl(integrations, input.repoUrl, branch),
      );
      ctx.output('commitHash', commitHash);
    },
  });
}
