import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
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
} from '@slipway/plugin-gitops-common';
import express, { Request } from 'express';
import type { ParsedApp } from './catalog/AppSpec';
import { GitopsStore } from './database/GitopsStore';
import type { OperationStore } from './database/OperationStore';
import { createApiRouters, withSpecDefaults } from './service/apiRouters';
import { ActionAuditor, AuditedAttempt } from './service/audit';
import { listReadableApps } from './service/listReadableApps';
import { addAppActionRoutes } from './service/appActionRoutes';
import { addRolloutRoutes, RolloutApi } from './service/rolloutRoutes';
import { verifyPushWebhook, WebhookProvider } from './service/webhooks';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { SyncEngine } from './sync/engine/SyncEngine';

/** Dependencies of the REST API. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  logger: LoggerService;
  store: GitopsStore;
  /** Manual actions recorded for whichever backend holds the app; without it they answer 503. */
  operations?: OperationStore;
  engine?: SyncEngine;
  /** The engine's git cache and credentials, for reverts pushed to Git. */
  repos?: RepoCache;
  webhooks?: { secret?: string; maxBodyBytes: number };
  /** The rollout engine; without it the rollout routes answer 503. */
  rollouts?: RolloutApi;
}

const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = [
  'github',
  'gitlab',
  'gitea',
];

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
      throw new ServiceUnavailableError(
        'Webhooks are disabled: slipway.webhooks.secret is not set',
      );
    }
    const body: unknown = req.body;
    const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    const { repoUrls } = verifyPushWebhook(
      provider as WebhookProvider,
      req,
      raw,
      secret,
    );
    const keys = await Promise.all(
      repoUrls.map(url => engine?.refreshRepo(url) ?? []),
    );
    const refreshed = [...new Set(keys.flat())];
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
  ): Promise<{
    entityRef: string;
    credentials: BackstageCredentials;
    attempt?: AuditedAttempt;
  }> {
    const credentials = await httpAuth.credentials(req);
    const { kind, namespace, name } = req.params;
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity)
      throw new NotFoundError(`No entity '${kind}:${namespace}/${name}'`);
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
      const error = new NotAllowedError(
        `Permission '${permission.name}' denied on '${entityRef}'`,
      );
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
    action: (ctx: {
      entityRef: string;
      credentials: BackstageCredentials;
    }) => Promise<ActionOutcome>,
  ): Promise<void> {
    const { attempt, ...ctx } = await authorize(req, permission, {
      name,
      cluster: req.params.cluster,
    });
    let outcome: ActionOutcome;
    try {
      outcome = await action(ctx);
    } catch (error) {
      await attempt!.failed(error as Error);
      throw error;
    }
    if (outcome && !outcome.ok)
      await attempt!.failed(outcome.message ?? `${name} did not succeed`);
    else await attempt!.succeeded(outcome?.message);
  }

  async function appOf(entityRef: string, cluster: string) {
    const key = `${entityRef}@${cluster}`;
    const app = await store.getApp(key);
    if (!app) throw new NotFoundError(`No app '${key}'`);
    return app;
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
    const readable = await listReadableApps(apps, {
      credentials,
      permissions,
      catalog,
    });
    const declared = await engine?.getApps(readable.map(app => app.key));
    res.json({
      items: readable.map(app => withSyncPolicy(app, declared?.get(app.key))),
    });
  });

  const entity = '/entities/:namespace/:kind/:name';

  // The sync policy the engine applies to an app now: the status row does not keep it.
  function withSyncPolicy(app: GitopsApp, spec?: ParsedApp): GitopsApp {
    return spec?.valid ? { ...app, syncPolicy: spec.syncPolicy } : app;
  }

  // The project an app is bound to now and its sync policy, as the entity page shows them.
  function withDeclaredProject(app: GitopsApp, spec?: ParsedApp): GitopsApp {
    if (!spec?.valid) return app;
    const { name, description, destinations } = spec.project;
    return {
      ...app,
      syncPolicy: spec.syncPolicy,
      project: { name, description, destinations },
    };
  }

  async function withProject(app: GitopsApp): Promise<GitopsApp> {
    return withDeclaredProject(app, await engine?.getApp(app.key));
  }

  reads.get(`${entity}/apps`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const apps = await store.listApps({ entityRef });
    const declared = await engine?.getApps(apps.map(app => app.key));
    res.json({
      items: apps.map(app => withDeclaredProject(app, declared?.get(app.key))),
    });
  });

  reads.get(`${entity}/apps/:cluster`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const app = await appOf(entityRef, req.params.cluster);
    res.json({
      app: await withProject(app),
      resources: await store.listResources(app.key),
    });
  });

  // Sync, refresh, rollback and unpin as operations; revert through Git.
  addAppActionRoutes(
    { reads, writes },
    {
      store,
      operations: options.operations,
      engine,
      repos: options.repos,
      authorize,
      audited,
      appOf,
      withProject,
    },
  );

  // The rollout plan with the engine's status, runs, events and controls.
  addRolloutRoutes(
    { reads, writes },
    { store, rollouts: options.rollouts, authorize, audited, appOf },
  );

  reads.get(`${entity}/history`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const { cluster, offset, limit } = withSpecDefaults(req.query, [
      'offset',
      'limit',
    ]);
    res.json(
      await store.listRuns(`${entityRef}@${cluster}`, { offset, limit }),
    );
  });

  reads.get(`${entity}/audit`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const { cluster, offset, limit } = withSpecDefaults(req.query, [
      'offset',
      'limit',
    ]);
    res.json(
      await store.listAuditEvents(`${entityRef}@${cluster}`, { offset, limit }),
    );
  });

  // The validator has checked `runId` is an integer; params stay text at run time.
  reads.get(`${entity}/runs/:runId`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const run = await store.getRun(Number(req.params.runId));
    if (!run || !run.appKey.startsWith(`${entityRef}@`)) {
      throw new NotFoundError(
        `No sync run with id '${req.params.runId}' on '${entityRef}'`,
      );
    }
    res.json({ run, resources: await store.listRunResources(run.id) });
  });

  return router;
}
