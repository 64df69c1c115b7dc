import type { Deployment } from '../../kube/kubeTypes';

/** Labels that identify an app's pods, in the order Flagger tries them (docs/rollout-engine.md#objects-a-rollout-manages). */
export const SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

/** The label the primary and canary services select on, and its values for each side. */
export interface SelectorLabel {
  label: string;
  /** The target's (canary's) pods. */
  canary: string;
  /** The primary's pods: `<value>-primary`. */
  primary: string;
}

export function selectorLabelOf(deployment: Deployment): SelectorLabel {
  const matchLabels = deployment.spec.selector?.matchLabels ?? {};
  const label = SELECTOR_LABELS.find(key => matchLabels[key] !== undefined);
  if (!label) {
    const { namespace, name } = deployment.metadata;
    throw new Error(
      `${namespace}/${name}: selector labels ${SELECTOR_LABELS.slice(
        0,
        -1,
      ).join(', ')} or ${SELECTOR_LABELS.at(
        -1,
      )} not found in spec.selector.matchLabels`,
    );
  }
  const value = matchLabels[label];
  return { label, canary: value, primary: `${value}-primary` };
}
