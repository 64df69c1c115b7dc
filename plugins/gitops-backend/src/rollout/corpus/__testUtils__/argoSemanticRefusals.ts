import type { SemanticRefusal } from './compareVerdicts';

/**
 * Checks Argo Rollouts' controller makes on a Rollout the CRD schema lets
 * through (github.com/argoproj/argo-rollouts v1.8.3,
 * `pkg/apis/rollouts/validation/validation.go`, `ValidateRolloutSpec` and
 * `ValidateRolloutStrategyCanary`): the controller sets such a Rollout's
 * `InvalidSpec` condition and never rolls it out. Slipway makes them when
 * it reads the document, naming the field.
 */
const ARGO_CONTROLLER_REFUSALS: SemanticRefusal[] = [
  {
    message: /^spec\.selector: required \(or set spec\.workloadRef\)$/,
    reason:
      'ValidateRolloutSpec: without workloadRef, field.Required(spec.selector, "Rollout has missing field \'.spec.selector\'")',
  },
  {
    message: /^spec\.template: required \(or set spec\.workloadRef\)$/,
    reason:
      'ValidateRolloutSpec: without workloadRef, ValidatePodTemplateSpecForReplicaSet on the empty template refuses it (spec.template.spec.containers: Required value; spec.template.metadata.labels must match the selector)',
  },
  {
    message:
      /^spec\.strategy\.canary\.maxSurge: maxSurge and maxUnavailable cannot both be 0$/,
    reason:
      'ValidateRolloutStrategyCanary: InvalidMaxSurgeMaxUnavailable, "MaxSurge and MaxUnavailable both can not be zero"',
  },
];

/**
 * Features Argo runs and Slipway does not, refused by name as
 * `parseArgoRollout` (argo/spec/index.ts) and `parseAnalysisTemplate`
 * (argo/analysis/parseAnalysisTemplate.ts) document: Argo accepts such a
 * document, Slipway will not run half of it.
 */
const NOT_RUN_BY_SLIPWAY: SemanticRefusal[] = [
  {
    message:
      /^spec\.strategy\.canary\.steps\[\d+\]\.(experiment: experiment steps|plugin: step plugins|setMirrorRoute: traffic mirroring \(setMirrorRoute\)) (are|is) not supported by Slipway$/,
    reason:
      'Slipway does not run experiment, step plugin or setMirrorRoute steps (argo/spec/index.ts)',
  },
  {
    message:
      /^spec\.strategy\.canary\.trafficRouting\.(alb|ambassador|appMesh|traefik|plugins\.[^:]+): (the .+ traffic router|traffic router plugin "[^"]+") is not supported by Slipway; /,
    reason:
      'Slipway routes traffic with nginx, istio, apisix, smi and the argoproj-labs/gatewayAPI plugin only (argo/spec/index.ts)',
  },
  {
    message:
      /^spec\.strategy\.canary\.trafficRouting\.plugins\.argoproj-labs\/gatewayAPI\.[a-zA-Z]+: (GRPCRoutes|TCPRoutes|TLSRoutes|route discovery by label) (are|is) not supported by Slipway/,
    reason:
      'Slipway routes HTTPRoutes named in the Gateway API plugin only (argo/spec/index.ts)',
  },
  {
    message:
      /^spec\.workloadRef\.kind: (ReplicaSet|PodTemplate) workloads are not supported by Slipway, only apps\/v1 Deployment$/,
    reason:
      'Slipway reads a workloadRef pod template from a Deployment only (argo/spec/index.ts)',
  },
  {
    message:
      /^spec\.strategy\.canary\.pingPong: ping-pong services \(pingPong\) are not supported by Slipway; /,
    reason: 'Slipway does not run ping-pong services (argo/spec/index.ts)',
  },
  {
    message:
      /^spec\.metrics\[\d+\]\.provider\.[^:]+: Slipway does not run .+ metrics; it runs prometheus and web$/,
    reason:
      'Slipway measures with the prometheus and web providers only (argo/analysis/parseAnalysisTemplate.ts)',
  },
  {
    message:
      /^spec\.metrics\[\d+\]\.provider\.(prometheus|web)\.authentication\.(oauth2: Slipway does not run the OAuth2 client-credentials flow|sigv4: Slipway does not sign requests with AWS SigV4)/,
    reason:
      'Slipway sends no OAuth2 client-credentials or SigV4-signed requests (argo/analysis/checkProvider.ts)',
  },
];

/**
 * The refusals Slipway may make although Argo Rollouts' CRD schema lets
 * the document through: the controller's own checks, and the features
 * Slipway does not run. Any other refusal of a document the schema accepts
 * is a mismatch. Keep the list this small (the test prints how many
 * documents each entry explained).
 */
export const ARGO_SEMANTIC_REFUSALS: SemanticRefusal[] = [
  ...ARGO_CONTROLLER_REFUSALS,
  ...NOT_RUN_BY_SLIPWAY,
];
