import type {
  CustomMetadata,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import type { ServicePort } from '../../kube/kubeTypes';
import { selectorLabelOf, type SelectorLabel } from './selectorLabel';
import { servicePorts } from './servicePorts';
import { requireTarget, workloadNames } from './targetWorkload';
import type { RolloutTarget } from './types';

function serviceOf(
  target: RolloutTarget,
  name: string,
  selector: Record<string, string>,
  ports: ServicePort[],
  custom: CustomMetadata,
): KubernetesObject {
  const metadata: KubernetesObject['metadata'] = {
    name,
    namespace: target.namespace,
  };
  if (Object.keys(custom.labels).length) metadata.labels = custom.labels;
  if (Object.keys(custom.annotations).length)
    metadata.annotations = custom.annotations;
  // No type: a new Service is ClusterIP, an existing apex keeps the type git gave it.
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector, ports },
  };
}

/**
 * The value the apex selects. For every provider but `kubernetes` the apex
 * always selects the primary. The kubernetes router shifts traffic by moving
 * the apex selector between primary and canary, so here it is only set when
 * the apex is new or selects neither (e.g. as git wrote it with other labels).
 * The current value is always sent: the router applies under the same field
 * manager, and leaving the selector out would delete it.
 */
async function apexSelectorValue(
  target: RolloutTarget,
  selector: SelectorLabel,
): Promise<string> {
  if (target.spec.provider !== 'kubernetes') return selector.primary;
  const apex = await target.cluster.get({
    apiVersion: 'v1',
    kind: 'Service',
    namespace: target.namespace,
    name: workloadNames(target).apex,
  });
  const current = (
    apex?.spec as { selector?: Record<string, string> } | undefined
  )?.selector?.[selector.label];
  return current === selector.primary || current === selector.canary
    ? current
    : selector.primary;
}

/** Applies `<svc>-primary`, `<svc>-canary` and the apex `<svc>` (docs/rollout-engine.md#objects-a-rollout-manages). */
export async function ensureServices(target: RolloutTarget): Promise<void> {
  const deployment = await requireTarget(target);
  const selector = selectorLabelOf(deployment);
  const ports = servicePorts(
    target.spec.service,
    deployment.spec.template.spec,
  );
  const names = workloadNames(target);
  const { service } = target.spec;
  const apexValue = await apexSelectorValue(target, selector);
  const { cluster } = target;
  await cluster.apply(
    serviceOf(
      target,
      names.primaryService,
      { [selector.label]: selector.primary },
      ports,
      service.primary,
    ),
  );
  await cluster.apply(
    serviceOf(
      target,
      names.canaryService,
      { [selector.label]: selector.canary },
      ports,
      service.canary,
    ),
  );
  await cluster.apply(
    serviceOf(
      target,
      names.apex,
      { [selector.label]: apexValue },
      ports,
      service.apex,
    ),
  );
}
