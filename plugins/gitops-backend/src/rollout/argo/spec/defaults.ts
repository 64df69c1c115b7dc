/** Argo Rollouts' defaults (`utils/defaults/defaults.go`, v1.8.3) and its documentation's where they differ. */
export const argoDefaults = {
  replicas: 1,
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  successfulRunHistoryLimit: 5,
  unsuccessfulRunHistoryLimit: 5,
  /**
   * The documented 25 %. Argo's code holds the string "25", which its
   * fencepost arithmetic cannot read as a percentage; the documentation's
   * value is what users expect.
   */
  maxSurge: '25%',
  maxUnavailable: '25%',
  scaleDownDelaySeconds: 30,
  abortScaleDownDelaySeconds: 30,
  autoPromotionEnabled: true,
  maxTrafficWeight: 100,
  minPodsPerReplicaSet: 1,
  nginxAnnotationPrefix: 'nginx.ingress.kubernetes.io',
  gatewayApiInProgressLabel: {
    key: 'rollouts.argoproj.io/gatewayapi-canary',
    value: 'in-progress',
  },
} as const;
