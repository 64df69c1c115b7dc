import { KubernetesObject } from '@slipway/plugin-gitops-node';

/*
 * Argo Workflows and Argo Rollouts objects as their controllers leave them
 * (Argo Workflows 3.x, Argo Rollouts 1.x). Tests patch them.
 */

export const argoWorkflow: KubernetesObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: 'db-migrate-7x2lq',
    generateName: 'db-migrate-',
    namespace: 'shop',
    uid: '3e1d2c4b-5a69-4f7e-8d0c-1b2a3c4d5e6f',
    resourceVersion: '61422',
    generation: 5,
    creationTimestamp: '2025-05-02T09:20:00Z',
    labels: { 'workflows.argoproj.io/completed': 'true' },
  },
  spec: {
    entrypoint: 'migrate',
    templates: [
      {
        name: 'migrate',
        container: {
          image: 'ghcr.io/example/migrate:2.0.1',
          args: ['up'],
        },
      },
    ],
  },
  status: {
    phase: 'Succeeded',
    startedAt: '2025-05-02T09:20:00Z',
    finishedAt: '2025-05-02T09:20:41Z',
    progress: '1/1',
    nodes: {
      'db-migrate-7x2lq': {
        id: 'db-migrate-7x2lq',
        name: 'db-migrate-7x2lq',
        type: 'Pod',
        phase: 'Succeeded',
        templateName: 'migrate',
      },
    },
  },
};

export const argoRollout: KubernetesObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    uid: '7b6a5c4d-3e2f-4a1b-9c8d-0e1f2a3b4c5d',
    resourceVersion: '61877',
    generation: 4,
    creationTimestamp: '2025-05-02T09:14:07Z',
    annotations: { 'rollout.argoproj.io/revision': '3' },
  },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 2,
    selector: { matchLabels: { app: 'checkout' } },
    template: {
      metadata: { labels: { app: 'checkout' } },
      spec: {
        containers: [
          { name: 'checkout', image: 'ghcr.io/example/checkout:3.1.0' },
        ],
      },
    },
    strategy: {
      canary: {
        steps: [
          { setWeight: 20 },
          { pause: { duration: '1m' } },
          { setWeight: 60 },
          { pause: {} },
        ],
      },
    },
  },
  status: {
    // The Rollout CRD stores observedGeneration as a string.
    observedGeneration: '4',
    phase: 'Healthy',
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    HPAReplicas: 3,
    currentPodHash: '6d4b8c9f7c',
    stableRS: '6d4b8c9f7c',
    currentStepHash: '5f8d7c6b9a',
    currentStepIndex: 4,
    selector: 'app=checkout',
    blueGreen: {},
    canary: {},
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'AvailableReason',
        message: 'Rollout has minimum availability',
      },
      {
        type: 'Completed',
        status: 'True',
        reason: 'RolloutCompleted',
        message: 'Rollout completed update to revision 3 (6d4b8c9f7c)',
      },
      {
        type: 'Healthy',
        status: 'True',
        reason: 'RolloutHealthy',
        message: 'Rollout is healthy',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message:
          'ReplicaSet "checkout-6d4b8c9f7c" has successfully progressed.',
      },
    ],
  },
};
