/**
 * The GitOps repository files of a `podinfo` service with a progressive
 * rollout, as a team would write them: Deployment, Service, optionally an
 * Ingress / ApisixRoute for the edge providers, and the rollout document.
 */

export const deployment = (image: string, replicas = 2, progressDeadlineSeconds = 600) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  labels: { app: podinfo }
spec:
  replicas: ${replicas}
  progressDeadlineSeconds: ${progressDeadlineSeconds}
  selector:
    matchLabels: { app: podinfo }
  template:
    metadata:
      labels: { app: podinfo }
    spec:
      containers:
        - name: podinfo
          image: ${image}
          ports: [{ name: http, containerPort: 9898 }]
`;

export const service = `apiVersion: v1
kind: Service
metadata:
  name: podinfo
spec:
  selector: { app: podinfo }
  ports: [{ name: http, port: 80, targetPort: 9898 }]
`;

export const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: podinfo
  annotations: { kubernetes.io/ingress.class: nginx }
spec:
  rules:
    - host: podinfo.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: podinfo, port: { number: 80 } } }
`;

export const apisixRoute = `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: podinfo
spec:
  http:
    - name: main
      match: { hosts: [podinfo.example.com], paths: ['/*'] }
      backends: [{ serviceName: podinfo, servicePort: 80 }]
`;

export interface CanaryOptions {
  provider: string;
  threshold?: number;
  stepWeight?: number;
  maxWeight?: number;
  iterations?: number;
  match?: string;
  webhooks?: string;
  /** Lines under `spec.service`, e.g. gatewayRefs. */
  extraService?: string;
  /** Lines under `spec`, e.g. ingressRef. */
  extraSpec?: string;
  /** The analysis interval; long by default so the test drives every tick. */
  interval?: string;
}

/** The success-rate metric over a window short enough for a test run. */
export const successRate = `
      - name: request-success-rate
        interval: 15s
        thresholdRange: { min: 99 }`;

export const canary = (o: CanaryOptions) => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  provider: ${o.provider}
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  progressDeadlineSeconds: 120${o.extraSpec ?? ''}
  service:
    port: 80
    targetPort: 9898${o.extraService ?? ''}
  analysis:
    interval: ${o.interval ?? '60m'}
    threshold: ${o.threshold ?? 2}${o.iterations ? `\n    iterations: ${o.iterations}` : `\n    maxWeight: ${o.maxWeight ?? 30}\n    stepWeight: ${o.stepWeight ?? 10}`}${o.match ?? ''}
    metrics:${successRate}${o.webhooks ?? ''}
`;

/** A Slipway Rollout with explicit steps: weight, a pause for a person, weight. */
export const steppedRollout = (provider: string) => `apiVersion: slipway.dev/v1alpha1
kind: Rollout
metadata:
  name: podinfo
spec:
  provider: ${provider}
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: podinfo }
  progressDeadlineSeconds: 120
  service: { port: 80, targetPort: 9898 }
  steps:
    - setWeight: 20
    - pause: {}
    - setWeight: 50
  analysis:
    interval: 1h
    threshold: 2
    metrics:${successRate}
`;
