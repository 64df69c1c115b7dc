import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  GitopsApp,
  gitopsReadPermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from '@internal/plugin-gitops-common';
import express, { Request } from 'express';
import { z } from 'zod';
import { GitopsStore } from './database/GitopsStore';
import { RunRequest, SyncRequest } from './schema/openapi/generated/models';
import { createApiRouters, withSpecDefaults } from './service/apiRouters';
import { ActionAuditor, actorOf, AuditedAttempt } from './service/audit';
import { listReadableApps } from './service/listReadableApps';
import { revertableApp, revertInGit } from './service/revertInGit';
import { addRolloutRoutes, RolloutApi } from './service/rolloutRoutes';
import { verifyPushWebhook, WebhookProvider } from './service/webhooks';
import { RepoCache } from '@internal/plugin-gitops-node';
import { SyncEngine } from './sync/engine/SyncEngine';

// Write bodies are checked after authorization (see apiRouters.ts), by zod
// for its clearer messages; `satisfies` keeps them to the spec's models.
const syncBody = z
  .object({
    revision: z.string().min(1).max(255).optional(),
    prune: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    allowEmpty: z.boolean().optional(),
  })
  .strict() satisfies z.ZodType<SyncRequest>;

const runBody = z.object({ runId: z.number().int().positive() }).strict() satisfies z.ZodType<RunRequest>;

/** Dependencies of the REST API. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  logger: LoggerService;
  store: GitopsStore;
  engine?: SyncEngine;
  /** The engine's git cache and credentials, for reverts pushed to Git. */
  repos?: RepoCache;
  webhooks?: { secret?: string; maxBodyBytes: number };
  /** The rollout engine; without it the rollout routes answer 503. */
  rollouts?: RolloutApi;
}

const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = ['github', 'gitlab', 'gitea'];

type EntityParams = { namespace: string; kind: string; name: string };
/** Any route's request: only the entity (and app) in its path is read here. */
type EntityRequest = Request<EntityParams, any, any, any>;
type AppRequest = Request<EntityParams & { cluster: string }, any, any, any>;

/** What an authorized action reports: `ok: false` is recorded as failed. */
type ActionOutcome = { ok: boolean; message?: string } | void;

/** Slipway's REST API under `/api/gitops`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, store, engine } = options;
  const { router, reads, writes } = await createApiRouters({
    webhookMaxBytes: options.webhooks?.maxBodyBytes ?? 1024 * 1024,
  });
  const audit = new ActionAuditor(options);

  // The body arrives raw (see apiRouters.ts): the signature covers its bytes.
  writes.post('/webhooks/:provider', async (req, res) => {
    const provider: string = req.params.provider;
    if (!WEBHOOK_PROVIDERS.includes(provider as WebhookProvider)) {
      throw new NotFoundError(`No webhook receiver for '${provider}'`);
    }
    const secret = options.webhooks?.secret;
    if (!secret) {
      throw new ServiceUnavailableError('Webhooks are disabled: slipway.webhooks.secret is not set');
    }
    const body: unknown = req.body;
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const { repoUrls } = verifyPushWebhook(provider as WebhookProvider, req, raw, secret);
    const refreshed = [...new Set(repoUrls.flatMap(url => engine?.refreshRepo(url) ?? []))];
    res.status(202).json({ refreshed });
  });

  // Resolves the entity in the URL as the caller sees it, then authorizes the
  // permission against it; nothing runs before both pass.
  // When `action` is given (mutating routes), the app must exist; a denial
  // is then audited before the 403 goes out and the caller gets the attempt
  // to finish.
  async function authorize(
    req: EntityRequest,
    permission: ResourcePermission<'catalog-entity'>,
    action?: { name: string; cluster: string },
  ): Promise<{ entityRef: string; credentials: BackstageCredentials; attempt?: AuditedAttempt }> {
    const credentials = await httpAuth.credentials(req);
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef({ kind, namespace, name }, { credentials });
    if (!entity) throw new NotFoundError(`No entity '${kind}:${namespace}/${name}'`);
    const entityRef = stringifyEntityRef(entity);
    // Only an app that exists has a History: an unknown cluster is a 404
    // before anything is recorded, so no caller can add rows under any name.
    if (action) await appOf(entityRef, action.cluster);
    const attempt = action
      ? await audit.begin(req, {
          entityRef,
          cluster: action.cluster,
          action: action.name,
          permission: permission.name,
          credentials,
        })
      : undefined;
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(`Permission '${permission.name}' denied on '${entityRef}'`);
      await attempt?.denied(error);
      throw error;
    }
    return { entityRef, credentials, attempt };
  }

  // A mutating route's work, authorized and audited whatever it does. The
  // route's own handler answers, so its request and answer keep their types.
  async function audited(
    req: AppRequest,
    name: string,
    permission: ResourcePermission<'catalog-entity'>,
    action: (ctx: { entityRef: string; credentials: BackstageCredentials }) => Promise<ActionOutcome>,
  ): Promise<void> {
    const { attempt, ...ctx } = await authorize(req, permission, { name, cluster: req.params.cluster });
    let outcome: ActionOutcome;
    try {
      outcome = await action(ctx);
    } catch (error) {
      await attempt!.failed(error as Error);
      throw error;
    }
    if (outcome && !outcome.ok) await attempt!.failed(outcome.message ?? `${name} did not succeed`);
    else await attempt!.succeeded(outcome?.message);
  }

  const initiatorOf = actorOf;

  async function appOf(entityRef: string, cluster: string) {
    const key = `${entityRef}@${cluster}`;
    const app = await store.getApp(key);
    if (!app) throw new NotFoundError(`No app '${key}'`);
    return app;
  }

  function requireEngine(): SyncEngine {
    if (!engine) throw new ServiceUnavailableError('The sync engine is not running');
    return engine;
  }

  reads.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Every app the caller may read, across entities and clusters.
  reads.get('/apps', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { cluster, syncStatus, healthStatus } = req.query;
    const apps = (await store.listApps()).filter(
      app =>
        (!cluster || app.cluster === cluster) &&
        (!syncStatus || app.syncStatus === syncStatus) &&
        (!healthStatus || app.healthStatus === healthStatus),
    );
    const readable = await listReadableApps(apps, { credentials, permissions, catalog });
    res.json({ items: readable.map(withSyncPolicy) });
  });

  const entity = '/entities/:namespace/:kind/:name';

  // The sync policy the engine applies to an app now: the store does not keep it.
  function withSyncPolicy(app: GitopsApp): GitopsApp {
    const spec = engine?.getApp(app.key);
    return spec?.valid ? { ...app, syncPolicy: spec.syncPolicy } : app;
  }

  // The project an app is bound to now and its sync policy, as the entity page shows them.
  function withProject(app: GitopsApp): GitopsApp {
    const spec = engine?.getApp(app.key);
    if (!spec?.valid) return app;
    const { name, description, destinations } = spec.project;
    return { ...app, syncPolicy: spec.syncPolicy, project: { name, description, destinations } };
  }

  reads.get(`${entity}/apps`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    res.json({ items: (await store.listApps({ entityRef })).map(withProject) });
  });

  reads.get(`${entity}/apps/:cluster`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const app = await appOf(entityRef, req.params.cluster);
    res.json({ app: withProject(app), resources: await store.listResources(app.key) });
  });

  // The rollout plan with the engine's status, runs, events and controls.
  addRolloutRoutes({ reads, writes }, { store, rollouts: options.rollouts, authorize, audited, appOf });

  reads.get(`${entity}/history`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const { cluster, offset, limit } = withSpecDefaults(req.query, ['offset', 'limit']);
    res.json(await store.listRuns(`${entityRef}@${cluster}`, { offset, limit }));
  });

  reads.get(`${entity}/audit`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const { cluster, offset, limit } = withSpecDefaults(req.query, ['offset', 'limit']);
    res.json(await store.listAuditEvents(`${entityRef}@${cluster}`, { offset, limit }));
  });

  // The validator has checked `runId` is an integer; params stay text at run time.
  reads.get(`${entity}/runs/:runId`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const run = await store.getRun(Number(req.params.runId));
    if (!run || !run.appKey.startsWith(`${entityRef}@`)) {
      throw new NotFoundError(`No sync run with id '${req.params.runId}' on '${entityRef}'`);
    }
    res.json({ run, resources: await store.listRunResources(run.id) });
  });

  writes.post(`${entity}/apps/:cluster/sync`, (req, res) =>
    audited(req, 'sync', gitopsSyncPermission, async ({ entityRef, credentials }) => {
      const body = syncBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const app = await appOf(entityRef, req.params.cluster);
      const result = await requireEngine().reconcile(app.key, {
        trigger: 'manual',
        initiator: initiatorOf(credentials),
        ...body.data,
      });
      const synced = await appOf(entityRef, req.params.cluster);
      res.json({ runId: result.runId, ok: result.ok, app: synced });
      return { ok: result.ok, message: result.ok ? `Run ${result.runId}` : synced.message };
    }),
  );

  writes.post(`${entity}/apps/:cluster/refresh`, (req, res) =>
    audited(req, 'refresh', gitopsSyncPermission, async ({ entityRef }) => {
      const app = await appOf(entityRef, req.params.cluster);
      await requireEngine().reconcile(app.key);
      res.json({ app: await appOf(entityRef, req.params.cluster) });
    }),
  );

  // A past run that actually deployed its revision: the only valid target.
  async function successfulRun(appKey: string, runId: number, action: string) {
    const run = await store.getRun(runId);
    if (!run || run.appKey !== appKey) {
      throw new NotFoundError(`No sync run with id '${runId}' on '${appKey}'`);
    }
    if (run.result !== 'Succeeded' || run.dryRun || !run.revision) {
      throw new ConflictError(`Sync run '${run.id}' did not succeed; only successful runs can be ${action}`);
    }
    return run as typeof run & { revision: string };
  }

  writes.post(`${entity}/apps/:cluster/rollback`, (req, res) =>
    audited(req, 'rollback', gitopsRollbackPermission, async ({ entityRef, credentials }) => {
      const body = runBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const app = await appOf(entityRef, req.params.cluster);
      const run = await successfulRun(app.key, body.data.runId, 'rolled back to');
      // Pinning pauses auto-sync at the old revision until someone unpins.
      await store.updateAppState(app.key, { pinnedRevision: run.revision });
      const result = await requireEngine().reconcile(app.key, {
        trigger: 'rollback',
        initiator: initiatorOf(credentials),
        revision: run.revision,
        prune: run.prune,
      });
      const rolledBack = await appOf(entityRef, req.params.cluster);
      res.json({ runId: result.runId, ok: result.ok, app: rolledBack });
      return { ok: result.ok, message: `To ${run.revision} (run ${run.id})` };
    }),
  );

  // Revert in Git: push a commit restoring the app's folder; the engine then
  // syncs it like any push, so nothing is recorded here.
  writes.post(`${entity}/apps/:cluster/revert`, (req, res) =>
    audited(req, 'revert', gitopsRollbackPermission, async ({ entityRef, credentials }) => {
      const body = runBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const app = await appOf(entityRef, req.params.cluster);
      const running = requireEngine();
      // The project's rules and the pin refuse before the run is looked up.
      const pinnedRevision = (await store.getAppState(app.key)).pinnedRevision;
      revertableApp(running.getApp(app.key), pinnedRevision);
      const run = await successfulRun(app.key, body.data.runId, 'reverted to');
      if (!options.repos) throw new ServiceUnavailableError('The git cache is not available');
      const sha = await revertInGit({
        app: running.getApp(app.key),
        pinnedRevision,
        targetSha: run.revision,
        initiator: initiatorOf(credentials),
        repos: options.repos,
      });
      await running.reconcile(app.key);
      res.json({ sha, app: await appOf(entityRef, req.params.cluster) });
      return { ok: true, message: `Pushed ${sha} restoring ${run.revision}` };
    }),
  );

  writes.post(`${entity}/apps/:cluster/unpin`, (req, res) =>
    audited(req, 'unpin', gitopsRollbackPermission, async ({ entityRef }) => {
      const app = await appOf(entityRef, req.params.cluster);
      await store.updateAppState(app.key, { pinnedRevision: undefined });
      await requireEngine().reconcile(app.key);
      res.json({ app: await appOf(entityRef, req.params.cluster) });
    }),
  );

  return router;
}
