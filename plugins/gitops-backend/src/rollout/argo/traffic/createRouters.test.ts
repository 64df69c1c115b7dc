import {
  blueGreenDoc,
  canaryDoc,
  specOf,
} from '../spec/__testUtils__/documents';
import { createArgoTrafficRouters } from './createRouters';
import { ArgoSmiRouter } from './smiRouter';

describe('createArgoTrafficRouters', () => {
  it('makes one router per configured router, in the order Argo runs them', () => {
    const spec = specOf(
      canaryDoc({
        canaryService: 'web-canary',
        stableService: 'web-stable',
        trafficRouting: {
          plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } },
          apisix: { route: { name: 'web' } },
          smi: {},
          nginx: { stableIngress: 'web' },
          istio: { virtualService: { name: 'web' } },
        },
      }),
    );
    expect(createArgoTrafficRouters(spec).map(r => r.kind)).toEqual([
      'istio',
      'nginx',
      'smi',
      'apisix',
      'gatewayAPI',
    ]);
  });

  it('makes none without traffic routing or for a blue-green', () => {
    expect(createArgoTrafficRouters(specOf(canaryDoc({})))).toEqual([]);
    expect(
      createArgoTrafficRouters(specOf(blueGreenDoc({ activeService: 'web' }))),
    ).toEqual([]);
  });

  it('passes the SMI API version on', async () => {
    const spec = specOf(
      canaryDoc({
        canaryService: 'web-canary',
        stableService: 'web-stable',
        trafficRouting: { smi: {} },
      }),
    );
    const [router] = createArgoTrafficRouters(spec, {
      smiApiVersion: 'v1alpha2',
    });
    expect(router).toBeInstanceOf(ArgoSmiRouter);
    const applied: any[] = [];
    await router.setWeight(
      {
        cluster: {
          name: 'fake',
          get: async () => undefined,
          apply: async obj => {
            applied.push(obj);
            return obj;
          },
          delete: async () => undefined,
          list: async () => [],
        },
        namespace: 'shop',
        rolloutName: 'web',
        spec,
        stableService: 'web-stable',
        canaryService: 'web-canary',
        canaryHash: 'c',
        stableHash: 's',
      },
      5,
    );
    expect(applied[0].apiVersion).toBe('split.smi-spec.io/v1alpha2');
    expect(applied[0].spec.backends).toEqual([
      { service: 'web-canary', weight: 5 },
      { service: 'web-stable', weight: 95 },
    ]);
  });
});
