import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  GitopsApp,
  gitopsReadPermission,
  gitopsRolloutControlPermission,
  ROLLOUT_ACTIONS,
  RolloutRunDetails,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';
import { Request } from 'express';
import { GitopsStore } from '../database/GitopsStore';
import { summarizeRollout } from '../rollout';
import type {
  RolloutControl,
  RolloutState,
  RolloutStore,
} from '../rollout/engine/types';
import type { RolloutRecord } from '../rollout/validateRollouts';
import type { ArgoRolloutSpec } from '../rollout/argo/spec/types';
import { ApiRouter, withSpecDefaults } from './apiRouters';

/** The rollout engine as the REST API sees it. */
export interface RolloutApi {
  store: RolloutStore;
  control: RolloutControl;
}

type EntityPermission = ResourcePermission<'catalog-entity'>;

/** The router's entity resolution and authorization, shared with its other routes. */
export interface RolloutRoutesOptions {
  store: Pick<GitopsStore, 'listRolloutSpecs'>;
  /** Absent when the rollout engine does not run: its routes answer 503. */
  rollouts?: RolloutApi;
  authorize(
    req: Request<any, any, any, any>,
    permission: EntityPermission,
  ): Promise<{ entityRef: string }>;
  /** Runs a mutating route's work, authorized and audited whatever it does. */
  audited(
    req: Request<{ cluster: string }, any, any, any>,
    name: string,
    permission: EntityPermission,
    action: (ctx: {
      entityRef: string;
    }) => Promise<{ ok: boolean; message?: string } | void>,
  ): Promise<void>;
  appOf(entityRef: string, cluster: string): Promise<GitopsApp>;
}

/** The plan of each rollout document, with the engine's status once it has state. */
function summarize(
  record: RolloutRecord,
  state: RolloutState | undefined,
  control?: RolloutControl,
): RolloutSummary {
  const summary = summarizeRollout(record);
  // Without a valid spec there is no threshold to report against (Argo's has none).
  if (!state || !(record.spec || record.argo) || !control) return summary;
  return {
    ...summary,
    status: control.statusOf(state, record.spec?.analysis.threshold ?? 0),
  };
}

/**
 * Rollout routes under `<entity>/apps/:cluster/rollouts`: the plan with its
 * status, runs with their checks and events, and the manual controls.
 */
export function addRolloutRoutes(
  { reads, writes }: { reads: ApiRouter; writes: ApiRouter },
  options: RolloutRoutesOptions,
): void {
  const { store, rollouts, authorize, audited, appOf } = options;
  const base = '/entities/:namespace/:kind/:name/apps/:cluster/rollouts';

  function requireRollouts(): RolloutApi {
    if (!rollouts)
      throw new ServiceUnavailableError('The rollout engine is not running');
    return rollouts;
  }

  // Read permission on the entity, its app on the cluster, then the engine.
  async function readable(req: Request<{ cluster: string }, any, any, any>) {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const app = await appOf(entityRef, req.params.cluster);
    return { appKey: app.key, engine: requireRollouts() };
  }

  reads.get(base, async (req, res) => {
    const { entityRef } = await authorize(req, gitopsReadPermission);
    const app = await appOf(entityRef, req.params.cluster);
    const states = new Map(
      (rollouts ? await rollouts.store.listRolloutStates(app.key) : []).map(
        s => [s.rollout, s],
      ),
    );
    const records = await store.listRolloutSpecs<ArgoRolloutSpec>(app.key);
    res.json({
      items: records.map(r =>
        summarize(r, states.get(r.name), rollouts?.control),
      ),
    });
  });

  reads.get(`${base}/:rollout/runs`, async (req, res) => {
    const { appKey, engine } = await readable(req);
    const { offset, limit } = withSpecDefaults(req.query, ['offset', 'limit']);
    res.json(
      await engine.store.listRolloutRuns(appKey, req.params.rollout, {
        offset,
        limit,
      }),
    );
  });

  reads.get(`${base}/:rollout/runs/:runId`, async (req, res) => {
    const { appKey, engine } = await readable(req);
    const { rollout, runId } = req.params;
    const run = /^\d+$/.test(runId)
      ? await engine.store.getRolloutRun(Number(runId))
      : undefined;
    // Another app's or rollout's run is as unknown as a missing one.
    if (!run || run.appKey !== appKey || run.rollout !== rollout) {
      throw new NotFoundError(
        `No run '${runId}' of rollout '${rollout}' on '${appKey}'`,
      );
    }
    const [checks, events] = await Promise.all([
      engine.store.listRolloutChecks(run.id),
      engine.store.listRolloutEvents(appKey, rollout, { runId: run.id }),
    ]);
    const details: RolloutRunDetails = { run, checks, events };
    res.json(details);
  });

  reads.get(`${base}/:rollout/events`, async (req, res) => {
    const { appKey, engine } = await readable(req);
    const { limit } = withSpecDefaults(req.query, ['limit']);
    res.json({
      items: await engine.store.listRolloutEvents(appKey, req.params.rollout, {
        limit,
      }),
    });
  });

  writes.post(`${base}/:rollout/:action`, async (req, res) => {
    // Writes are not validated before they run, so the action may be any
    // text: an unknown one is refused before anything is audited.
    const { rollout, action } = req.params;
    if (!ROLLOUT_ACTIONS.includes(action)) {
      throw new NotFoundError(
        `Unknown rollout action '${action}'; use one of ${ROLLOUT_ACTIONS.join(
          ', ',
        )}`,
      );
    }
    await audited(
      req,
      `rollout.${action}`,
      gitopsRolloutControlPermission,
      async ({ entityRef }) => {
        const app = await appOf(entityRef, req.params.cluster);
        // A ConflictError (the action does not apply in this phase) reaches the caller as 409.
        const status = await requireRollouts().control.control(
          app.key,
          rollout,
          action,
        );
        res.status(202).json({ status });
        return { ok: true, message: `Rollout ${rollout} is ${status.phase}` };
      },
    );
  });
}
