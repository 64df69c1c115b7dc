import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import type { GitopsApp } from '@slipway/plugin-gitops-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { examples } from './waitForApp.examples';

const describeApp = (app: GitopsApp) =>
  `${app.cluster}: ${app.syncStatus}/${app.healthStatus}${
    app.message ? ` (${app.message})` : ''
  }`;

interface Poll {
  apps: GitopsApp[];
  state: string;
  done: boolean;
  invalid?: GitopsApp;
}

/** One poll's verdict for the clusters waited on (all apps when none are named). */
function assess(items: GitopsApp[], clusters?: string[]): Poll {
  const apps = items.filter(app => !clusters || clusters.includes(app.cluster));
  const missing = (clusters ?? []).filter(
    c => !apps.some(app => app.cluster === c),
  );
  const state = [
    ...apps.map(describeApp),
    ...missing.map(c => `${c}: not known yet`),
  ].join(', ');
  return {
    apps,
    state,
    invalid: apps.find(app => app.syncStatus === 'Invalid'),
    done:
      apps.length > 0 &&
      missing.length === 0 &&
      apps.every(
        a => a.syncStatus === 'Synced' && a.healthStatus === 'Healthy',
      ),
  };
}

/**
 * `gitops:app:wait`: polls the gitops backend until the entity's apps are
 * Synced and Healthy on every cluster, logging each change of state.
 *
 * @public
 */
export function createGitopsAppWaitAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: 'gitops:app:wait',
    description:
      "Waits until an entity's GitOps apps are Synced and Healthy on their clusters, or fails after a timeout",
    examples,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'Entity delivered by Slipway, e.g. component:default/payments',
            ),
        clusters: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Clusters to wait for; every app of the entity if omitted',
            ),
        timeoutSeconds: z =>
          z.number().min(1).optional().describe('Default: 600'),
        intervalSeconds: z =>
          z.number().min(0.01).optional().describe('Default: 10'),
      },
      output: {
        apps: z =>
          z.array(
            z.object({
              cluster: z.string(),
              syncStatus: z.string(),
              healthStatus: z.string(),
              revision: z.string().optional(),
            }),
          ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      let ref;
      try {
        ref = parseEntityRef(input.entityRef, { defaultKind: 'component' });
      } catch (error) {
        throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
      }
      const path = [
        ref.namespace,
        ref.kind.toLocaleLowerCase('en-US'),
        ref.name,
      ]
        .map(encodeURIComponent)
        .join('/');
      const timeoutMs = (input.timeoutSeconds ?? 600) * 1000;
      const intervalMs = (input.intervalSeconds ?? 10) * 1000;
      const deadline = Date.now() + timeoutMs;

      // On behalf of the user who runs the template: the backend's read
      // permission applies to them, not to the scaffolder.
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'gitops',
      });

      const fetchApps = async (): Promise<GitopsApp[] | undefined> => {
        const baseUrl = await discovery.getBaseUrl('gitops');
        const response = await fetch(`${baseUrl}/entities/${path}/apps`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: ctx.signal,
        });
        // The catalog may not have processed the new entity yet.
        if (response.status === 404) return undefined;
        if (!response.ok) throw await ResponseError.fromResponse(response);
        // Parsed here rather than by response.json(): under Jest, fetch's
        // parser builds arrays of another realm, which the scaffolder
        // refuses as step output ("custom prototype").
        const body = JSON.parse(await response.text()) as {
          items: GitopsApp[];
        };
        return body.items;
      };

      let last: string | undefined;
      let poll: Poll;
      for (;;) {
        poll = assess((await fetchApps()) ?? [], input.clusters);
        if (poll.state !== last) {
          ctx.logger.info(
            poll.state || `Waiting for ${input.entityRef}'s apps to appear`,
          );
          last = poll.state;
        }
        if (poll.invalid) {
          throw new InputError(
            `App ${poll.invalid.key} is Invalid: ${
              poll.invalid.message ?? 'no message'
            }`,
          );
        }
        if (poll.done) break;
        if (Date.now() + intervalMs > deadline) {
          throw new Error(
            `Timed out after ${timeoutMs / 1000}s waiting for ${
              input.entityRef
            } to be Synced and Healthy; last state: ${poll.state || 'no apps'}`,
          );
        }
        await sleep(intervalMs, undefined, { signal: ctx.signal });
      }
      const { apps } = poll;
      ctx.output(
        'apps',
        apps.map(a => ({
          cluster: a.cluster,
          syncStatus: a.syncStatus,
          healthStatus: a.healthStatus,
          ...(a.revision ? { revision: a.revision } : {}),
        })),
      );
    },
  });
}
