import type { RolloutTarget } from './types';
import type { Deployment } from '../../kube/kubeTypes';

/** Names of the objects one rollout works with (docs/rollout-engine.md#objects-a-rollout-manages). */
export interface WorkloadNames {
  target: string;
  primary: string;
  apex: string;
  primaryService: string;
  canaryService: string;
}

export function workloadNames(target: RolloutTarget): WorkloadNames {
  const { targetRef, service } = target.spec;
  return {
    target: targetRef.name,
    primary: `${targetRef.name}-primary`,
    apex: service.name,
    primaryService: `${service.name}-primary`,
    canaryService: `${service.name}-canary`,
  };
}

/** `<name>.<namespace>`, the way Flagger names workloads in messages. */
export const workloadId = (name: string, namespace: string) =>
  `${name}.${namespace}`;

/** Only Deployment targets have a workloads implementation so far. */
export function assertSupportedTarget(target: RolloutTarget): void {
  const { kind } = target.spec.targetRef;
  if (kind !== 'Deployment')
    throw new Error(`${kind} targets are not supported yet`);
}

export async function getDeployment(
  target: RolloutTarget,
  name: string,
): Promise<Deployment | undefined> {
  const found = await target.cluster.get({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: target.namespace,
    name,
  });
  return found as Deployment | undefined;
}

/** The target Deployment, or undefined when it does not exist. */
export async function findTarget(
  target: RolloutTarget,
): Promise<Deployment | undefined> {
  assertSupportedTarget(target);
  return getDeployment(target, target.spec.targetRef.name);
}

/** The target Deployment; throws when it does not exist. */
export async function requireTarget(
  target: RolloutTarget,
): Promise<Deployment> {
  const found = await findTarget(target);
  if (!found) {
    throw new Error(
      `Deployment ${workloadId(
        target.spec.targetRef.name,
        target.namespace,
      )} not found`,
    );
  }
  return found;
}
