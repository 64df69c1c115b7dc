import type { RolloutSpec } from './rolloutSpec';

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
 * Names one object in a cluster.
 *
 * @public
 */
export interface KubernetesObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * What the rollout engine and its routers may do in one cluster. Writes are
 * server-side applies under the rollout engine's own field manager, so they
 * never take fields from the sync engine's manifests.
 *
 * @public
 */
export interface RolloutCluster {
  readonly name: string;
  /**
   * The object as the API server has it, or undefined when it does not
   * exist. It may come from a watch cache, but never older than what this
   * cluster's own last read or write of it returned.
   */
  get(ref: KubernetesObjectRef): Promise<KubernetesObject | undefined>;
  /** Server-side apply of the fields given; returns the object the server stored. */
  apply(obj: KubernetesObject): Promise<KubernetesObject>;
  /** Deletes an object; an object already gone counts as deleted. */
  delete(ref: KubernetesObjectRef): Promise<void>;
  list(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<KubernetesObject[]>;
}

/**
 * Weights a traffic router splits between the primary and the canary; they
 * sum to 100. `mirror` also copies primary traffic to the canary.
 *
 * @public
 */
export interface TrafficWeights {
  primary: number;
  canary: number;
  mirror?: boolean;
}

/**
 * What a traffic router routes for: one rollout in one namespace. The apex
 * service is `spec.service.name`; `<apex>-primary` and `<apex>-canary` exist
 * beside it, created by the engine before the router is called.
 *
 * @public
 */
export interface TrafficTarget {
  cluster: RolloutCluster;
  namespace: string;
  spec: RolloutSpec;
}

/**
 * Shifts traffic between primary and canary through one provider's objects.
 *
 * @public
 */
export interface TrafficRouter {
  /**
   * Provider as written in a Canary's `spec.provider`, e.g. `istio`; a router
   * for `gatewayapi` also serves `gatewayapi:v1` and `gatewayapi:v1beta1`.
   */
  readonly provider: string;
  /**
   * Creates or updates the routing objects from the spec, keeping the weights
   * they carry now; newly created objects send all traffic to the primary.
   */
  reconcile(target: TrafficTarget): Promise<void>;
  getWeights(target: TrafficTarget): Promise<TrafficWeights>;
  setWeights(target: TrafficTarget, weights: TrafficWeights): Promise<void>;
  /** Removes what `reconcile` created, when a rollout is deleted. */
  finalize?(target: TrafficTarget): Promise<void>;
}

/**
 * Runs one metric query for a rollout check.
 *
 * @public
 */
export interface MetricProvider {
  /** Provider type as written in a MetricTemplate, e.g. `prometheus`. */
  readonly type: string;
  /**
   * Returns the query's single value, or undefined when it returned no data
   * (empty result or NaN). Throws with the backend's message on any error,
   * including more than one series.
   */
  query(
    query: string,
    options: {
      address: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    },
  ): Promise<number | undefined>;
}

/**
 * An alert about a rollout, addressed to people.
 *
 * @public
 */
export interface RolloutAlert {
  severity: 'info' | 'warn' | 'error';
  /** `<name>.<namespace>` of the rollout's target. */
  target: string;
  cluster: string;
  message: string;
  /** Title/value pairs shown under the message, in order. */
  fields?: Array<{ title: string; value: string }>;
}

/**
 * Where and as whom one alert provider posts.
 *
 * @public
 */
export interface AlertDestination {
  /** The provider's webhook URL. */
  address: string;
  channel?: string;
  username?: string;
  /** HTTP(S) proxy URL. */
  proxy?: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string;
  signal?: AbortSignal;
}

/**
 * Delivers rollout alerts to one chat or webhook provider.
 *
 * @public
 */
export interface AlertProvider {
  /** Provider type as written in an AlertProvider document, e.g. `slack`. */
  readonly type: string;
  /** Posts the alert; throws with the provider's answer on a non-2xx status. */
  send(alert: RolloutAlert, destination: AlertDestination): Promise<void>;
}
