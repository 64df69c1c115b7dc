/**
 * Whether the cluster matches the state Git declares.
 *
 * @public
 */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown' | 'Invalid';

/**
 * Health of an app or a resource, worst first as Argo CD orders it.
 *
 * @public
 */
export type HealthStatus =
  | 'Degraded'
  | 'Missing'
  | 'Unknown'
  | 'Progressing'
  | 'Suspended'
  | 'Healthy';

/**
 * Outcome of one sync run. `Interrupted`: the backend running it stopped
 * before it finished (a crash or a restart); automatic syncs are retried.
 *
 * @public
 */
export type SyncRunResult =
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Interrupted';

/**
 * One entity delivered to one cluster.
 *
 * @public
 */
export interface GitopsApp {
  /** `<entityRef>@<cluster>` */
  key: string;
  entityRef: string;
  cluster: string;
  syncStatus: SyncStatus;
  healthStatus: HealthStatus;
  /** Why the app is in its state, e.g. an annotation error. */
  message?: string;
  /** The commit SHA last synced, when there is one. */
  revision?: string;
  commitMessage?: string;
  commitAuthor?: string;
  commitDate?: string;
  /** Set by a rollback: auto-sync is paused at this SHA until unpinned. */
  pinnedRevision?: string;
  /**
   * The entity's `slipway.dev/sync-policy` as the engine applies it now;
   * absent while the engine has no valid spec for the app.
   */
  syncPolicy?: 'auto' | 'manual';
  lastRunResult?: SyncRunResult;
  /** The project the app belongs to, with its destinations; absent while it has none. */
  project?: Pick<AppProject, 'name' | 'description' | 'destinations'>;
  updatedAt: string;
}

/**
 * One object of an app as last compared with the cluster.
 *
 * @public
 */
export interface AppResource {
  /** `<group>/<kind>/<namespace>/<name>`, group and namespace may be empty. */
  id: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The owning object's id, for the resource tree. */
  parentId?: string;
  /** Undefined for live-only children such as a Deployment's Pods. */
  syncStatus?: SyncStatus;
  healthStatus?: HealthStatus;
  message?: string;
  /** Unified diff from live to desired; Secret values masked. */
  diff?: string;
}

/**
 * What one sync run did to one object.
 *
 * @public
 */
export interface SyncRunResource {
  id: string;
  kind: string;
  namespace?: string;
  name: string;
  result:
    | 'Created'
    | 'Configured'
    | 'Unchanged'
    | 'Pruned'
    | 'PruneSkipped'
    | 'Failed';
  message?: string;
}

/**
 * One recorded sync run of an app.
 *
 * @public
 */
export interface SyncRun {
  id: number;
  appKey: string;
  revision?: string;
  trigger: 'auto' | 'manual' | 'webhook' | 'rollback' | 'self-heal';
  initiator?: string;
  result: SyncRunResult;
  message?: string;
  commitMessage?: string;
  commitAuthor?: string;
  dryRun?: boolean;
  prune?: boolean;
  startedAt: string;
  finishedAt?: string;
}

/**
 * What an operation asks of an app: sync it (with options), roll it back to
 * a past run's revision and pin it, unpin it, or compare it with Git now.
 *
 * @public
 */
export type SyncOperationAction = 'sync' | 'rollback' | 'unpin' | 'refresh';

/**
 * The options an operation was asked with: a sync's revision, prune, dryRun
 * and allowEmpty; a rollback's runId.
 *
 * @public
 */
export interface SyncOperationRequest {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
  allowEmpty?: boolean;
  runId?: number;
}

/**
 * Where an operation stands. `Pending` until a backend holding the app's
 * lease starts it; `Interrupted` when that backend stopped before the end.
 *
 * @public
 */
export type SyncOperationStatus =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Interrupted';

/**
 * A manual action on an app, recorded at once and run by whichever backend
 * replica holds the app; the portal follows it to completion.
 *
 * @public
 */
export interface SyncOperation {
  id: number;
  appKey: string;
  action: SyncOperationAction;
  request: SyncOperationRequest;
  initiator?: string;
  status: SyncOperationStatus;
  message?: string;
  /** The sync run it recorded, once there is one. */
  runId?: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/**
 * A page of results.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  totalCount: number;
}

/**
 * How an attempted action ended: `denied` by a policy, `failed` after it was
 * allowed, or `succeeded`.
 *
 * @public
 */
export type AuditResult = 'denied' | 'failed' | 'succeeded';

/**
 * One attempt at a mutating action on an app, allowed or not.
 *
 * @public
 */
export interface AuditEvent {
  id: number;
  entityRef: string;
  cluster: string;
  /** `sync`, `refresh`, `rollback`, `unpin`, `revert`, rollout controls. */
  action: string;
  /** The user entity ref, or the service principal's subject. */
  actor: string;
  result: AuditResult;
  /** The permission that was checked. */
  permission: string;
  message?: string;
  createdAt: string;
}

/**
 * One rollout document of an app as the last reconcile parsed it, or an
 * app-level problem (a canary annotation without a document: no `kind`),
 * with the rollout engine's state when it has run it.
 *
 * @public
 */
export interface RolloutSummary {
  name: string;
  /** `Canary` or `Rollout`; empty when no document exists. */
  kind: string;
  /** `canary`, `blueGreen`, `abTesting`, `mirroring` or `steps`. */
  strategy?: string;
  provider?: string;
  targetRef?: { kind: string; name: string; namespace?: string };
  /** An Argo Rollout's canary steps, e.g. `setWeight 20`, `pause`, `pause 10s`, `analysis success-rate`. */
  steps?: string[];
  analysis?: {
    /** Go duration, e.g. `1m0s`. */
    interval: string;
    threshold: number;
    maxWeight: number;
    stepWeight: number;
    /** Canary weights in order, as the engine will set them. */
    weights: number[];
    iterations: number;
    metrics: string[];
  };
  errors: string[];
  warnings: string[];
  /** The engine's state; absent until the engine has initialised the rollout. */
  status?: RolloutStatus;
}

/**
 * Flagger's phases; pauses of step-based rollouts are
 * `Waiting` with a pause reason.
 *
 * @public
 */
export type RolloutPhase =
  | 'Initializing'
  | 'Initialized'
  | 'Waiting'
  | 'Progressing'
  | 'WaitingPromotion'
  | 'Promoting'
  | 'Finalising'
  | 'Succeeded'
  | 'Failed'
  | 'Terminating'
  | 'Terminated';

/**
 * Phases of a run in progress: the canary is up and analysis owns the traffic.
 * Manual controls that act on a run apply only in these (a revision held at
 * the start gate, `Waiting` for approval, is not yet a run).
 *
 * @public
 */
export const ROLLOUT_RUN_PHASES: readonly RolloutPhase[] = [
  'Progressing',
  'Waiting',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
];

/**
 * Live state of one rollout.
 *
 * @public
 */
export interface RolloutStatus {
  phase: RolloutPhase;
  /** Canary weight as the router reports it, 0..100. */
  canaryWeight: number;
  failedChecks: number;
  /** Cumulative failed checks that roll back. */
  threshold: number;
  /** Passed iterations (blue/green, A/B). */
  iterations: number;
  /** Index into the plan's steps (step-based and weight-stepped canaries). */
  stepIndex: number;
  /** Why it waits: `approval`, `promotion approval`, `traffic increase approval`, `pause step`, `manual pause`, `inconclusive analysis`. */
  pause?: { reason: string; startedAt: string; until?: string };
  /** The newest event's message. */
  message: string;
  /** Pod-template hash of the canary being analysed and of the one last promoted. */
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  /** The run in progress or the last one. */
  runId?: number;
  lastTransitionAt: string;
  updatedAt: string;
  /** When the next analysis tick is due. */
  nextTickAt?: string;
  /** An Argo Rollouts `Rollout`'s own status, as Argo shows it. */
  argo?: ArgoRolloutView;
}

/**
 * An Argo Rollouts `Rollout` as Argo shows it (`kubectl argo rollouts get`).
 *
 * @public
 */
export interface ArgoRolloutView {
  phase: 'Progressing' | 'Paused' | 'Healthy' | 'Degraded';
  message: string;
  /** `rollout.argoproj.io/revision` of the current template. */
  revision: number;
  currentStepIndex?: number;
  /** Pod template hash of the stable ReplicaSet; empty before the first promotion. */
  stableHash: string;
  /** Pod template hash of the current template. */
  currentHash: string;
  aborted: boolean;
  /** A user paused it (Argo's `spec.paused`); `resume` lifts it. */
  pausedByUser: boolean;
  /** `CanaryPauseStep`, `BlueGreenPause`, `InconclusiveAnalysisRun`. */
  pauseReasons: string[];
  /** The Rollout's `spec.replicas`. */
  desiredReplicas: number;
  /** Pods of every ReplicaSet (Argo's `status.replicas`). */
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** The traffic split last set through a router (traffic-routed canaries). */
  weights?: { canary: number; stable: number; verified?: boolean };
  analysisRuns: ArgoAnalysisRunView[];
}

/**
 * One AnalysisRun of an Argo Rollout, as Argo shows it.
 *
 * @public
 */
export interface ArgoAnalysisRunView {
  name: string;
  kind: 'step' | 'background' | 'prePromotion' | 'postPromotion';
  /** `Pending`, `Running`, `Successful`, `Failed`, `Error` or `Inconclusive`. */
  phase: string;
  message?: string;
  metrics: Array<{
    name: string;
    phase: string;
    count: number;
    successful: number;
    failed: number;
    inconclusive: number;
    error: number;
    dryRun: boolean;
    latest?: { phase: string; value?: string; message?: string; finishedAt: string };
  }>;
}

/**
 * Result of one rollout run: from a new revision detected to promotion or
 * rollback.
 *
 * @public
 */
export type RolloutRunResult =
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Aborted'
  | 'Superseded';

/**
 * One run of a rollout (one revision analysed).
 *
 * @public
 */
export interface RolloutRun {
  id: number;
  appKey: string;
  /** The rollout document's name. */
  rollout: string;
  /** Pod-template hash of the revision. */
  revision: string;
  /** The git commit the sync engine had applied when the run started. */
  commit?: string;
  strategy: string;
  result: RolloutRunResult;
  message?: string;
  startedAt: string;
  finishedAt?: string;
}

/**
 * One measured check of a tick: a metric or a webhook.
 *
 * @public
 */
export interface RolloutCheck {
  id: number;
  runId: number;
  kind: 'metric' | 'webhook';
  /** Metric or webhook name. */
  name: string;
  /** Webhook type (`pre-rollout`, `confirm-promotion`, …); absent for metrics. */
  hookType?: string;
  /** Measured value; absent when there was none (no data, error, webhook). */
  value?: number;
  min?: number;
  max?: number;
  /** Webhook answer status. */
  status?: number;
  passed: boolean;
  message?: string;
  /** Canary weight when measured. */
  canaryWeight: number;
  durationMs: number;
  at: string;
}

/**
 * One event of a rollout, as Flagger words them.
 *
 * @public
 */
export interface RolloutEvent {
  id: number;
  runId?: number;
  type: 'Normal' | 'Warning';
  message: string;
  phase: RolloutPhase;
  canaryWeight: number;
  at: string;
}

/**
 * A run with everything it measured and said, oldest first.
 *
 * @public
 */
export interface RolloutRunDetails {
  run: RolloutRun;
  checks: RolloutCheck[];
  events: RolloutEvent[];
}

/**
 * Manual controls of a rollout.
 *
 * @public
 */
export type RolloutAction =
  | 'promote'
  | 'promote-full'
  | 'abort'
  | 'retry'
  | 'pause'
  | 'resume';

/**
 * Every manual control, in the order the Canary tab offers them.
 *
 * @public
 */
export const ROLLOUT_ACTIONS: readonly RolloutAction[] = [
  'promote',
  'promote-full',
  'abort',
  'retry',
  'pause',
  'resume',
];

/**
 * A Kubernetes kind as a project rule names it; `*` matches any group or kind.
 *
 * @public
 */
export interface ProjectKind {
  /** API group, `''` for the core group. */
  group: string;
  kind: string;
}

/**
 * Where a project's apps may deliver: a cluster and namespace globs, written
 * as one ServiceAccount.
 *
 * @public
 */
export interface ProjectDestination {
  /** Cluster name glob. */
  cluster: string;
  /** Namespace globs. */
  namespaces: string[];
  /**
   * `<namespace>/<name>` of the ServiceAccount Slipway impersonates for
   * every write to this destination; without one, Slipway writes as itself.
   */
  serviceAccount?: string;
}

/**
 * What an app may touch, whoever triggers it: declared by the portal's
 * operators in `slipway.projects`, never by an entity.
 *
 * @public
 */
export interface AppProject {
  name: string;
  description?: string;
  /** Group entity refs (`group:default/payments-team`) whose entities may use it. */
  owners: string[];
  /** Globs over repository URLs (no credentials, no trailing `.git` needed). */
  sourceRepos: string[];
  /** Globs over folders in those repositories the apps may read and Slipway may write; `**` by default. */
  sourcePaths: string[];
  destinations: ProjectDestination[];
  /** Cluster-scoped kinds the project's apps may apply; none by default. */
  clusterResourceAllowList: ProjectKind[];
  /** Namespaced kinds the project's apps may not apply. */
  namespaceResourceDenyList: ProjectKind[];
  /** `host` or `host:port` globs rollout webhooks, metric servers and alerts may call. */
  outboundHosts: string[];
}
