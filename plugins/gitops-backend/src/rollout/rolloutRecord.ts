import type { AppProject } from '@slipway/plugin-gitops-common';
import type { RolloutRecord as StoredRecord } from '../database/GitopsStore';
import type { ArgoRolloutSpec } from './argo/spec/types';

/** A rollout document as the reconcile stores it; an Argo Rollout's parsed spec is `argo`. */
export type RolloutRecord = StoredRecord<ArgoRolloutSpec>;

/** What of the app the rollout documents are checked against. */
export interface RolloutApp {
  namespace: string;
  /** The `slipway.dev/canary` annotation: the workload released progressively. */
  canary?: string;
  /** The cluster and project the rollout writes to; its namespace must be a destination. */
  cluster?: string;
  project?: AppProject;
}
