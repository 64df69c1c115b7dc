import { builtinTrafficRouters, selectTrafficRouter } from '.';

describe('selectTrafficRouter', () => {
  const routers = builtinTrafficRouters();

  it('ships the kubernetes, istio, nginx, apisix and gatewayapi routers', () => {
    expect(routers.map(router => router.provider)).toEqual([
      'kubernetes',
      'istio',
      'nginx',
      'apisix',
      'gatewayapi',
    ]);
  });

  it('prefers the exact provider, then the part before the colon', () => {
    const exact = { ...routers[4], provider: 'gatewayapi:v1beta1' };
    const withExact = [...routers, exact];
    expect(selectTrafficRouter(withExact, 'gatewayapi:v1beta1')).toBe(exact);
    expect(selectTrafficRouter(withExact, 'gatewayapi:v1')?.provider).toBe(
      'gatewayapi',
    );
    expect(selectTrafficRouter(routers, 'gatewayapi')?.provider).toBe(
      'gatewayapi',
    );
    expect(selectTrafficRouter(routers, 'istio')?.provider).toBe('istio');
  });

  it('finds none for providers Slipway does not route yet', () => {
    for (const provider of [
      'contour',
      'traefik',
      'linkerd',
      'smi:v1alpha3',
      'appmesh:v1beta2',
    ]) {
      expect(selectTrafficRouter(routers, provider)).toBeUndefined();
    }
  });
});
