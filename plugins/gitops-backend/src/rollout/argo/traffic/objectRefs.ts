import type { KubernetesObjectRef } from '@slipway/plugin-gitops-node';

/** `Kind namespace/name`, as messages name an object. */
export const refLabel = (ref: KubernetesObjectRef) =>
  `${ref.kind} ${ref.namespace}/${ref.name}`;

/** The error for a routing object the rollout names and the cluster lacks. */
export const notFoundError = (ref: KubernetesObjectRef, field: string) => () =>
  new Error(`${refLabel(ref)} not found (named in ${field})`);

/** Runs `fn`, prefixing what it throws with the object it was working on. */
export function about<T>(ref: KubernetesObjectRef, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${refLabel(ref)}: ${(error as Error).message}`);
  }
}
