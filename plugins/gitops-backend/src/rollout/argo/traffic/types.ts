import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import type { OwnerReference } from '../replicas/types';
import type {
  ArgoRolloutSpec,
  ArgoTrafficRouter as ArgoTrafficRouterName,
  SetHeaderRoute,
} from '../spec';

/** A ReplicaSet as Istio's `updateHash` reads it, to hold back a switch to pods not yet available. */
export interface ArgoTrafficReplicaSet {
  podTemplateHash: string;
  /** `spec.replicas`. */
  replicas: number;
  /** `status.availableReplicas`. */
  availableReplicas: number;
}

/** One canary rollout's traffic, as its routers see it on one cluster. */
export interface ArgoTrafficContext {
  /** Reads, and applies under the rollout engine's field manager. */
  cluster: RolloutCluster;
  /** The rollout's namespace; routing objects live here unless the spec names another. */
  namespace: string;
  rolloutName: string;
  spec: ArgoRolloutSpec;
  /** `canary.stableService`; empty when the rollout names none (Istio subset-level splitting). */
  stableService: string;
  /** `canary.canaryService`; empty when the rollout names none. */
  canaryService: string;
  /** `rollouts-pod-template-hash` of the canary (newest) ReplicaSet; empty when there is none. */
  canaryHash: string;
  /** `rollouts-pod-template-hash` of the stable ReplicaSet; empty when there is none. */
  stableHash: string;
  /**
   * The Rollout's controller reference (`rolloutOwnerReference`), put on
   * the objects a router creates (the NGINX canary Ingress, the SMI
   * TrafficSplit, APISIX header routes) as Argo does, so they go when the
   * Rollout goes. Without it those objects carry no owner and count as the
   * rollout's while the rollout engine's field manager owns fields in them.
   */
  owner?: OwnerReference;
  /**
   * The rollout's ReplicaSets. Only Istio's `updateHash` reads them, and
   * only when the rollout names neither service: as Argo does, it leaves
   * the DestinationRule alone until the ReplicaSets taking traffic are
   * available.
   */
  replicaSets?: ArgoTrafficReplicaSet[];
}

/**
 * One of a canary's traffic routers (`trafficRouting.<router>`), doing
 * what Argo Rollouts v1.8.3's reconciler for it does (the Gateway API
 * plugin: argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi v0.15).
 * Shared routing objects (VirtualService, DestinationRule, ApisixRoute,
 * HTTPRoute) are changed by server-side apply of only the fields the
 * router sets, under the rollout engine's field manager; the objects a
 * router creates (canary Ingress, TrafficSplit, APISIX header routes) are
 * its own.
 */
export interface ArgoTrafficRouter {
  readonly kind: ArgoTrafficRouterName;
  /**
   * Sends `canaryWeight` (0..maxTrafficWeight) to the canary and the rest
   * to the stable, creating what Argo creates (the NGINX canary Ingress,
   * the SMI TrafficSplit). Fails, naming it, on a missing object or one
   * that does not route to the rollout's services.
   */
  setWeight(ctx: ArgoTrafficContext, canaryWeight: number): Promise<void>;
  /** Argo's `VerifyWeight`: whether the data plane took the weight; undefined when the router cannot tell. */
  verifyWeight(
    ctx: ArgoTrafficContext,
    canaryWeight: number,
  ): Promise<boolean | undefined>;
  /**
   * A `setHeaderRoute` step: requests matching the headers go to the
   * canary; an empty `match` removes the route. A no-op where Argo's
   * reconciler has none (NGINX, SMI).
   */
  setHeaderRoute(ctx: ArgoTrafficContext, route: SetHeaderRoute): Promise<void>;
  /** Removes every route `trafficRouting.managedRoutes` names; a no-op where Argo's is. */
  removeManagedRoutes(ctx: ArgoTrafficContext): Promise<void>;
  /**
   * Argo's `UpdateHash`: points what selects pods by hash at
   * `ctx.canaryHash` and `ctx.stableHash` (Istio's DestinationRule
   * subsets); a no-op for the others.
   */
  updateHash(ctx: ArgoTrafficContext): Promise<void>;
}
