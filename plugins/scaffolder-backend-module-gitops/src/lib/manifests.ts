import { stringify } from 'yaml';

/** Progressive delivery settings; absent means no canary document. */
export interface CanarySettings {
  /**
   * Traffic router (istio, nginx, gatewayapi:v1, apisix, kubernetes, …);
   * omitted means the rollout engine's default, as in Flagger.
   */
  provider?: string;
  /** `canary` shifts weight step by step; `blueGreen` runs iterations, then switches. */
  strategy: 'canary' | 'blueGreen';
  interval: string;
  threshold: number;
  maxWeight: number;
  stepWeight: number;
  /** Blue/green only: analysis runs before the switch. */
  iterations: number;
  /** Minimum request success rate in percent. */
  successRate: number;
  /** Maximum request duration (P99) in milliseconds. */
  latencyMs: number;
  /** Adds Flagger's load-test webhook so analysis has traffic to judge. */
  loadTest: boolean;
  loadTestUrl: string;
  /**
   * Gateway API routers only: the Gateway (`namespace/name` or `name`) the
   * HTTPRoute attaches to; Flagger requires `service.gatewayRefs`.
   */
  gateway?: string;
}

/** Flagger's usual values, used for every setting a template leaves out. */
export const CANARY_DEFAULTS: CanarySettings = {
  strategy: 'canary',
  interval: '1m',
  threshold: 5,
  maxWeight: 50,
  stepWeight: 10,
  iterations: 10,
  successRate: 99,
  latencyMs: 500,
  loadTest: false,
  loadTestUrl: 'http://flagger-loadtester.test/',
};

/** What the GitOps repository receives for one service. */
export interface AppManifestSpec {
  name: string;
  namespace: string;
  image: string;
  port: number;
  replicas: number;
  maxReplicas: number;
  canary?: CanarySettings;
}

const doc = (value: unknown, comment?: string) =>
  `${comment ? `# ${comment}\n` : ''}${stringify(value)}`;

/** The Gateway a `namespace/name` (or bare `name`) setting points to. */
function gatewayRef(gateway: string) {
  const [first, second] = gateway.split('/');
  return second ? { name: second, namespace: first } : { name: first };
}

/**
 * What each router needs beside the Canary (`ingressRef`, `routeRef` or
 * `service.gatewayRefs`, see docs/rollout-engine.md#documents-and-defaults):
 * the document's fields, and the object it names when the repository must
 * hold it.
 */
function routerParts(spec: AppManifestSpec, canary: CanarySettings) {
  const { name, namespace } = spec;
  const provider = canary.provider ?? '';
  if (provider === 'nginx') {
    return {
      fields: {
        ingressRef: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name,
        },
      },
      file: {
        'ingress.yaml': doc({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name, namespace, labels: { app: name } },
          spec: {
            ingressClassName: 'nginx',
            rules: [
              {
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Prefix',
                      backend: { service: { name, port: { number: 80 } } },
                    },
                  ],
                },
              },
            ],
          },
        }),
      },
    };
  }
  if (provider === 'apisix') {
    return {
      fields: {
        routeRef: {
          apiVersion: 'apisix.apache.org/v2',
          kind: 'ApisixRoute',
          name,
        },
      },
      file: {
        'apisix-route.yaml': doc({
          apiVersion: 'apisix.apache.org/v2',
          kind: 'ApisixRoute',
          metadata: { name, namespace, labels: { app: name } },
          spec: {
            http: [
              {
                name: 'main',
                match: { paths: ['/*'] },
                backends: [{ serviceName: name, servicePort: 80 }],
              },
            ],
          },
        }),
      },
    };
  }
  if (provider.startsWith('gatewayapi') && canary.gateway) {
    return { service: { gatewayRefs: [gatewayRef(canary.gateway)] } };
  }
  return {};
}

function canaryDocument(spec: AppManifestSpec, canary: CanarySettings) {
  const weights =
    canary.strategy === 'blueGreen'
      ? { iterations: canary.iterations }
      : { maxWeight: canary.maxWeight, stepWeight: canary.stepWeight };
  const webhooks = canary.loadTest
    ? [
        {
          name: 'load-test',
          url: canary.loadTestUrl,
          timeout: '5s',
          metadata: {
            cmd: `hey -z 1m -q 10 -c 2 http://${spec.name}-canary.${spec.namespace}/`,
          },
        },
      ]
    : undefined;
  const router = routerParts(spec, canary);
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: spec.name, namespace: spec.namespace },
    spec: {
      ...(canary.provider ? { provider: canary.provider } : {}),
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name },
      autoscalerRef: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        name: spec.name,
      },
      ...router.fields,
      service: { port: 80, targetPort: 'http', ...router.service },
      analysis: {
        interval: canary.interval,
        threshold: canary.threshold,
        ...weights,
        metrics: [
          {
            name: 'request-success-rate',
            thresholdRange: { min: canary.successRate },
            interval: '1m',
          },
          {
            name: 'request-duration',
            thresholdRange: { max: canary.latencyMs },
            interval: '1m',
          },
        ],
        ...(webhooks ? { webhooks } : {}),
      },
    },
  };
}

/**
 * Renders the Deployment, Service, HPA and (optionally) the Canary with the
 * Ingress or ApisixRoute its router needs, by file name.
 */
export function renderAppManifests(
  spec: AppManifestSpec,
): Record<string, string> {
  const { name, namespace } = spec;
  const labels = { app: name };
  const metadata = { name, namespace, labels };
  const files: Record<string, string> = {
    'deployment.yaml': doc({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: spec.image,
                ports: [{ name: 'http', containerPort: spec.port }],
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              },
            ],
          },
        },
      },
    }),
    'service.yaml': doc({
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        selector: labels,
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    }),
    'hpa.yaml': doc({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: spec.replicas,
        maxReplicas: Math.max(spec.maxReplicas, spec.replicas),
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 80 },
            },
          },
        ],
      },
    }),
  };
  if (spec.canary) {
    Object.assign(files, routerParts(spec, spec.canary).file);
    files['canary.yaml'] = doc(
      canaryDocument(spec, spec.canary),
      "Read by Slipway's rollout engine, never applied to the cluster.",
    );
  }
  return files;
}
