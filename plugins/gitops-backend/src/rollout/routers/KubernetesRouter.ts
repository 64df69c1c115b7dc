import type {
  TrafficRouter,
  TrafficTarget,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';
import { ownedByRolloutEngine } from './ownedFields';
import { checkWeights, getRequired, Json, serviceNames } from './routerBasics';

/** Labels that tell an app's pods apart, tried in Flagger's order (docs/rollout-engine.md#objects-a-rollout-manages). */
const SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

const serviceRef = (target: TrafficTarget, name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  namespace: target.namespace,
  name,
});

/**
 * The selector label and the target's value for it: from `<apex>-primary`'s
 * selector (`<value>-primary`), else from the target's matchLabels.
 */
async function selectorOf(
  target: TrafficTarget,
): Promise<{ label: string; value: string }> {
  const { cluster, namespace, spec } = target;
  const primaryName = serviceNames(target).primary;
  const primary: Json = await cluster.get(serviceRef(target, primaryName));
  const primarySelector: Record<string, string> = primary?.spec?.selector ?? {};
  for (const label of SELECTOR_LABELS) {
    const value = primarySelector[label];
    if (value?.endsWith('-primary'))
      return { label, value: value.slice(0, -'-primary'.length) };
  }
  const { kind, name } = spec.targetRef;
  const workload: Json = await cluster.get({
    apiVersion: spec.targetRef.apiVersion ?? 'apps/v1',
    kind,
    namespace,
    name,
  });
  const matchLabels: Record<string, string> =
    workload?.spec?.selector?.matchLabels ?? {};
  for (const label of SELECTOR_LABELS) {
    if (matchLabels[label]) return { label, value: matchLabels[label] };
  }
  throw new Error(
    `no selector label (${SELECTOR_LABELS.join(
      ', ',
    )}) found in Service ${namespace}/${primaryName} spec.selector or ${kind} ${namespace}/${name} spec.selector.matchLabels`,
  );
}

/**
 * No routing object: the apex Service selects either the primary's or the
 * canary's pods, so traffic moves all at once. This is blue/green without a
 * mesh; a split in between cannot be expressed and is refused.
 */
export class KubernetesRouter implements TrafficRouter {
  readonly provider = 'kubernetes';

  /** Nothing to create: the services code puts the apex on the primary when it adopts it. */
  async reconcile(_target: TrafficTarget): Promise<void> {}

  async getWeights(target: TrafficTarget): Promise<TrafficWeights> {
    const { apex } = serviceNames(target);
    const service: Json = await getRequired(
      target,
      serviceRef(target, apex),
      'the rollout engine creates the apex Service before routing',
    );
    const { label, value } = await selectorOf(target);
    const selected = service.spec?.selector?.[label];
    if (selected === `${value}-primary`) return { primary: 100, canary: 0 };
    if (selected === value) return { primary: 0, canary: 100 };
    throw new Error(
      `Service ${
        target.namespace
      }/${apex} selects neither the primary (${label}=${value}-primary) nor the canary (${label}=${value}): ${JSON.stringify(
        service.spec?.selector ?? {},
      )}`,
    );
  }

  async setWeights(
    target: TrafficTarget,
    weights: TrafficWeights,
  ): Promise<void> {
    checkWeights(weights);
    if (weights.primary !== 100 && weights.canary !== 100) {
      throw new Error(
        `the kubernetes provider switches all traffic at once; asked for ${weights.primary}/${weights.canary}`,
      );
    }
    const { apex } = serviceNames(target);
    const live = await getRequired(
      target,
      serviceRef(target, apex),
      'the rollout engine creates the apex Service before routing',
    );
    const { label, value } = await selectorOf(target);
    const owned: Json = ownedByRolloutEngine(live);
    await target.cluster.apply({
      ...owned,
      spec: {
        ...owned.spec,
        selector: {
          [label]: weights.primary === 100 ? `${value}-primary` : value,
        },
      },
    });
  }
}
