/** The GitOps repositories of the test's services, as a team would write them. */

export const configMap = (name: string, version: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: ${name} }
data: { version: "${version}" }
`;

export const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: { app: ${name} }
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${name}
          image: ${image}
          ports: [{ name: http, containerPort: 9898 }]
`;

export const service = (name: string) => `apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 80, targetPort: 9898 }]
`;

/**
 * A Slipway Rollout with explicit steps and no metrics: 20 %, a pause until
 * someone promotes, 50 %, then promotion; a tick a second.
 */
export const steppedRollout = (
  name: string,
) => `apiVersion: slipway.dev/v1alpha1
kind: Rollout
metadata: { name: ${name} }
spec:
  provider: istio
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }
  progressDeadlineSeconds: 120
  service: { port: 80, targetPort: 9898 }
  steps:
    - setWeight: 20
    - pause: {}
    - setWeight: 50
  analysis:
    interval: 1s
    threshold: 2
`;

/** An object of a kind the cluster does not serve: every sync of it fails. */
export const unknownKind = (name: string) => `apiVersion: example.com/v1
kind: Widget
metadata: { name: ${name} }
spec: { size: 3 }
`;

/** A catalog Component delivered by Slipway from `repoUrl` to cluster `local`. */
export const component = (
  name: string,
  owner: string,
  repoUrl: string,
  namespace: string,
  extra: Record<string, string> = {},
) =>
  JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'slipway.dev/repo': repoUrl,
        'slipway.dev/clusters': 'local',
        'slipway.dev/namespace': namespace,
        ...extra,
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
  });
