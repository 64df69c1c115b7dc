import type {
  KubernetesObject,
  KubernetesObjectRef,
  SessionAffinitySpec,
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { AffinityCookies, nextAffinityCookies } from './sessionAffinity';
import {
  ALL_TO_PRIMARY,
  checkWeights,
  getRequired,
  Json,
} from './routerBasics';

/**
 * The one routing object a router keeps the weights in (a VirtualService,
 * an HTTPRoute, a canary copy of an Ingress or ApisixRoute): where it is,
 * how to write it at given weights, and how to read them back.
 */
export interface WeightedRoutingObject {
  ref(target: TrafficTarget): KubernetesObjectRef;
  /** The object at `weights`, handing out or expiring `cookies`. */
  build(
    target: TrafficTarget,
    weights: TrafficWeights,
    cookies: AffinityCookies,
  ): KubernetesObject | Promise<KubernetesObject>;
  weightsOf(live: Json, target: TrafficTarget): TrafficWeights;
  /** Only for objects that carry session-affinity cookies between ticks (docs/rollout-engine.md#session-affinity). */
  sessionAffinity?: {
    specOf(target: TrafficTarget): SessionAffinitySpec | undefined;
    cookiesOf(live: Json | undefined, target: TrafficTarget): AffinityCookies;
  };
}

/**
 * A router whose weights live in one routing object: reconcile rewrites it
 * from the spec keeping the weights (and cookies) it carries, setWeights
 * rewrites it at new weights, finalize deletes it.
 */
export abstract class WeightedObjectRouter implements TrafficRouter {
  abstract readonly provider: string;
  protected abstract readonly routing: WeightedRoutingObject;

  async reconcile(target: TrafficTarget): Promise<void> {
    const live = await target.cluster.get(this.routing.ref(target));
    const weights = live
      ? this.routing.weightsOf(live, target)
      : ALL_TO_PRIMARY;
    const cookies = this.routing.sessionAffinity?.cookiesOf(live, target) ?? {};
    await target.cluster.apply(
      await this.routing.build(target, weights, cookies),
    );
  }

  async getWeights(target: TrafficTarget): Promise<TrafficWeights> {
    const live = await getRequired(
      target,
      this.routing.ref(target),
      `the ${this.provider} router creates it on reconcile`,
    );
    return this.routing.weightsOf(live, target);
  }

  async setWeights(
    target: TrafficTarget,
    weights: TrafficWeights,
  ): Promise<void> {
    checkWeights(weights);
    const affinity = this.routing.sessionAffinity;
    const spec = affinity?.specOf(target);
    let cookies: AffinityCookies = {};
    if (affinity && spec) {
      const live = await target.cluster.get(this.routing.ref(target));
      cookies = nextAffinityCookies(
        spec,
        weights,
        affinity.cookiesOf(live, target),
      );
    }
    await target.cluster.apply(
      await this.routing.build(target, weights, cookies),
    );
  }

  async finalize(target: TrafficTarget): Promise<void> {
    await target.cluster.delete(this.routing.ref(target));
  }
}
