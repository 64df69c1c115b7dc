/**
 * Argo Rollouts' `Rollout` (`argoproj.io/v1alpha1`), read as-is.
 *
 * `parseArgoRollout` checks a document the way Argo's CRD and controller
 * (v1.8.3) do and returns a typed `ArgoRolloutSpec` with Argo's defaults,
 * or every problem as `path: message`. What Argo runs and Slipway does not
 * is an error, never a warning, so such a rollout is not run at all; each
 * message ends in "not supported by Slipway":
 *
 * - `experiment`, `setMirrorRoute` and `plugin` steps;
 * - the `alb`, `ambassador`, `appMesh` and `traefik` traffic routers, and
 *   traffic router plugins other than `argoproj-labs/gatewayAPI` (unless
 *   the caller lists them in `trafficRouterPlugins`);
 * - GRPC, TCP and TLS routes and route selectors of the Gateway API plugin;
 * - `pingPong`;
 * - a `workloadRef` to a ReplicaSet or PodTemplate (only a Deployment).
 *
 * Warnings are for what Argo accepts and ignores or rounds.
 */
export { parseArgoRollout } from './parse';
export { ARGO_API_VERSION, isArgoRolloutSpec } from './isArgoRolloutSpec';
export {
  argoEffectiveSteps,
  argoManagedServices,
  argoAnalysisTemplateUses,
  argoAnalysisTemplateNames,
  argoTrafficRouters,
} from './helpers';
export type {
  ArgoStepAction,
  ArgoServiceRole,
  ArgoAnalysisUse,
  ArgoAnalysisTemplateUse,
  ArgoTrafficRouter,
} from './helpers';
export { parseArgoPauseDuration } from './duration';
export { argoDefaults } from './defaults';
export { GATEWAY_API_PLUGIN } from './schema';
export * from './types';
