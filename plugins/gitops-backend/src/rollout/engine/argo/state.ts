import type { AnalysisRunState } from '../../argo/analysis/types';
import type {
  ArgoAnalysisRunKind,
  ArgoRolloutStatus,
} from '../../argo/controller/types';

/** One AnalysisRun Slipway runs for an Argo Rollout, with what it belongs to. */
export interface ArgoAnalysisRunRecord {
  kind: ArgoAnalysisRunKind;
  stepIndex?: number;
  /** The pod template hash it judges. */
  podTemplateHash: string;
  run: AnalysisRunState;
}

/**
 * What Slipway keeps of an Argo Rollout between ticks: Argo's status, and
 * the AnalysisRuns, which live here rather than as objects in the cluster
 * (Slipway installs no Argo CRDs). JSON-safe; no Secret values.
 */
export interface ArgoRolloutState {
  status: ArgoRolloutStatus;
  runs: Record<string, ArgoAnalysisRunRecord>;
  /** The Rollout's `spec.replicas` at the last reconcile. */
  desiredReplicas: number;
  /** A run of Slipway's history is open for `status.currentPodHash`. */
  runOpen: boolean;
  /** What the routers said of the weight last set (Argo's `VerifyWeight`), for the next reconcile. */
  weightVerified?: boolean;
  /** `spec.restartAt` being carried out: pods created before it are left to restart. */
  restartPending?: string;
}
