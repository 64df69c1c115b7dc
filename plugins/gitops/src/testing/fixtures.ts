import { Entity } from '@backstage/catalog-model';
import {
  AppResource,
  GitopsApp,
  SyncRun,
  SyncRunResource,
} from '@internal/plugin-gitops-common';

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
