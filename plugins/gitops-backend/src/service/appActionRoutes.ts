import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  GitopsApp,
  gitopsReadPermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
  SyncOperationAction,
  SyncOperationRequest,
} from '@slipway/plugin-gitops-common';
import type { RepoCache } from '@slipway/plugin-gitops-node';
import { Request, Response } from 'express';
import { z } from 'zod';
import { GitopsStore } from '../database/GitopsStore';
import type { OperationStore } from '../database/OperationStore';
import { RunRequest, SyncRequest } from '../schema/openapi/generated/models';
import type { SyncEngine } from '../sync/engine/SyncEngine';
import { ApiRouter } from './apiRouters';
import { actorOf } from './audit';
import { revertableApp, revertInGit } from './revertInGit';

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

const runBody = z
  .object({ runId: z.number().int().positive() })
  .strict() satisfies z.ZodType<RunRequest>;

type EntityPermission = ResourcePermission<'catalog-entity'>;
type AppRequest = Request<{ cluster: string }, any, any, any>;
type ActionContext = { entityRef: string; credentials: BackstageCredentials };

/** The router's entity resolution and authorization, shared with its other routes. */
export interface AppActionRoutesOptions {
  store: GitopsStore;
  /** Absent when the sync engine does not run: actions answer 503. */
  operations?: OperationStore;
  engine?: SyncEngine;
  /** The engine's git cache and credentials, for reverts pushed to Git. */
  repos?: RepoCache;
  authorize(
    req: Request<any, any, any, any>,
    permission: EntityPermission,
  ): Promise<{ entityRef: string }>;
  audited(
    req: AppRequest,
    name: string,
    permission: EntityPermission,
    action: (
      ctx: ActionContext,
    ) => Promise<{ ok: boolean; message?: string } | void>,
  ): Promise<void>;
  appOf(entityRef: string, cluster: string): Promise<GitopsApp>;
  /** The app with its project and sync policy as the catalog declares them now. */
  withProject(app: GitopsApp): Promise<GitopsApp>;
}

/**
 * Sync, refresh, rollback and unpin record an operation and answer 202 at
 * once; whichever backend replica holds the app runs it, and callers follow
 * it at `operations/:id`. Revert pushes to Git and lets the push sync.
 */
export function addAppActionRoutes(
  { reads, writes }: { reads: ApiRouter; writes: ApiRouter },
  options: AppActionRoutesOptions,
) {
  const { store, authorize, audited, appOf, withProject } = options;
  const app = '/entities/:namespace/:kind/:name/apps/:cluster';

  function requireEngine(): SyncEngine {
    if (!options.engine) {
      throw new ServiceUnavailableError('The sync engine is not running');
    }
    return options.engine;
  }

  function requireOperations(): OperationStore {
    if (!options.operations) {
      throw new ServiceUnavailableError('The sync engine is not running');
    }
    return options.operations;
  }

  // The same request while an identical one waits or runs gets that one.
  async function startOperation(
    res: Response,
    target: GitopsApp,
    action: SyncOperationAction,
    request: SyncOperationRequest,
    credentials: BackstageCredentials,
  ) {
    const engine = requireEngine();
    const { operation, existing } = await requireOperations().request({
      appKey: target.key,
      action,
      request,
      initiator: actorOf(credentials),
    });
    if (!existing) await engine.makeDue(target.key);
    res.status(202).json({ operation, app: await withProject(target) });
    return {
      ok: true,
      message: existing
        ? `Operation ${operation.id}, already ${operation.status.toLowerCase()}`
        : `Operation ${operation.id}`,
    };
  }

  // A past run that actually deployed its revision: the only valid target.
  async function successfulRun(appKey: string, runId: number, verb: string) {
    const run = await store.getRun(runId);
    if (!run || run.appKey !== appKey) {
      throw new NotFoundError(`No sync run with id '${runId}' on '${appKey}'`);
    }
    if (run.result !== 'Succeeded' || run.dryRun || !run.revision) {
      throw new ConflictError(
        `Sync run '${run.id}' did not succeed; only successful runs can be ${verb}`,
      );
    }
    return run as typeof run & { revision: string };
  }

  writes.post(`${app}/sync`, (req, res) =>
    audited(req, 'sync', gitopsSyncPermission, async ctx => {
      const body = syncBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const target = await appOf(ctx.entityRef, req.params.cluster);
      return startOperation(res, target, 'sync', body.data, ctx.credentials);
    }),
  );

  writes.post(`${app}/refresh`, (req, res) =>
    audited(req, 'refresh', gitopsSyncPermission, async ctx => {
      const target = await appOf(ctx.entityRef, req.params.cluster);
      return startOperation(res, target, 'refresh', {}, ctx.credentials);
    }),
  );

  writes.post(`${app}/rollback`, (req, res) =>
    audited(req, 'rollback', gitopsRollbackPermission, async ctx => {
      const body = runBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const target = await appOf(ctx.entityRef, req.params.cluster);
      const run = await successfulRun(
        target.key,
        body.data.runId,
        'rolled back to',
      );
      const started = await startOperation(
        res,
        target,
        'rollback',
        { runId: run.id },
        ctx.credentials,
      );
      return {
        ...started,
        message: `To ${run.revision} (run ${run.id}): ${started.message}`,
      };
    }),
  );

  writes.post(`${app}/unpin`, (req, res) =>
    audited(req, 'unpin', gitopsRollbackPermission, async ctx => {
      const target = await appOf(ctx.entityRef, req.params.cluster);
      return startOperation(res, target, 'unpin', {}, ctx.credentials);
    }),
  );

  // Revert in Git: push a commit restoring the app's folder; the engine then
  // syncs it like any push, so nothing is recorded here.
  writes.post(`${app}/revert`, (req, res) =>
    audited(req, 'revert', gitopsRollbackPermission, async ctx => {
      const body = runBody.safeParse(req.body ?? {});
      if (!body.success) throw new InputError(body.error.toString());
      const target = await appOf(ctx.entityRef, req.params.cluster);
      const engine = requireEngine();
      const declared = await engine.getApp(target.key);
      // The project's rules and the pin refuse before the run is looked up.
      const pinnedRevision = (await store.getAppState(target.key))
        .pinnedRevision;
      revertableApp(declared, pinnedRevision);
      const run = await successfulRun(
        target.key,
        body.data.runId,
        'reverted to',
      );
      if (!options.repos) {
        throw new ServiceUnavailableError('The git cache is not available');
      }
      const sha = await revertInGit({
        app: declared,
        pinnedRevision,
        targetSha: run.revision,
        initiator: actorOf(ctx.credentials),
        repos: options.repos,
      });
      await engine.makeDue(target.key);
      res.json({ sha, app: await withProject(target) });
      return { ok: true, message: `Pushed ${sha} restoring ${run.revision}` };
    }),
  );

  // The validator has checked `operationId` is an integer; params stay text.
  reads.get(`${app}/operations/:operationId`, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const target = await appOf(entityRef, req.params.cluster);
    const operation = await requireOperations().get(
      Number(req.params.operationId),
    );
    if (!operation || operation.appKey !== target.key) {
      throw new NotFoundError(
        `No operation with id '${req.params.operationId}' on '${target.key}'`,
      );
    }
    res.json({ operation, app: await withProject(target) });
  });
}
