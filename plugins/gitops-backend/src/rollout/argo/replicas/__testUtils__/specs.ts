import type {
  ArgoRolloutSpec,
  BlueGreenStrategy,
  CanaryStep,
  CanaryStrategy,
  TrafficRouting,
} from '../../spec';

/**
 * Specs built field by field with Argo's defaults, as `parseArgoRollout`
 * returns them, so a test states only what it is about (and may use
 * values the parser would refuse, as Argo's own unit tests do).
 */
const base = (replicas: number): Omit<ArgoRolloutSpec, 'strategy'> => ({
  source: {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    name: 'web',
    namespace: 'shop',
  },
  replicas,
  selector: { matchLabels: { app: 'web' }, matchExpressions: [] },
  template: {
    metadata: { labels: { app: 'web' }, annotations: {} },
    spec: { containers: [{ name: 'web', image: 'web:1' }] },
  },
  minReadySeconds: 0,
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  progressDeadlineAbort: false,
  paused: false,
  analysis: { successfulRunHistoryLimit: 5, unsuccessfulRunHistoryLimit: 5 },
});

/** Traffic routing through one nginx Ingress, `maxTrafficWeight` 100. */
export const routing = (
  fields: Partial<TrafficRouting> = {},
): TrafficRouting => ({
  nginx: {
    stableIngresses: ['web'],
    annotationPrefix: 'nginx.ingress.kubernetes.io',
    additionalIngressAnnotations: {},
    canaryIngressAnnotations: {},
  },
  otherPlugins: {},
  managedRoutes: [],
  maxTrafficWeight: 100,
  ...fields,
});

export function canarySpec(
  replicas: number,
  canary: Partial<Omit<CanaryStrategy, 'kind'>> = {},
  spec: Partial<ArgoRolloutSpec> = {},
): ArgoRolloutSpec {
  const routed = canary.trafficRouting !== undefined;
  return {
    ...base(replicas),
    ...spec,
    strategy: {
      kind: 'canary',
      steps: [],
      maxSurge: '25%',
      maxUnavailable: '25%',
      scaleDownDelaySeconds: routed ? 30 : 0,
      abortScaleDownDelaySeconds: 30,
      dynamicStableScale: false,
      minPodsPerReplicaSet: 1,
      ...canary,
    },
  };
}

/** A canary whose only step sets `weight` (and `setCanaryScale`, if given), as Argo's `newRollout` test helper builds it. */
export function oneStepCanary(
  replicas: number,
  weight: number,
  canary: Partial<Omit<CanaryStrategy, 'kind'>> = {},
  step: Partial<CanaryStep> = {},
): ArgoRolloutSpec {
  return canarySpec(replicas, {
    steps: [{ setWeight: weight, ...step }],
    ...canary,
  });
}

export function blueGreenSpec(
  replicas: number,
  blueGreen: Partial<Omit<BlueGreenStrategy, 'kind'>> = {},
  spec: Partial<ArgoRolloutSpec> = {},
): ArgoRolloutSpec {
  return {
    ...base(replicas),
    ...spec,
    strategy: {
      kind: 'blueGreen',
      activeService: 'web-active',
      autoPromotionEnabled: true,
      autoPromotionSeconds: 0,
      maxUnavailable: '25%',
      scaleDownDelaySeconds: 30,
      abortScaleDownDelaySeconds: 30,
      ...blueGreen,
    },
  };
}

/** Counts of a ReplicaSet: `replicas` in its spec, `available` of them available. */
export const rs = (replicas: number, available: number = replicas) => ({
  replicas,
  availableReplicas: available,
});
