import type { SemanticRefusal } from './compareVerdicts';

/**
 * The refusals Slipway may make although Flagger's CRD schema lets the
 * document through: each is a check Flagger's controller makes too, when it
 * reconciles the Canary (github.com/fluxcd/flagger, pkg/router), so such a
 * document never rolls out under Flagger either. Slipway makes them when it
 * reads the document, naming the field. Any other refusal of a document the
 * schema accepts is a mismatch. Keep the list this small.
 *
 * At v1.36.1 no corpus document needs one: every document Flagger's CRD
 * accepts, Slipway accepts too (the test prints how many each entry
 * explained).
 */
export const FLAGGER_SEMANTIC_REFUSALS: SemanticRefusal[] = [
  {
    message: /^spec\.ingressRef: required for provider (nginx|skipper)$/,
    reason:
      'pkg/router/ingress.go and skipper.go: Reconcile fails with "ingress selector is empty"',
  },
  {
    message: /^spec\.routeRef: required for provider apisix$/,
    reason:
      'pkg/router/apisix.go: Reconcile fails with "apisix route selector is empty"',
  },
  {
    message:
      /^spec\.service\.gatewayRefs: required for provider gatewayapi:v1(beta1)?$/,
    reason:
      'pkg/router/gateway_api.go and gateway_api_v1beta1.go: Reconcile fails with "GatewayRefs must be specified when using Gateway API as a provider."',
  },
];
