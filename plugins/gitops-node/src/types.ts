/**
 * A Kubernetes object as Slipway handles it: parsed, untyped beyond its identity.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * Read access to the files of one app's source path, straight from git objects.
 *
 * @public
 */
export interface SourceTree {
  /** Paths relative to the app's path, files only, sorted. */
  list(): Promise<string[]>;
  read(path: string): Promise<Buffer>;
}

/**
 * Turns the files of a source path into Kubernetes objects.
 *
 * @public
 */
export interface Renderer {
  /** Short name shown in messages, e.g. `kustomize`. */
  readonly name: string;
  /** Whether this renderer claims the path, e.g. a kustomization.yaml is present. */
  detect(files: string[]): boolean;
  render(
    tree: SourceTree,
    options: { namespace: string; signal?: AbortSignal },
  ): Promise<KubernetesObject[]>;
}

/**
 * Weights a traffic router splits between the primary and the canary.
 *
 * @public
 */
export interface TrafficWeights {
  primary: number;
  canary: number;
  mirror?: boolean;
}

/**
 * What a traffic router is told about the workload it routes for.
 *
 * @public
 */
export interface TrafficTarget {
  cluster: string;
  namespace: string;
  /** The service name; `<name>-primary` and `<name>-canary` exist beside it. */
  service: string;
  /** The provider-specific part of the rollout spec, as written in the repo. */
  spec: Record<string, unknown>;
}

/**
 * Shifts traffic between primary and canary through one provider's objects.
 *
 * @public
 */
export interface TrafficRouter {
  /** Provider name as written in a Canary's `spec.provider`, e.g. `istio`. */
  readonly provider: string;
  reconcile(target: TrafficTarget): Promise<void>;
  getWeights(target: TrafficTarget): Promise<TrafficWeights>;
  setWeights(target: TrafficTarget, weights: TrafficWeights): Promise<void>;
}

/**
 * Runs one metric query for a rollout check.
 *
 * @public
 */
export interface MetricProvider {
  /** Provider type as written in a MetricTemplate, e.g. `prometheus`. */
  readonly type: string;
  /** Returns the query's single value, or undefined when it returned no data. */
  query(
    query: string,
    options: { address?: string; signal?: AbortSignal },
  ): Promise<number | undefined>;
}

/**
 * An alert about a rollout, addressed to people.
 *
 * @public
 */
export interface RolloutAlert {
  severity: 'info' | 'warn' | 'error';
  app: string;
  message: string;
  fields?: Record<string, string>;
}

/**
 * Delivers rollout alerts to one chat or webhook provider.
 *
 * @public
 */
export interface AlertProvider {
  /** Provider type, e.g. `slack`. */
  readonly type: string;
  send(
    alert: RolloutAlert,
    options: { address: string; signal?: AbortSignal },
  ): Promise<void>;
}
