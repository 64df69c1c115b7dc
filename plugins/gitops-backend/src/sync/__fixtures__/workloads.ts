import { KubernetesObject } from '@slipway/plugin-gitops-node';

/*
 * Objects shaped as `kubectl get -o json` returns them from a 1.3x API server:
 * defaulted specs, managedFields, full status blocks. Tests patch them.
 */

const podTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'ghcr.io/example/web:1.4.2',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
        resources: {
          limits: { cpu: '500m', memory: '256Mi' },
          requests: { cpu: '100m', memory: '128Mi' },
        },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  },
};

export const deployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: '5c1f3b7e-9a51-4b0e-8f1e-2d7c9f3a1b11',
    resourceVersion: '48213',
    generation: 3,
    creationTimestamp: '2025-05-02T09:14:07Z',
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '3' },
    managedFields: [
      {
        manager: 'slipway',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2025-05-02T09:20:11Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:replicas': {}, 'f:template': {} },
        },
      },
      {
        manager: 'kube-controller-manager',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2025-05-02T09:20:40Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:replicas': {} } },
        subresource: 'status',
      },
    ],
  },
  spec: {
    progressDeadlineSeconds: 600,
    replicas: 3,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    },
    template: podTemplate,
  },
  status: {
    observedGeneration: 3,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: '2025-05-02T09:15:01Z',
        lastTransitionTime: '2025-05-02T09:15:01Z',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: '2025-05-02T09:20:40Z',
        lastTransitionTime: '2025-05-02T09:14:07Z',
        reason: 'NewReplicaSetAvailable',
        message: 'ReplicaSet "web-7d9f8c6b5d" has successfully progressed.',
      },
    ],
  },
};

export const statefulSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: {
    name: 'db',
    namespace: 'shop',
    uid: '0b8e42a4-6c5e-4f61-9a3e-7d51c2b9e0aa',
    resourceVersion: '51002',
    generation: 2,
    creationTimestamp: '2025-05-02T09:14:07Z',
  },
  spec: {
    replicas: 3,
    serviceName: 'db',
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { app: 'db' } },
    template: podTemplate,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    },
    persistentVolumeClaimRetentionPolicy: {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    },
  },
  status: {
    observedGeneration: 2,
    replicas: 3,
    readyReplicas: 3,
    currentReplicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
    currentRevision: 'db-6b8f7d9c4',
    updateRevision: 'db-6b8f7d9c4',
    collisionCount: 0,
  },
};

export const daemonSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: {
    name: 'node-agent',
    namespace: 'monitoring',
    uid: 'c2d0b6a8-1e9f-4c1b-b5d6-3f0a8e7c2d44',
    resourceVersion: '9921',
    generation: 1,
    creationTimestamp: '2025-05-02T09:14:07Z',
  },
  spec: {
    selector: { matchLabels: { app: 'node-agent' } },
    template: podTemplate,
    updateStrategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
    },
    revisionHistoryLimit: 10,
  },
  status: {
    observedGeneration: 1,
    currentNumberScheduled: 3,
    desiredNumberScheduled: 3,
    numberAvailable: 3,
    numberMisscheduled: 0,
    numberReady: 3,
    updatedNumberScheduled: 3,
  },
};

export const replicaSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-7d9f8c6b5d',
    namespace: 'shop',
    uid: 'e0f5a7b2-3c4d-4e8f-9a1b-6c7d8e9f0a1b',
    resourceVersion: '48200',
    generation: 1,
    creationTimestamp: '2025-05-02T09:14:07Z',
    labels: { app: 'web', 'pod-template-hash': '7d9f8c6b5d' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: '5c1f3b7e-9a51-4b0e-8f1e-2d7c9f3a1b11',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    replicas: 3,
    selector: {
      matchLabels: { app: 'web', 'pod-template-hash': '7d9f8c6b5d' },
    },
    template: podTemplate,
  },
  status: {
    observedGeneration: 1,
    replicas: 3,
    fullyLabeledReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
  },
};

export const pod: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-7d9f8c6b5d-x2k9p',
    generateName: 'web-7d9f8c6b5d-',
    namespace: 'shop',
    uid: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
    resourceVersion: '48190',
    creationTimestamp: '2025-05-02T09:14:08Z',
    labels: { app: 'web', 'pod-template-hash': '7d9f8c6b5d' },
  },
  spec: {
    ...podTemplate.spec,
    nodeName: 'kwok-node-0',
    serviceAccountName: 'default',
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.11',
    podIP: '10.244.1.17',
    qosClass: 'Burstable',
    startTime: '2025-05-02T09:14:08Z',
    conditions: [
      {
        type: 'PodReadyToStartContainers',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:14:10Z',
      },
      {
        type: 'Initialized',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:14:08Z',
      },
      {
        type: 'Ready',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:14:12Z',
      },
      {
        type: 'ContainersReady',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:14:12Z',
      },
      {
        type: 'PodScheduled',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:14:08Z',
      },
    ],
    containerStatuses: [
      {
        name: 'web',
        image: 'ghcr.io/example/web:1.4.2',
        imageID: 'ghcr.io/example/web@sha256:4f2c0e0f5b',
        containerID: 'containerd://0b1c2d3e4f',
        ready: true,
        started: true,
        restartCount: 0,
        lastState: {},
        state: { running: { startedAt: '2025-05-02T09:14:11Z' } },
      },
    ],
  },
};

export const job: KubernetesObject = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'migrate',
    namespace: 'shop',
    uid: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
    resourceVersion: '50500',
    generation: 1,
    creationTimestamp: '2025-05-02T09:14:07Z',
    labels: { 'batch.kubernetes.io/job-name': 'migrate' },
  },
  spec: {
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    completions: 1,
    parallelism: 1,
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    template: {
      ...podTemplate,
      spec: { ...podTemplate.spec, restartPolicy: 'Never' },
    },
  },
  status: {
    startTime: '2025-05-02T09:14:07Z',
    active: 1,
    ready: 1,
    terminating: 0,
    uncountedTerminatedPods: {},
  },
};

export const cronJob: KubernetesObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {
    name: 'nightly-report',
    namespace: 'shop',
    uid: 'aa11bb22-cc33-4d44-8e55-ff6677889900',
    resourceVersion: '61000',
    generation: 1,
    creationTimestamp: '2025-05-01T00:00:00Z',
  },
  spec: {
    schedule: '0 2 * * *',
    concurrencyPolicy: 'Forbid',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: {
      spec: {
        template: job.spec && (job.spec as { template: unknown }).template,
      },
    },
  },
  status: {
    lastScheduleTime: '2025-05-02T02:00:00Z',
    lastSuccessfulTime: '2025-05-02T02:03:41Z',
  },
};
