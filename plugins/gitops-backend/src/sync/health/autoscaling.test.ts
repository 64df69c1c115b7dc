import { withPatch } from '../__fixtures__/merge';
import { horizontalPodAutoscaler } from '../__fixtures__/resources';
import { horizontalPodAutoscalerHealth } from './autoscaling';

const failingMetrics = [
  {
    type: 'AbleToScale',
    status: 'True',
    reason: 'SucceededGetScale',
    message: "the HPA controller was able to get the target's current scale",
  },
  {
    type: 'ScalingActive',
    status: 'False',
    reason: 'FailedGetResourceMetric',
    message:
      'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
  },
];

describe('horizontalPodAutoscalerHealth', () => {
  it('is Healthy when able to scale', () => {
    expect(horizontalPodAutoscalerHealth(horizontalPodAutoscaler)).toEqual({
      status: 'Healthy',
      message: 'recommended size matches current size',
    });
  });

  it('is Degraded when metrics fail, even if AbleToScale is True', () => {
    const hpa = withPatch(horizontalPodAutoscaler, {
      status: { conditions: failingMetrics, currentMetrics: null },
    });
    expect(horizontalPodAutoscalerHealth(hpa)).toEqual({
      status: 'Degraded',
      message: failingMetrics[1].message,
    });
  });

  it.each([
    ['AbleToScale', 'FailedGetScale'],
    ['AbleToScale', 'FailedUpdateScale'],
    ['ScalingActive', 'FailedGetExternalMetric'],
    ['ScalingActive', 'FailedGetPodsMetric'],
    ['ScalingActive', 'FailedGetObjectMetric'],
    ['ScalingActive', 'FailedComputeMetricsReplicas'],
    ['ScalingActive', 'InvalidSelector'],
  ])('is Degraded for %s/%s', (type, reason) => {
    const hpa = withPatch(horizontalPodAutoscaler, {
      status: {
        conditions: [{ type, status: 'False', reason, message: reason }],
      },
    });
    expect(horizontalPodAutoscalerHealth(hpa).status).toBe('Degraded');
  });

  it('is Healthy when only ScalingLimited is True', () => {
    const hpa = withPatch(horizontalPodAutoscaler, {
      status: {
        conditions: [
          {
            type: 'ScalingLimited',
            status: 'True',
            reason: 'TooManyReplicas',
            message:
              'the desired replica count is more than the maximum replica count',
          },
        ],
      },
    });
    expect(horizontalPodAutoscalerHealth(hpa).status).toBe('Healthy');
  });

  it('is Progressing before the controller wrote conditions', () => {
    const fresh = withPatch(horizontalPodAutoscaler, {
      status: {
        conditions: null,
        currentMetrics: null,
        desiredReplicas: 0,
        currentReplicas: 0,
      },
    });
    expect(horizontalPodAutoscalerHealth(fresh)).toEqual({
      status: 'Progressing',
      message: 'Waiting to Autoscale',
    });
  });

  it('reads autoscaling/v1 conditions from their annotation', () => {
    const v1 = withPatch(horizontalPodAutoscaler, {
      apiVersion: 'autoscaling/v1',
      spec: { metrics: null, targetCPUUtilizationPercentage: 70 },
      status: {
        conditions: null,
        currentMetrics: null,
        currentCPUUtilizationPercentage: 12,
      },
      metadata: {
        annotations: {
          'autoscaling.alpha.kubernetes.io/conditions':
            JSON.stringify(failingMetrics),
        },
      },
    });
    expect(horizontalPodAutoscalerHealth(v1).status).toBe('Degraded');
    const noAnnotation = withPatch(v1, { metadata: { annotations: null } });
    expect(horizontalPodAutoscalerHealth(noAnnotation).status).toBe(
      'Progressing',
    );
    const broken = withPatch(v1, {
      metadata: {
        annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '[{' },
      },
    });
    expect(horizontalPodAutoscalerHealth(broken).status).toBe('Unknown');
  });
});
