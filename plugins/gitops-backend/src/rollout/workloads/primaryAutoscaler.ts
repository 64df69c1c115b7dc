import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { copyableMetadata } from './copiedMetadata';
import { workloadId, workloadNames } from './targetWorkload';
import type { RolloutTarget } from './types';

interface HorizontalPodAutoscaler extends KubernetesObject {
  spec: {
    minReplicas?: number;
    scaleTargetRef: unknown;
    [key: string]: unknown;
  };
}

/** The HorizontalPodAutoscaler `spec.autoscalerRef` names, or undefined when the rollout has none. */
export async function findAutoscaler(
  target: RolloutTarget,
): Promise<HorizontalPodAutoscaler | undefined> {
  const ref = target.spec.autoscalerRef;
  if (!ref) return undefined;
  const kind = ref.kind ?? 'HorizontalPodAutoscaler';
  if (kind !== 'HorizontalPodAutoscaler')
    throw new Error(`${kind} autoscalers are not supported yet`);
  // Any served HPA version reads as autoscaling/v2, the version the copy is written in.
  const hpa = await target.cluster.get({
    apiVersion: 'autoscaling/v2',
    kind,
    namespace: target.namespace,
    name: ref.name,
  });
  if (!hpa) {
    throw new Error(
      `HorizontalPodAutoscaler ${workloadId(
        ref.name,
        target.namespace,
      )} named in autoscalerRef not found`,
    );
  }
  return hpa as HorizontalPodAutoscaler;
}

/** Creates or refreshes `<hpa>-primary`: the autoscaler's spec, scaling `<target>-primary`. */
export async function applyPrimaryAutoscaler(
  target: RolloutTarget,
): Promise<void> {
  const hpa = await findAutoscaler(target);
  if (!hpa) return;
  const copy: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: `${hpa.metadata.name}-primary`,
      namespace: target.namespace,
    },
    spec: {
      ...hpa.spec,
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: workloadNames(target).primary,
      },
    },
  };
  const labels = copyableMetadata(hpa.metadata.labels);
  const annotations = copyableMetadata(hpa.metadata.annotations);
  if (labels) copy.metadata.labels = labels;
  if (annotations) copy.metadata.annotations = annotations;
  await target.cluster.apply(copy);
}
