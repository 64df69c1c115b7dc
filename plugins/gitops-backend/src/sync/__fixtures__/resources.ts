import { KubernetesObject } from '@slipway/plugin-gitops-node';

/* Non-workload objects shaped as the API server returns them. */

export const loadBalancerService: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
    resourceVersion: '48300',
    creationTimestamp: '2025-05-02T09:14:07Z',
    finalizers: ['service.kubernetes.io/load-balancer-cleanup'],
  },
  spec: {
    type: 'LoadBalancer',
    allocateLoadBalancerNodePorts: true,
    clusterIP: '10.96.14.201',
    clusterIPs: ['10.96.14.201'],
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: [
      {
        name: 'http',
        nodePort: 31080,
        port: 80,
        protocol: 'TCP',
        targetPort: 8080,
      },
    ],
    selector: { app: 'web' },
    sessionAffinity: 'None',
  },
  status: {
    loadBalancer: { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] },
  },
};

export const ingress: KubernetesObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: '4f5a6b7c-8d9e-4f0a-b1c2-d3e4f5a6b7c8',
    resourceVersion: '48400',
    generation: 1,
    creationTimestamp: '2025-05-02T09:14:07Z',
  },
  spec: {
    ingressClassName: 'nginx',
    rules: [
      {
        host: 'shop.example.com',
        http: {
          paths: [
            {
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: 'web', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
  status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } },
};

export const persistentVolumeClaim: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name: 'data-db-0',
    namespace: 'shop',
    uid: '5a6b7c8d-9e0f-4a1b-c2d3-e4f5a6b7c8d9',
    resourceVersion: '51100',
    creationTimestamp: '2025-05-02T09:14:07Z',
    annotations: {
      'pv.kubernetes.io/bind-completed': 'yes',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    },
    finalizers: ['kubernetes.io/pvc-protection'],
  },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    storageClassName: 'standard',
    volumeMode: 'Filesystem',
    volumeName: 'pvc-5a6b7c8d-9e0f-4a1b-c2d3-e4f5a6b7c8d9',
  },
  status: {
    phase: 'Bound',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
  },
};

export const horizontalPodAutoscaler: KubernetesObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: '6b7c8d9e-0f1a-4b2c-d3e4-f5a6b7c8d9e0',
    resourceVersion: '52000',
    creationTimestamp: '2025-05-02T09:14:07Z',
  },
  spec: {
    maxReplicas: 10,
    minReplicas: 3,
    metrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
    ],
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  },
  status: {
    currentReplicas: 3,
    desiredReplicas: 3,
    currentMetrics: [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          current: { averageUtilization: 12, averageValue: '12m' },
        },
      },
    ],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:15:00Z',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
      },
      {
        type: 'ScalingActive',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:15:30Z',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      },
      {
        type: 'ScalingLimited',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:15:30Z',
        reason: 'TooFewReplicas',
        message:
          'the desired replica count is less than the minimum replica count',
      },
    ],
  },
};

export const customResourceDefinition: KubernetesObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'certificates.cert-manager.io',
    uid: '7c8d9e0f-1a2b-4c3d-e4f5-a6b7c8d9e0f1',
    resourceVersion: '700',
    generation: 1,
    creationTimestamp: '2025-05-02T09:10:00Z',
  },
  spec: {
    group: 'cert-manager.io',
    names: {
      kind: 'Certificate',
      listKind: 'CertificateList',
      plural: 'certificates',
      singular: 'certificate',
      shortNames: ['cert', 'certs'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object' } },
        subresources: { status: {} },
      },
    ],
    conversion: { strategy: 'None' },
  },
  status: {
    acceptedNames: {
      kind: 'Certificate',
      listKind: 'CertificateList',
      plural: 'certificates',
      singular: 'certificate',
      shortNames: ['cert', 'certs'],
    },
    storedVersions: ['v1'],
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:10:00Z',
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:10:01Z',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
  },
};

export const apiService: KubernetesObject = {
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: {
    name: 'v1beta1.metrics.k8s.io',
    uid: '8d9e0f1a-2b3c-4d4e-f5a6-b7c8d9e0f1a2',
    resourceVersion: '800',
    creationTimestamp: '2025-05-02T09:10:00Z',
  },
  spec: {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    groupPriorityMinimum: 100,
    versionPriority: 100,
    insecureSkipTLSVerify: true,
    service: { name: 'metrics-server', namespace: 'kube-system', port: 443 },
  },
  status: {
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:11:00Z',
        reason: 'Passed',
        message: 'all checks passed',
      },
    ],
  },
};

/** A custom resource whose controller follows kstatus conventions. */
export const certificate: KubernetesObject = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: {
    name: 'shop-tls',
    namespace: 'shop',
    uid: '9e0f1a2b-3c4d-4e5f-a6b7-c8d9e0f1a2b3',
    resourceVersion: '53000',
    generation: 2,
    creationTimestamp: '2025-05-02T09:14:07Z',
  },
  spec: {
    secretName: 'shop-tls',
    dnsNames: ['shop.example.com'],
    issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt' },
  },
  status: {
    observedGeneration: 2,
    notAfter: '2025-07-31T09:14:07Z',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        observedGeneration: 2,
        lastTransitionTime: '2025-05-02T09:15:07Z',
        reason: 'Ready',
        message: 'Certificate is up to date and has not expired',
      },
    ],
  },
};

export const fluxKustomization: KubernetesObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: {
    name: 'apps',
    namespace: 'flux-system',
    uid: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d',
    resourceVersion: '54000',
    generation: 1,
    creationTimestamp: '2025-05-02T09:14:07Z',
    finalizers: ['finalizers.fluxcd.io'],
  },
  spec: {
    interval: '10m',
    path: './apps',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'flux-system' },
  },
  status: {
    observedGeneration: 1,
    lastAppliedRevision: 'main@sha1:4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastTransitionTime: '2025-05-02T09:15:00Z',
        reason: 'ReconciliationSucceeded',
        message:
          'Applied revision: main@sha1:4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      },
    ],
  },
};
