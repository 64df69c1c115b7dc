import { randomUUID } from 'node:crypto';
import { primaryConfigName } from './configCopies';
import { configKey, visitConfigRefs } from './configRefs';
import { copyableMetadata } from './copiedMetadata';
import type { Deployment } from '../../kube/kubeTypes';
import { retargetPodSelectors } from './podSelectors';
import type { SelectorLabel } from './selectorLabel';
import type { TrackedConfig } from './trackedConfigs';

/** Pod annotation changed on every promotion, so the primary rolls even when only configs changed (Flagger's `flagger-id`). */
export const ROLLOUT_ID_ANNOTATION = 'slipway.dev/rollout-id';

export interface PrimaryOptions {
  name: string;
  selector: SelectorLabel;
  /** Configs whose references point at their `-primary` copies. */
  configs: TrackedConfig[];
  /** Left out when an autoscaler decides (see primaryReplicas.ts). */
  replicas: number | undefined;
}

/**
 * `<target>-primary` as the rollout engine applies it: the target's labels,
 * annotations, rollout fields and pod template, with the selector label set
 * to `<value>-primary`, config references pointing at the primary's copies
 * and a fresh rollout id (docs/rollout-engine.md#objects-a-rollout-manages).
 */
export function primaryDeploymentOf(
  target: Deployment,
  options: PrimaryOptions,
): Deployment {
  const { selector } = options;
  const template = target.spec.template;
  const podSpec = structuredClone(template.spec);
  const tracked = new Set(options.configs.map(configKey));
  visitConfigRefs(podSpec, ref =>
    tracked.has(configKey(ref)) ? primaryConfigName(ref.name) : undefined,
  );
  retargetPodSelectors(podSpec, selector);

  const labels = copyableMetadata(target.metadata.labels);
  if (labels?.[selector.label] === selector.canary)
    labels[selector.label] = selector.primary;
  const {
    progressDeadlineSeconds,
    minReadySeconds,
    revisionHistoryLimit,
    strategy,
  } = target.spec;
  const spec: Deployment['spec'] = {
    selector: { matchLabels: { [selector.label]: selector.primary } },
    template: {
      metadata: {
        labels: {
          ...template.metadata?.labels,
          [selector.label]: selector.primary,
        },
        annotations: {
          ...template.metadata?.annotations,
          [ROLLOUT_ID_ANNOTATION]: randomUUID(),
        },
      },
      spec: podSpec,
    },
  };
  if (options.replicas !== undefined) spec.replicas = options.replicas;
  if (progressDeadlineSeconds !== undefined)
    spec.progressDeadlineSeconds = progressDeadlineSeconds;
  if (minReadySeconds !== undefined) spec.minReadySeconds = minReadySeconds;
  if (revisionHistoryLimit !== undefined)
    spec.revisionHistoryLimit = revisionHistoryLimit;
  if (strategy !== undefined) spec.strategy = strategy;

  const metadata: Deployment['metadata'] = {
    name: options.name,
    namespace: target.metadata.namespace,
  };
  if (labels) metadata.labels = labels;
  const annotations = copyableMetadata(target.metadata.annotations);
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}
