import { applyConfigCopies } from './configCopies';
import type { Deployment } from '../../kube/kubeTypes';
import { deploymentReadiness } from './deploymentReadiness';
import { applyPrimaryAutoscaler, findAutoscaler } from './primaryAutoscaler';
import { primaryDeploymentOf } from './primaryDeployment';
import { primaryReplicas } from './primaryReplicas';
import { selectorLabelOf } from './selectorLabel';
import { ensureServices } from './services';
import { fnv32aHex, stableJson } from './stableHash';
import {
  assertSupportedTarget,
  findTarget,
  getDeployment,
  requireTarget,
  workloadId,
  workloadNames,
} from './targetWorkload';
import { loadTrackedConfigs, trackedConfigsRecord } from './trackedConfigs';
import type { Readiness, RolloutTarget, Workloads } from './types';

/** Applies `<target>-primary` from the target with refreshed config copies and a new rollout id. */
async function applyPrimary(
  target: RolloutTarget,
  deployment: Deployment,
): Promise<void> {
  const selector = selectorLabelOf(deployment);
  const configs = await loadTrackedConfigs(
    target,
    deployment.spec.template.spec,
  );
  await applyConfigCopies(target, configs);
  await target.cluster.apply(
    primaryDeploymentOf(deployment, {
      name: workloadNames(target).primary,
      selector,
      configs,
      replicas: await primaryReplicas(target, deployment),
    }),
  );
  await applyPrimaryAutoscaler(target);
}

async function readiness(
  target: RolloutTarget,
  name: string,
  prefix: string,
  readyThreshold: number,
): Promise<Readiness> {
  assertSupportedTarget(target);
  const deployment = await getDeployment(target, name);
  if (!deployment) {
    return {
      ready: false,
      retriable: false,
      message: `${prefix}deployment ${workloadId(
        name,
        target.namespace,
      )} not found`,
    };
  }
  const state = deploymentReadiness(deployment, {
    deadlineSeconds: target.spec.progressDeadlineSeconds,
    readyThreshold,
    now: new Date(),
  });
  return state.ready
    ? state
    : { ...state, message: `${prefix}${state.message}` };
}

/** The replicas a target scaled up runs: the primary's, else the autoscaler's minimum, else 1. */
async function scaleUpReplicas(target: RolloutTarget): Promise<number> {
  const primary = await getDeployment(target, workloadNames(target).primary);
  if (primary?.spec.replicas) return primary.spec.replicas;
  const hpa = await findAutoscaler(target);
  return hpa?.spec.minReplicas ?? 1;
}

/**
 * The workloads side of a rollout for Deployment targets
 * (docs/rollout-engine.md#objects-a-rollout-manages): everything goes through `target.cluster`, so every write is a
 * server-side apply of only the fields the rollout engine owns.
 */
export function createWorkloads(): Workloads {
  return {
    async revision(target) {
      const deployment = await findTarget(target);
      if (!deployment) return undefined;
      const configs = await loadTrackedConfigs(
        target,
        deployment.spec.template.spec,
      );
      return {
        hash: fnv32aHex(stableJson(deployment.spec.template)),
        trackedConfigs: trackedConfigsRecord(configs),
      };
    },

    ensureServices: target => ensureServices(target),

    async ensurePrimary(target) {
      const deployment = await requireTarget(target);
      const primary = await getDeployment(
        target,
        workloadNames(target).primary,
      );
      if (!primary) await applyPrimary(target, deployment);
      else await applyPrimaryAutoscaler(target);
    },

    primaryReadiness(target) {
      const { primary } = workloadNames(target);
      const prefix = `${workloadId(primary, target.namespace)} not ready: `;
      return readiness(
        target,
        primary,
        prefix,
        target.spec.analysis.primaryReadyThreshold,
      );
    },

    canaryReadiness(target) {
      const name = target.spec.targetRef.name;
      const prefix = `canary deployment ${workloadId(
        name,
        target.namespace,
      )} not ready: `;
      return readiness(
        target,
        name,
        prefix,
        target.spec.analysis.canaryReadyThreshold,
      );
    },

    async scaleTarget(target, to) {
      const deployment = await requireTarget(target);
      const replicas = to === 'zero' ? 0 : await scaleUpReplicas(target);
      await target.cluster.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: deployment.metadata.name,
          namespace: target.namespace,
        },
        spec: { replicas },
      });
    },

    async promote(target) {
      await applyPrimary(target, await requireTarget(target));
    },
  };
}
