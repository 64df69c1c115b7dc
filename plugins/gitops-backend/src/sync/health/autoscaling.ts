import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  apiGroup,
  Condition,
  getAnnotations,
  getConditions,
  toConditions,
} from './fields';
import { HealthAssessment } from './types';

/** autoscaling/v1 has no conditions field; the controller keeps them here as JSON. */
const V1_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

/** Condition reasons that mean the HPA cannot do its job. */
const DEGRADED_REASONS: Record<string, readonly string[]> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: [
    'FailedGetResourceMetric',
    'FailedGetObjectMetric',
    'FailedGetPodsMetric',
    'FailedGetExternalMetric',
    'FailedGetContainerResourceMetric',
    'FailedComputeMetricsReplicas',
    'InvalidSelector',
    'InvalidMetricSourceType',
  ],
};

const HEALTHY_TYPES = ['AbleToScale', 'ScalingLimited'];

const WAITING: HealthAssessment = {
  status: 'Progressing',
  message: 'Waiting to Autoscale',
};

function hpaConditions(obj: KubernetesObject): Condition[] | Error {
  if (
    apiGroup(obj.apiVersion) === 'autoscaling' &&
    obj.apiVersion.endsWith('/v1')
  ) {
    const raw = getAnnotations(obj)[V1_CONDITIONS_ANNOTATION];
    if (raw === undefined) {
      return [];
    }
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? toConditions(parsed) : [];
    } catch {
      return new Error(
        `annotation ${V1_CONDITIONS_ANNOTATION} is not valid JSON`,
      );
    }
  }
  return getConditions(obj);
}

/**
 * HorizontalPodAutoscaler. A failing condition anywhere wins over a healthy
 * one, so `AbleToScale=True` cannot hide `ScalingActive` metric failures.
 */
export function horizontalPodAutoscalerHealth(
  obj: KubernetesObject,
): HealthAssessment {
  const conditions = hpaConditions(obj);
  if (conditions instanceof Error) {
    return { status: 'Unknown', message: conditions.message };
  }
  const degraded = conditions.find(c =>
    DEGRADED_REASONS[c.type]?.includes(c.reason ?? ''),
  );
  if (degraded) {
    return {
      status: 'Degraded',
      message: degraded.message || `${degraded.type}: ${degraded.reason}`,
    };
  }
  const healthy = conditions.find(
    c => HEALTHY_TYPES.includes(c.type) && c.status === 'True',
  );
  if (healthy) {
    return {
      status: 'Healthy',
      message:
        healthy.message || `${healthy.type}: ${healthy.reason ?? 'True'}`,
    };
  }
  return WAITING;
}
