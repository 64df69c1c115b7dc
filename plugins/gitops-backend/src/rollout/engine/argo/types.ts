import type { AppProject } from '@slipway/plugin-gitops-common';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { ActiveRollout } from '../ports';
import type { AnalysisRunState } from '../../argo/analysis/types';
import type { TemplateLookup } from '../../argo/analysis';
import type { ArgoAnalysisRunToStart } from '../../argo/controller/types';
import type { ArgoRolloutSpec, SetHeaderRoute } from '../../argo/spec/types';

/** An Argo Rollout as the engine runs it: the parsed spec in one app, cluster and namespace. */
export interface ActiveArgoRollout {
  kind: 'argo';
  appKey: string;
  /** The Rollout's name. */
  rollout: string;
  /** Where the rollout may write and call out to. */
  project: AppProject;
  /** Acts as the project's ServiceAccount inside the project's destinations. */
  cluster: RolloutCluster;
  namespace: string;
  spec: ArgoRolloutSpec;
  /** The app's AnalysisTemplates and ClusterAnalysisTemplates. */
  templates: TemplateLookup;
  /** The documents rendered beside it, as stored. */
  documents: unknown[];
}

/** An Argo Rollout among the engine's rollouts. */
export const isArgo = (
  rollout: ActiveRollout | ActiveArgoRollout,
): rollout is ActiveArgoRollout => 'kind' in rollout && rollout.kind === 'argo';

/** A measurement a tick took, for the run's checks. Secret values masked. */
export interface ArgoTakenMeasurement {
  run: string;
  metric: string;
  phase: 'Successful' | 'Failed' | 'Inconclusive' | 'Error';
  /** As Argo prints it, e.g. `[0.97]`. */
  value?: string;
  message?: string;
  durationMs: number;
}

/** Runs AnalysisRuns: measurements over HTTP through the outbound guard. */
export interface ArgoRunsPort {
  start(
    rollout: ActiveArgoRollout,
    toStart: ArgoAnalysisRunToStart,
  ): Promise<AnalysisRunState>;
  /** Takes the measurements due now; the states come back updated. */
  advance(
    rollout: ActiveArgoRollout,
    runs: Record<string, AnalysisRunState>,
    signal: AbortSignal,
  ): Promise<{
    runs: Record<string, AnalysisRunState>;
    taken: ArgoTakenMeasurement[];
    /** Epoch ms of the next measurement due. */
    nextDueAt?: number;
  }>;
}

/** The ReplicaSets the routers point at. */
export interface ArgoTrafficHashes {
  canaryHash: string;
  stableHash: string;
}

/** One reconcile's traffic actions. */
export interface ArgoTrafficActions {
  /** Out of `maxTrafficWeight`; the stable gets the rest. */
  canaryWeight?: number;
  setHeaderRoute?: SetHeaderRoute;
  removeManagedRoutes?: boolean;
}

/** The rollout's traffic routers together. */
export interface ArgoTrafficPort {
  /** Whether the routers took the weight: undefined when none can tell or none routes. */
  apply(
    rollout: ActiveArgoRollout,
    actions: ArgoTrafficActions,
    hashes: ArgoTrafficHashes,
  ): Promise<{ verified?: boolean }>;
}

export interface ArgoTickDeps {
  runs: ArgoRunsPort;
  traffic: ArgoTrafficPort;
  now(): Date;
}
