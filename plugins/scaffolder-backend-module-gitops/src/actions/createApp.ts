import type {
  AuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ConfigGitCredentialsProvider } from '@slipway/plugin-gitops-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { createAppCreateGuard } from '../lib/appCreateGuard';
import { defaultAuthor } from '../lib/author';
import {
  commitChanges,
  GitAuthor,
  GitRemote,
  listBranches,
  pushToRemote,
  remoteOptions,
  toGitError,
} from '../lib/git';
import {
  AppManifestSpec,
  CANARY_DEFAULTS,
  renderAppManifests,
} from '../lib/manifests';
import { expandClusterPaths, resolveRepoPath } from '../lib/paths';
import { examples } from './createApp.examples';
import { DNS_LABEL, isBranchName, isHttpUrl } from './schemas';

interface PushPlan {
  remote: GitRemote;
  dir: string;
  branch?: string;
  targetBranch?: string;
  files: Record<string, string>;
  message: string;
  author: GitAuthor;
  log: (message: string) => void;
}

/** Clones, writes, commits and pushes; returns the resulting commit and branch. */
async function pushApp(plan: PushPlan) {
  const { remote, dir } = plan;
  const { branches, defaultBranch } = await listBranches(remote);
  const base = plan.branch ?? defaultBranch ?? 'main';
  const target = plan.targetBranch ?? base;
  // On a retry the new branch may already exist: build on it, not on base.
  const from = branches.has(target) ? target : base;
  try {
    if (branches.size === 0) {
      plan.log(`Repository is empty; creating its first commit on ${target}`);
      await git.init({ fs, dir, defaultBranch: target });
    } else if (!branches.has(from)) {
      throw new InputError(`Branch "${from}" does not exist in ${remote.url}`);
    } else {
      plan.log(`Cloning ${remote.url}#${from}`);
      await git.clone({
        ...remoteOptions(remote),
        dir,
        ref: from,
        singleBranch: true,
        depth: 1,
        noTags: true,
      });
      if (from !== target)
        await git.branch({ fs, dir, ref: target, checkout: true });
    }

    // Resolve every path before the first write: one bad path writes nothing.
    const targets = Object.entries(plan.files).map(
      ([file, content]) => [resolveRepoPath(dir, file), content] as const,
    );
    for (const [file, content] of targets) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, content);
    }

    const sha = await commitChanges({
      dir,
      message: plan.message,
      author: plan.author,
      hasHead: branches.size > 0,
    });
    if (!sha)
      plan.log('The repository already has these manifests; nothing to commit');
    if (sha || !branches.has(target)) {
      plan.log(`Pushing to ${target}`);
      await pushToRemote(remote, { dir, branch: target });
    }
    const commitSha = sha ?? (await git.resolveRef({ fs, dir, ref: 'HEAD' }));
    return { commitSha, branch: target };
  } catch (error) {
    throw toGitError(error, remote.url);
  }
}

/**
 * `gitops:app:create`: writes a service's Deployment, Service, HPA and
 * Flagger Canary into a GitOps repository (once, or once per cluster when the
 * path contains `{cluster}`), then commits and pushes, directly or on a new
 * branch. Only for an initiator allowed `gitops.app.create` who is in the
 * owner group, inside the project's repositories and folders, and never into
 * a folder another entity deploys from.
 *
 * @public
 */
export function createGitopsAppCreateAction(options: {
  config: Config;
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
}) {
  const credentials = ConfigGitCredentialsProvider.fromConfig(options.config);
  const guard = createAppCreateGuard(options);
  const fallbackAuthor = defaultAuthor(options.config);
  return createTemplateAction({
    id: 'gitops:app:create',
    description:
      "Writes a service's manifests and canary document into a GitOps repository and pushes them with the integration's credentials",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .refine(isHttpUrl, 'must be an http(s) git URL')
            .describe('GitOps repository, http(s) clone URL'),
        path: z =>
          z
            .string()
            .min(1)
            .describe(
              'Folder in the repository; `{cluster}` fans out per cluster',
            ),
        clusters: z =>
          z
            .array(z.string().regex(DNS_LABEL, 'must be a lowercase DNS label'))
            .optional()
            .describe('Cluster names'),
        branch: z =>
          z
            .string()
            .refine(isBranchName, 'must be a valid branch name')
            .optional()
            .describe('Branch to start from; the default branch if omitted'),
        targetBranch: z =>
          z
            .string()
            .refine(isBranchName, 'must be a valid branch name')
            .optional()
            .describe(
              'New branch to push to; pushes to `branch` directly if omitted',
            ),
        name: z =>
          z
            .string()
            .regex(DNS_LABEL, 'must be a lowercase DNS label')
            .describe('Service (and Deployment) name'),
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              "The entity's owner group; must be an owner of the project",
            ),
        project: z =>
          z
            .string()
            .optional()
            .describe(
              'Project from slipway.projects; slipway.defaultProject if omitted',
            ),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The entity the app belongs to; default component:default/<name>',
            ),
        namespace: z =>
          z
            .string()
            .regex(DNS_LABEL, 'must be a lowercase DNS label')
            .optional()
            .describe('Default: default'),
        image: z => z.string().min(1).describe('Container image'),
        port: z =>
          z
            .number()
            .int()
            .min(1)
            .max(65535)
            .optional()
            .describe('Default: 8080'),
        replicas: z =>
          z.number().int().min(1).optional().describe('Default: 2'),
        maxReplicas: z =>
          z.number().int().min(1).optional().describe('Default: 4'),
        canary: z =>
          z
            .object({
              provider: z
                .string()
                .optional()
                .describe(
                  "Traffic router; the rollout engine's default if omitted",
                ),
              strategy: z.enum(['canary', 'blueGreen']).optional(),
              // What Flagger's CRD takes: seconds or minutes, not hours.
              interval: z
                .string()
                .regex(/^\d+(ms|s|m)$/, 'must be like 30s or 5m')
                .optional(),
              threshold: z.number().int().min(1).optional(),
              maxWeight: z.number().int().min(1).max(100).optional(),
              stepWeight: z.number().int().min(1).max(100).optional(),
              iterations: z.number().int().min(1).optional(),
              successRate: z.number().min(0).max(100).optional(),
              latencyMs: z.number().min(1).optional(),
              loadTest: z.boolean().optional(),
              loadTestUrl: z.string().url().optional(),
              gateway: z
                .string()
                .regex(
                  /^([a-z0-9-]+\/)?[a-z0-9-]+$/,
                  'must be namespace/name or name',
                )
                .optional()
                .describe(
                  'Gateway API routers: the Gateway (namespace/name) the HTTPRoute attaches to',
                ),
            })
            .optional()
            .describe(
              'Progressive delivery settings; no canary document without them',
            ),
        commitMessage: z => z.string().optional(),
        author: z =>
          z.object({ name: z.string(), email: z.string() }).optional(),
      },
      output: {
        commitSha: z => z.string(),
        path: z =>
          z
            .string()
            .describe('The path pattern, for the slipway.dev/path annotation'),
        paths: z =>
          z.array(z.string()).describe('Folders written, one per cluster'),
        branch: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      // Defaults live here: the scaffolder validates input with JSON schema,
      // which fills in none.
      const spec: AppManifestSpec = {
        name: input.name,
        namespace: input.namespace ?? 'default',
        image: input.image,
        port: input.port ?? 8080,
        replicas: input.replicas ?? 2,
        maxReplicas: input.maxReplicas ?? 4,
        canary: input.canary && { ...CANARY_DEFAULTS, ...input.canary },
      };
      // Flagger's kubernetes provider has no router to split traffic.
      if (
        spec.canary?.provider === 'kubernetes' &&
        spec.canary.strategy === 'canary'
      ) {
        throw new InputError(
          'Canary provider "kubernetes" only supports the blueGreen strategy',
        );
      }
      if (
        spec.canary?.provider?.startsWith('gatewayapi') &&
        !spec.canary.gateway
      ) {
        throw new InputError(
          `Canary provider "${spec.canary.provider}" needs canary.gateway: the Gateway (namespace/name) the HTTPRoute attaches to, for the Canary's service.gatewayRefs`,
        );
      }
      const dir = await ctx.createTemporaryDirectory();
      const paths = expandClusterPaths(input.path, input.clusters ?? []).map(
        p => path.posix.normalize(p.replace(/\\/g, '/')),
      );
      // Every refusal happens here, before anything is written.
      await guard({
        credentials: await ctx.getInitiatorCredentials(),
        entityRef: stringifyEntityRef(
          parseEntityRef(input.entityRef ?? input.name, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        ),
        owner: input.owner,
        project: input.project,
        repoUrl: input.repoUrl,
        paths,
      });
      const manifests = renderAppManifests(spec);
      const files: Record<string, string> = {};
      for (const folder of paths) {
        resolveRepoPath(dir, folder);
        for (const [file, content] of Object.entries(manifests)) {
          files[path.posix.join(folder, file)] = content;
        }
      }

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write ${Object.keys(files).join(', ')}`,
        );
        ctx.output('commitSha', 'dry-run');
      } else {
        const result = await ctx.checkpoint({
          key: `gitops.app.create.${input.repoUrl}.${
            input.targetBranch ?? input.branch ?? ''
          }.${paths.join(',')}`,
          fn: () =>
            pushApp({
              remote: { url: input.repoUrl, credentials },
              dir,
              branch: input.branch,
              targetBranch: input.targetBranch,
              files,
              message:
                input.commitMessage ?? `Deliver ${input.name} with Slipway`,
              author: input.author ?? fallbackAuthor,
              log: m => ctx.logger.info(m),
            }),
        });
        ctx.output('commitSha', result.commitSha);
        ctx.output('branch', result.branch);
      }
      ctx.output('path', input.path);
      ctx.output('paths', paths);
    },
  });
}
