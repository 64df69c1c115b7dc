import { Entity } from '@backstage/catalog-model';
import {
  AppResource,
  GitopsApp,
  RolloutCheck,
  RolloutEvent,
  RolloutRun,
  RolloutRunDetails,
  RolloutStatus,
  RolloutSummary,
  SyncOperation,
  SyncRun,
  SyncRunResource,
} from '@slipway/plugin-gitops-common';

/** Test data shaped like real backend answers for the `payments` component. */
export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'slipway.dev/repo': 'https://git.example.test/gitops.git',
      'slipway.dev/clusters': 'dev,prod',
      'slipway.dev/sync-policy': 'auto',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

export const devApp: GitopsApp = {
  key: 'component:default/payments@dev',
  entityRef: 'component:default/payments',
  cluster: 'dev',
  syncStatus: 'OutOfSync',
  healthStatus: 'Degraded',
  message: 'Deployment payments: 0 of 3 replicas available',
  revision: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
  commitMessage: 'Bump payments to 1.4.2\n\nFixes the retry storm',
  commitAuthor: 'Ada Lovelace',
  commitDate: '2026-11-23T09:58:00.000Z',
  pinnedRevision: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
  syncPolicy: 'auto',
  lastRunResult: 'Failed',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const prodApp: GitopsApp = {
  key: 'component:default/payments@prod',
  entityRef: 'component:default/payments',
  cluster: 'prod',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  revision: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
  commitMessage: 'Bump payments to 1.4.1',
  commitAuthor: 'Grace Hopper',
  commitDate: '2026-11-20T14:00:00.000Z',
  syncPolicy: 'auto',
  lastRunResult: 'Succeeded',
  updatedAt: '2026-11-23T10:00:00.000Z',
};

export const devResources: AppResource[] = [
  {
    id: '/ConfigMap/payments/payments-config',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'payments',
    name: 'payments-config',
    syncStatus: 'Synced',
  },
  {
    id: 'apps/Deployment/payments/payments',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: 'payments',
    name: 'payments',
    syncStatus: 'OutOfSync',
    healthStatus: 'Degraded',
    message: '0 of 3 replicas available',
    diff: [
      '--- live',
      '+++ desired',
      '@@ -12,7 +12,7 @@',
      '     spec:',
      '       containers:',
      '-      - image: registry.example.test/payments:1.4.1',
      '+      - image: registry.example.test/payments:1.4.2',
      '',
    ].join('\n'),
  },
  {
    id: 'apps/ReplicaSet/payments/payments-7d9f8',
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    namespace: 'payments',
    name: 'payments-7d9f8',
    parentId: 'apps/Deployment/payments/payments',
    healthStatus: 'Progressing',
  },
  {
    id: '/Pod/payments/payments-7d9f8-x2k4q',
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: 'payments',
    name: 'payments-7d9f8-x2k4q',
    parentId: 'apps/ReplicaSet/payments/payments-7d9f8',
    healthStatus: 'Degraded',
    message: 'Back-off pulling image "registry.example.test/payments:1.4.2"',
  },
];

export const succeededRun: SyncRun = {
  id: 41,
  appKey: devApp.key,
  revision: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
  trigger: 'webhook',
  result: 'Succeeded',
  message: 'Applied 3 objects',
  commitMessage: 'Bump payments to 1.4.1',
  commitAuthor: 'Grace Hopper',
  prune: true,
  dryRun: false,
  startedAt: '2026-11-20T14:01:00.000Z',
  finishedAt: '2026-11-20T14:01:09.000Z',
};

export const failedRun: SyncRun = {
  id: 42,
  appKey: devApp.key,
  revision: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
  trigger: 'manual',
  initiator: 'user:default/ada',
  result: 'Failed',
  message: 'Deployment payments: progress deadline exceeded',
  commitMessage: 'Bump payments to 1.4.2',
  commitAuthor: 'Ada Lovelace',
  prune: false,
  dryRun: false,
  startedAt: '2026-11-23T09:59:00.000Z',
  finishedAt: '2026-11-23T10:00:00.000Z',
};

export const succeededRunResources: SyncRunResource[] = [
  {
    id: '/ConfigMap/payments/payments-config',
    kind: 'ConfigMap',
    namespace: 'payments',
    name: 'payments-config',
    result: 'Unchanged',
  },
  {
    id: 'apps/Deployment/payments/payments',
    kind: 'Deployment',
    namespace: 'payments',
    name: 'payments',
    result: 'Configured',
  },
  {
    id: '/Service/payments/payments-old',
    kind: 'Service',
    namespace: 'payments',
    name: 'payments-old',
    result: 'Pruned',
    message: 'no longer in Git',
  },
];

// Rollout of payments-api on dev as the rollout routes answer it: a canary at
// 20% of [10..50], one failed success-rate check of three allowed (a run like
// the one in docs/rollout-engine.md#example-run).
const canaryAt = (minute: number, second = 0) =>
  `2026-11-23T10:${String(minute).padStart(2, '0')}:${String(second).padStart(
    2,
    '0',
  )}.000Z`;

export const progressingStatus: RolloutStatus = {
  phase: 'Progressing',
  canaryWeight: 20,
  failedChecks: 1,
  threshold: 3,
  iterations: 0,
  stepIndex: 1,
  message: 'Advance payments-api.payments canary weight 20',
  lastAppliedSpec: '5d8f9c7b6a',
  lastPromotedSpec: '7c6b5a4d3e',
  runId: 7,
  lastTransitionAt: canaryAt(1),
  updatedAt: canaryAt(4),
  nextTickAt: canaryAt(5),
};

export const progressingRollout: RolloutSummary = {
  name: 'payments-api',
  kind: 'Canary',
  strategy: 'canary',
  provider: 'istio',
  targetRef: { kind: 'Deployment', name: 'payments-api' },
  analysis: {
    interval: '1m0s',
    threshold: 3,
    maxWeight: 50,
    stepWeight: 10,
    weights: [10, 20, 30, 40, 50],
    iterations: 0,
    metrics: ['request-success-rate', 'request-duration'],
  },
  errors: [],
  warnings: [],
  status: progressingStatus,
};

export const currentRolloutRun: RolloutRun = {
  id: 7,
  appKey: devApp.key,
  rollout: 'payments-api',
  revision: '5d8f9c7b6a',
  commit: '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b',
  strategy: 'canary',
  result: 'Running',
  startedAt: canaryAt(0),
};

const check = (
  c: Omit<RolloutCheck, 'runId' | 'durationMs'>,
): RolloutCheck => ({
  runId: 7,
  durationMs: 40,
  ...c,
});

export const currentRunChecks: RolloutCheck[] = [
  check({
    id: 70,
    kind: 'webhook',
    name: 'load-test',
    hookType: 'pre-rollout',
    status: 202,
    passed: true,
    message: 'accepted',
    canaryWeight: 0,
    at: canaryAt(1),
  }),
  check({
    id: 71,
    kind: 'metric',
    name: 'request-success-rate',
    value: 99.8,
    min: 99,
    passed: true,
    canaryWeight: 10,
    at: canaryAt(2),
  }),
  check({
    id: 72,
    kind: 'metric',
    name: 'request-duration',
    value: 212,
    max: 500,
    passed: true,
    canaryWeight: 10,
    at: canaryAt(2),
  }),
  check({
    id: 73,
    kind: 'webhook',
    name: 'acceptance',
    hookType: 'rollout',
    status: 500,
    passed: false,
    message: 'smoke test: 2 of 14 requests failed',
    canaryWeight: 10,
    at: canaryAt(3),
  }),
  check({
    id: 74,
    kind: 'metric',
    name: 'request-success-rate',
    value: 91.2,
    min: 99,
    passed: false,
    message: 'Halt payments-api.payments advancement success rate 91.20% < 99%',
    canaryWeight: 10,
    at: canaryAt(3, 30),
  }),
  check({
    id: 75,
    kind: 'metric',
    name: 'request-success-rate',
    value: 99.6,
    min: 99,
    passed: true,
    canaryWeight: 10,
    at: canaryAt(4),
  }),
  check({
    id: 76,
    kind: 'metric',
    name: 'request-duration',
    value: 640,
    max: 500,
    passed: false,
    message:
      'Halt payments-api.payments advancement request duration 640ms > 500ms',
    canaryWeight: 10,
    at: canaryAt(4),
  }),
];

const event = (
  id: number,
  message: string,
  canaryWeight: number,
  at: string,
  type: RolloutEvent['type'] = 'Normal',
): RolloutEvent => ({
  id,
  runId: 7,
  type,
  message,
  phase: 'Progressing',
  canaryWeight,
  at,
});

export const currentRunEvents: RolloutEvent[] = [
  event(
    700,
    'New revision detected! Scaling up payments-api.payments',
    0,
    canaryAt(0),
  ),
  event(
    701,
    'Starting canary analysis for payments-api.payments',
    0,
    canaryAt(1),
  ),
  event(
    702,
    'Advance payments-api.payments canary weight 10',
    10,
    canaryAt(1, 30),
  ),
  event(
    703,
    'Halt payments-api.payments advancement success rate 91.20% < 99%',
    10,
    canaryAt(3, 30),
    'Warning',
  ),
  event(704, 'Advance payments-api.payments canary weight 20', 20, canaryAt(4)),
];

export const failedRolloutRun: RolloutRun = {
  id: 6,
  appKey: devApp.key,
  rollout: 'payments-api',
  revision: '9e8d7c6b5a',
  commit: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
  strategy: 'canary',
  result: 'Failed',
  message:
    'Rolling back payments-api.payments failed checks threshold reached 3',
  startedAt: '2026-11-22T16:00:00.000Z',
  finishedAt: '2026-11-22T16:04:00.000Z',
};

export const failedRunDetails: RolloutRunDetails = {
  run: failedRolloutRun,
  checks: [
    {
      id: 60,
      runId: 6,
      kind: 'metric',
      name: 'request-success-rate',
      value: 87.5,
      min: 99,
      passed: false,
      message:
        'Halt payments-api.payments advancement success rate 87.50% < 99%',
      canaryWeight: 10,
      durationMs: 35,
      at: '2026-11-22T16:02:00.000Z',
    },
  ],
  events: [
    {
      id: 600,
      runId: 6,
      type: 'Warning',
      message:
        'Rolling back payments-api.payments failed checks threshold reached 3',
      phase: 'Progressing',
      canaryWeight: 10,
      at: '2026-11-22T16:03:30.000Z',
    },
    {
      id: 601,
      runId: 6,
      type: 'Warning',
      message: 'Canary failed! Scaling down payments-api.payments',
      phase: 'Failed',
      canaryWeight: 0,
      at: '2026-11-22T16:04:00.000Z',
    },
  ],
};

/** A finished operation on `app`, as the client resolves an action with it. */
export function finishedOperation(
  app: GitopsApp,
  operation: Partial<SyncOperation> & Pick<SyncOperation, 'action' | 'status'>,
): { operation: SyncOperation; app: GitopsApp } {
  return {
    operation: {
      id: 1,
      appKey: app.key,
      request: {},
      createdAt: '2026-12-03T10:00:00.000Z',
      finishedAt: '2026-12-03T10:00:05.000Z',
      ...operation,
    },
    app,
  };
}
