import {
  ArgoRolloutView,
  RolloutStatus,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';

// Argo Rollouts' `Rollout`s as GET …/apps/:cluster/rollouts answers for them.

const argoAt = (minute: number, second = 0) =>
  new Date(Date.UTC(2026, 10, 23, 11, minute, second)).toISOString();

/** The steps of Argo's basic canary guide (getting-started, rollouts-demo). */
export const basicCanarySteps = [
  'setWeight 20',
  'pause',
  'setWeight 40',
  'pause 10s',
  'setWeight 60',
  'pause 10s',
  'setWeight 80',
  'pause 10s',
];

/** The basic canary guide after its first update: paused at its indefinite pause (step 1/8). */
export const argoPausedView: ArgoRolloutView = {
  phase: 'Paused',
  message: 'CanaryPauseStep',
  revision: 2,
  currentStepIndex: 1,
  stableHash: 'aaa',
  currentHash: 'bbb',
  aborted: false,
  pausedByUser: false,
  desiredReplicas: 5,
  pauseReasons: ['CanaryPauseStep'],
  replicas: 5,
  updatedReplicas: 1,
  readyReplicas: 5,
  availableReplicas: 5,
  analysisRuns: [],
};

export const argoPausedStatus: RolloutStatus = {
  phase: 'WaitingPromotion',
  canaryWeight: 20,
  failedChecks: 0,
  threshold: 0,
  iterations: 0,
  stepIndex: 1,
  pause: { reason: 'pause step', startedAt: argoAt(1) },
  message: 'Rollout is paused (CanaryPauseStep)',
  lastAppliedSpec: 'bbb',
  lastPromotedSpec: 'aaa',
  runId: 12,
  lastTransitionAt: argoAt(1),
  updatedAt: argoAt(1, 30),
  argo: argoPausedView,
};

/** A basic canary (no traffic routing) of the guide, paused at step 1/8. */
export const argoPausedRollout: RolloutSummary = {
  name: 'payments-api',
  kind: 'Rollout',
  strategy: 'canary',
  provider: 'replicas',
  targetRef: { kind: 'Rollout', name: 'payments-api' },
  steps: basicCanarySteps,
  errors: [],
  warnings: [],
  status: argoPausedStatus,
};

const failedAnalysis =
  'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)';

/** The same canary behind NGINX, aborted by a failed step analysis: Degraded. */
export const argoDegradedView: ArgoRolloutView = {
  phase: 'Degraded',
  message: `RolloutAborted: Rollout aborted update to revision 2: ${failedAnalysis}`,
  revision: 2,
  currentStepIndex: 0,
  stableHash: 'aaa',
  currentHash: 'bbb',
  aborted: true,
  pausedByUser: false,
  desiredReplicas: 5,
  pauseReasons: [],
  replicas: 5,
  updatedReplicas: 0,
  readyReplicas: 5,
  availableReplicas: 5,
  weights: { canary: 0, stable: 100, verified: true },
  analysisRuns: [
    {
      name: 'payments-api-bbb-2-3',
      kind: 'step',
      phase: 'Failed',
      message: failedAnalysis,
      metrics: [
        {
          name: 'success-rate',
          phase: 'Failed',
          count: 4,
          successful: 1,
          failed: 3,
          inconclusive: 0,
          error: 0,
          dryRun: false,
          latest: {
            phase: 'Failed',
            value: '[0.82]',
            finishedAt: argoAt(6),
          },
        },
      ],
    },
    {
      name: 'payments-api-bbb-2',
      kind: 'background',
      phase: 'Successful',
      message: 'Run Terminated',
      metrics: [
        {
          name: 'latency-p99',
          phase: 'Successful',
          count: 6,
          successful: 6,
          failed: 0,
          inconclusive: 0,
          error: 0,
          dryRun: false,
          latest: {
            phase: 'Successful',
            value: '[0.21]',
            finishedAt: argoAt(6),
          },
        },
        {
          name: 'error-budget',
          phase: 'Error',
          count: 0,
          successful: 0,
          failed: 0,
          inconclusive: 0,
          error: 2,
          dryRun: true,
          latest: {
            phase: 'Error',
            message:
              'Post "http://prometheus:9090/api/v1/query": dial tcp: connection refused',
            finishedAt: argoAt(5, 30),
          },
        },
      ],
    },
  ],
};

export const argoDegradedStatus: RolloutStatus = {
  phase: 'Failed',
  canaryWeight: 0,
  failedChecks: 0,
  threshold: 0,
  iterations: 0,
  stepIndex: 0,
  message: `Rollout aborted update to revision 2: ${failedAnalysis}`,
  lastAppliedSpec: 'bbb',
  lastPromotedSpec: 'aaa',
  runId: 13,
  lastTransitionAt: argoAt(6),
  updatedAt: argoAt(6, 10),
  argo: argoDegradedView,
};

/** An NGINX-routed canary with step and background analysis, aborted: Degraded. */
export const argoDegradedRollout: RolloutSummary = {
  ...argoPausedRollout,
  provider: 'nginx',
  steps: [
    'setWeight 20',
    'pause 10s',
    'setWeight 40',
    'analysis success-rate',
    'setWeight 60',
    'pause 10s',
  ],
  status: argoDegradedStatus,
};

/** The guide's rollout once every step ran: Healthy, the stable ReplicaSet runs `bbb`. */
export const argoHealthyRollout: RolloutSummary = {
  ...argoPausedRollout,
  status: {
    ...argoPausedStatus,
    phase: 'Succeeded',
    canaryWeight: 0,
    stepIndex: 8,
    pause: undefined,
    message: 'Rollout completed update to revision 2 (bbb): Rollout is healthy',
    lastPromotedSpec: 'bbb',
    argo: {
      ...argoPausedView,
      phase: 'Healthy',
      message: '',
      currentStepIndex: 8,
      stableHash: 'bbb',
      pauseReasons: [],
      updatedReplicas: 5,
    },
  },
};

/** A blue/green Rollout before the engine ran it. */
export const argoBlueGreenRollout: RolloutSummary = {
  name: 'payments-api',
  kind: 'Rollout',
  strategy: 'blueGreen',
  provider: 'services',
  targetRef: { kind: 'Deployment', name: 'payments-api' },
  steps: [],
  errors: [],
  warnings: [],
};
