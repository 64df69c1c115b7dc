import {
  canaryDoc,
  errorsOf,
  istioCanary,
  nginxCanary,
  specOf,
} from './__testUtils__/documents';
import { argoTrafficRouters } from './helpers';

/*
 * What Argo Rollouts runs and Slipway does not (yet): refused as errors, so
 * the rollout is not run half-understood, each message naming the field and
 * saying it is Slipway, not the YAML.
 */

const ROUTERS =
  'Slipway routes traffic with nginx, istio, apisix, smi or the argoproj-labs/gatewayAPI plugin';

describe('features Slipway does not run', () => {
  it('refuses experiment, setMirrorRoute and plugin steps', () => {
    expect(
      errorsOf(
        canaryDoc(
          istioCanary(
            {
              steps: [
                {
                  experiment: { templates: [{ name: 'b', specRef: 'stable' }] },
                },
                { setMirrorRoute: { name: 'm', percentage: 10 } },
                { plugin: { name: 'example', config: { key: 'value' } } },
              ],
            },
            { managedRoutes: [{ name: 'm' }] },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].experiment: experiment steps are not supported by Slipway',
      'spec.strategy.canary.steps[1].setMirrorRoute: traffic mirroring (setMirrorRoute) is not supported by Slipway',
      'spec.strategy.canary.steps[2].plugin: step plugins are not supported by Slipway',
    ]);
  });

  it('refuses traffic routers other than nginx, istio, apisix, smi and the Gateway API plugin', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            {},
            {
              alb: { ingress: 'web', servicePort: 80 },
              ambassador: { mappings: ['web'] },
              appMesh: { virtualService: { name: 'web' } },
              traefik: { weightedTraefikServiceName: 'web' },
            },
          ),
        ),
      ),
    ).toEqual([
      `spec.strategy.canary.trafficRouting.alb: the AWS ALB traffic router is not supported by Slipway; ${ROUTERS}`,
      `spec.strategy.canary.trafficRouting.ambassador: the Ambassador traffic router is not supported by Slipway; ${ROUTERS}`,
      `spec.strategy.canary.trafficRouting.appMesh: the AWS App Mesh traffic router is not supported by Slipway; ${ROUTERS}`,
      `spec.strategy.canary.trafficRouting.traefik: the Traefik traffic router is not supported by Slipway; ${ROUTERS}`,
    ]);
  });

  it('refuses other traffic router plugins', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            {},
            { plugins: { 'argoproj-labs/contour': { httpProxy: 'web' } } },
          ),
        ),
      ),
    ).toEqual([
      `spec.strategy.canary.trafficRouting.plugins.argoproj-labs/contour: traffic router plugin "argoproj-labs/contour" is not supported by Slipway; ${ROUTERS}`,
    ]);
  });

  it('accepts another plugin the caller says it runs, keeping its configuration', () => {
    const spec = specOf(
      canaryDoc(
        nginxCanary(
          {},
          { plugins: { 'argoproj-labs/contour': { httpProxy: 'web' } } },
        ),
      ),
      { trafficRouterPlugins: ['argoproj-labs/contour'] },
    );
    expect(
      spec.strategy.kind === 'canary' &&
        spec.strategy.trafficRouting?.otherPlugins,
    ).toEqual({ 'argoproj-labs/contour': { httpProxy: 'web' } });
    expect(argoTrafficRouters(spec)).toEqual([
      'nginx',
      'plugin:argoproj-labs/contour',
    ]);
  });

  it('refuses ping-pong services', () => {
    expect(
      errorsOf(
        canaryDoc(
          istioCanary({
            canaryService: undefined,
            stableService: undefined,
            pingPong: { pingService: 'ping', pongService: 'pong' },
          }),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.pingPong: ping-pong services (pingPong) are not supported by Slipway; use canaryService and stableService',
    ]);
  });

  it('refuses Gateway API routes other than HTTPRoutes, and route discovery', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            {},
            {
              nginx: undefined,
              plugins: {
                'argoproj-labs/gatewayAPI': {
                  httpRoute: 'web',
                  grpcRoute: 'web',
                  tcpRoutes: [{ name: 'web' }],
                  httpRouteSelector: { matchLabels: { app: 'web' } },
                },
              },
            },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI.grpcRoute: GRPCRoutes are not supported by Slipway, only HTTPRoutes (httpRoute, httpRoutes)',
      'spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI.tcpRoutes: TCPRoutes are not supported by Slipway, only HTTPRoutes (httpRoute, httpRoutes)',
      'spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI.httpRouteSelector: route discovery by label is not supported by Slipway; name the routes in httpRoutes',
    ]);
  });

  it('reports them beside structural errors, all at once', () => {
    expect(
      errorsOf(
        canaryDoc(
          { steps: [{ setWeight: 'ten' }, { experiment: {} }] },
          { replicas: 'two' },
        ),
      ),
    ).toEqual([
      'spec.replicas: must be a number, got string',
      'spec.strategy.canary.steps[0].setWeight: must be a number, got string',
      'spec.strategy.canary.steps[1].experiment: experiment steps are not supported by Slipway',
    ]);
  });
});
