import type { RepoFiles } from '@internal/test-env';

/**
 * The apps the multi-replica suites deliver: one Component per app, all
 * from one GitOps repository (`apps/<name>/`), auto-synced to one namespace
 * of the local cluster. Plain apps are a ServiceAccount and a few ConfigMaps
 * (no Pods, so hundreds cost the control plane little); canary apps are a
 * Deployment, its Service and a Canary the rollout engine runs behind Istio.
 */
export interface FleetOptions {
  apps: number;
  /** The first `canaries` apps have a canary. */
  canaries: number;
  /** Namespace of every app's objects. */
  namespace: string;
  /** URL of the GitOps repository. */
  repoUrl: string;
  /** Canary analysis interval (Flagger duration), short in tests. */
  analysisInterval?: string;
  /** Failed checks that roll a canary back (`analysis.threshold`); 5 by default. */
  canaryThreshold?: number;
}

/**
 * A threshold the fleet's canaries keep through a metrics outage: each tick
 * without an answer from Prometheus is a failed check, as in Flagger, so a
 * minute's outage at a test's short interval would otherwise roll back
 * every canary in analysis (at Flagger's usual 1m interval it costs one).
 */
export function thresholdThrough(
  outageSeconds: number,
  analysisInterval: string,
): number {
  const match = /^(\d+)(s|m)$/.exec(analysisInterval);
  if (!match)
    throw new Error(`Unsupported analysis interval ${analysisInterval}`);
  const intervalSeconds = Number(match[1]) * (match[2] === 'm' ? 60 : 1);
  return Math.max(5, Math.ceil(outageSeconds / intervalSeconds) + 3);
}

export interface FleetApp {
  name: string;
  canary: boolean;
  /** What `slipway.dev/path` names in the repository. */
  path: string;
}

export const FLEET_OWNER = 'group:default/replicas-team';
/** Every change stamps the objects with its number here. */
export const CHANGE_LABEL = 'e2e.slipway.dev/change';
/** The image canary targets run at change `n`. */
export const imageOf = (change: number) =>
  `ghcr.io/stefanprodan/podinfo:6.${change}.0`;
/** The canary weights a promoted rollout of the fleet advances through. */
export const CANARY_WEIGHTS = [10, 20, 30];

export function fleetApps(options: FleetOptions): FleetApp[] {
  return Array.from({ length: options.apps }, (_, i) => {
    const name = `app-${String(i).padStart(3, '0')}`;
    return { name, canary: i < options.canaries, path: `apps/${name}` };
  });
}

/** The catalog file: one annotated Component per app. */
export function catalogYaml(options: FleetOptions): string {
  return fleetApps(options)
    .map(app =>
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: app.name,
          namespace: 'default',
          annotations: {
            'slipway.dev/repo': options.repoUrl,
            'slipway.dev/path': app.path,
            'slipway.dev/clusters': 'local',
            'slipway.dev/namespace': options.namespace,
            'slipway.dev/sync-policy': 'auto',
            ...(app.canary ? { 'slipway.dev/canary': app.name } : {}),
          },
        },
        spec: { type: 'service', owner: FLEET_OWNER, lifecycle: 'production' },
      }),
    )
    .join('\n---\n');
}

/** ConfigMaps of a plain app beside its ServiceAccount: a sync has several objects to apply. */
const CONFIG_MAPS = 4;

const plainApp = (name: string, change: number): RepoFiles => ({
  'serviceaccount.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  labels: { ${CHANGE_LABEL}: "${change}" }
`,
  ...Object.fromEntries(
    Array.from({ length: CONFIG_MAPS }, (_, i) => [
      `configmap-${i}.yaml`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-${i}
  labels: { ${CHANGE_LABEL}: "${change}" }
data:
  change: "${change}"
`,
    ]),
  ),
});

const canaryApp = (
  name: string,
  change: number,
  interval: string,
  threshold: number,
): RepoFiles => ({
  'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name}, ${CHANGE_LABEL}: "${change}" }
spec:
  replicas: 1
  progressDeadlineSeconds: 600
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: ${imageOf(change)}
          ports: [{ name: http, containerPort: 9898 }]
`,
  'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: { ${CHANGE_LABEL}: "${change}" }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 80, targetPort: 9898 }]
`,
  // Read by the rollout engine, never applied.
  'canary.yaml': `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: ${name}
spec:
  provider: istio
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }
  progressDeadlineSeconds: 600
  service:
    port: 80
    targetPort: 9898
  analysis:
    interval: ${interval}
    threshold: ${threshold}
    maxWeight: ${CANARY_WEIGHTS[CANARY_WEIGHTS.length - 1]}
    stepWeight: ${CANARY_WEIGHTS[0]}
    metrics:
      # A minute's window, so a few seconds without samples (a loaded
      # machine, a replica starting) leave a value to judge.
      - name: request-success-rate
        interval: 1m
        thresholdRange: { min: 99 }
`,
});

/** One app's files at change `n` (0 is the first commit), under its path. */
export function appFiles(
  app: FleetApp,
  change: number,
  options: Pick<FleetOptions, 'analysisInterval' | 'canaryThreshold'> = {},
): RepoFiles {
  const files = app.canary
    ? canaryApp(
        app.name,
        change,
        options.analysisInterval ?? '2s',
        options.canaryThreshold ?? 5,
      )
    : plainApp(app.name, change);
  return Object.fromEntries(
    Object.entries(files).map(([file, content]) => [
      `${app.path}/${file}`,
      content,
    ]),
  );
}

/**
 * The files of the given apps at their change numbers, for one commit: a
 * change touches every object of the app, so each is applied once.
 */
export function changeFiles(
  changes: Array<{ app: FleetApp; change: number }>,
  options: Pick<FleetOptions, 'analysisInterval' | 'canaryThreshold'> = {},
): RepoFiles {
  return Object.assign(
    {},
    ...changes.map(({ app, change }) => appFiles(app, change, options)),
  );
}

/** The objects the sync engine applies for one app (the Canary is not one). */
export function appObjects(
  app: FleetApp,
): Array<{ resource: string; name: string }> {
  return app.canary
    ? [
        { resource: 'deployments', name: app.name },
        { resource: 'services', name: app.name },
      ]
    : [
        { resource: 'serviceaccounts', name: app.name },
        ...Array.from({ length: CONFIG_MAPS }, (_, i) => ({
          resource: 'configmaps',
          name: `${app.name}-${i}`,
        })),
      ];
}
