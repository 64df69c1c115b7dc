import type { AppSpec } from '../catalog/AppSpec';
import type { DatabaseGitopsStore } from '../database/DatabaseGitopsStore';
import type { DatabaseRolloutStore } from '../database/DatabaseRolloutStore';
import type { ArgoRolloutState } from '../rollout/engine/argo/state';
import type { RolloutSpec } from '../rollout/spec';
import { testProject } from './testProject';

/** One rollout document as a reconcile parsed it: valid with a spec, else with errors. */
export interface ReconciledRollout {
  name: string;
  spec?: RolloutSpec;
  errors?: string[];
}

/** The app `payments-<suffix>` on cluster dev, as the catalog declares it. */
export function appSpec(suffix = 'a'): AppSpec {
  const name = `payments-${suffix}`;
  return {
    key: `component:default/${name}@dev`,
    entityRef: `component:default/${name}`,
    cluster: 'dev',
    repoUrl: 'http://127.0.0.1/gitops.git',
    path: name,
    namespace: name,
    syncPolicy: 'manual',
    prune: false,
    selfHeal: false,
    canary: 'podinfo',
    project: testProject(),
  };
}

/**
 * What a reconcile of an app stores for the rollout engine: the app and the
 * spec it used, its parsed rollout documents, then (unless `handOver` is
 * false) the hand-over of the documents its rollouts use.
 */
export async function storeReconciledApp(
  stores: {
    gitops: DatabaseGitopsStore;
    rollouts: DatabaseRolloutStore<ArgoRolloutState>;
  },
  app: AppSpec,
  rollouts: ReconciledRollout[],
  options: { documents?: unknown[]; handOver?: boolean } = {},
): Promise<void> {
  await stores.gitops.upsertApp({
    key: app.key,
    entityRef: app.entityRef,
    cluster: app.cluster,
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
  });
  await stores.gitops.replaceRolloutSpecs(
    app.key,
    rollouts.map(r => ({
      name: r.name,
      kind: 'Canary',
      spec: r.spec,
      errors: r.errors ?? [],
      warnings: [],
    })),
  );
  await stores.gitops.updateAppState(app.key, {
    spec: JSON.stringify({ valid: true, ...app }),
  });
  if (options.handOver === false) return;
  await stores.rollouts.registerRollouts(
    app.key,
    rollouts.filter(r => r.spec && !r.errors?.length).map(r => r.name),
    options.documents ?? [],
  );
}
