import type { LabelSelector, PodAffinity, PodSpec } from '../../kube/kubeTypes';
import type { SelectorLabel } from './selectorLabel';

/**
 * Points the pod spec's affinity and topology-spread selectors that name the
 * target's pods at the primary's pods instead, so a primary
 * pod spreads away from other primary pods rather than from canary pods.
 */
export function retargetPodSelectors(
  spec: PodSpec,
  selector: SelectorLabel,
): void {
  const rewrite = (labelSelector: LabelSelector | undefined) => {
    if (!labelSelector) return;
    const { matchLabels, matchExpressions } = labelSelector;
    if (matchLabels?.[selector.label] === selector.canary)
      matchLabels[selector.label] = selector.primary;
    for (const expression of matchExpressions ?? []) {
      if (expression.key !== selector.label || !expression.values) continue;
      expression.values = expression.values.map(value =>
        value === selector.canary ? selector.primary : value,
      );
    }
  };
  const affinity = (terms: PodAffinity | undefined) => {
    for (const term of terms?.requiredDuringSchedulingIgnoredDuringExecution ??
      [])
      rewrite(term.labelSelector);
    for (const weighted of terms?.preferredDuringSchedulingIgnoredDuringExecution ??
      []) {
      rewrite(weighted.podAffinityTerm?.labelSelector);
    }
  };
  affinity(spec.affinity?.podAffinity);
  affinity(spec.affinity?.podAntiAffinity);
  for (const constraint of spec.topologySpreadConstraints ?? [])
    rewrite(constraint.labelSelector);
}
