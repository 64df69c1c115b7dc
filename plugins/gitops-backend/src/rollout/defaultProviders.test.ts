import { ConfigReader } from '@backstage/config';
import { defaultProvidersOf } from './defaultProviders';

const config = (slipway: object) => new ConfigReader({ slipway });

describe('defaultProvidersOf', () => {
  it('reads the global default and each cluster’s own', () => {
    expect(
      defaultProvidersOf(
        config({
          rollouts: { defaultProvider: 'nginx' },
          clusters: [
            { name: 'mesh', rollouts: { defaultProvider: 'linkerd' } },
            { name: 'edge' },
          ],
        }),
      ),
    ).toEqual({
      defaultProvider: 'nginx',
      clusterProviders: { mesh: 'linkerd' },
      argoControllerClusters: [],
    });
    expect(defaultProvidersOf(config({}))).toEqual({
      defaultProvider: undefined,
      clusterProviders: {},
      argoControllerClusters: [],
    });
  });

  it('lists the clusters whose own Argo Rollouts controller runs Argo Rollouts, and refuses another value', () => {
    const clusters = [
      { name: 'legacy', rollouts: { argoRollouts: 'controller' } },
      { name: 'new', rollouts: { argoRollouts: 'slipway' } },
      { name: 'other' },
    ];
    expect(
      defaultProvidersOf(config({ clusters })).argoControllerClusters,
    ).toEqual(['legacy']);
    expect(() =>
      defaultProvidersOf(
        config({ clusters: [{ name: 'x', rollouts: { argoRollouts: 'argo' } }] }),
      ),
    ).toThrow(
      "Invalid configuration: slipway.clusters[0].rollouts.argoRollouts is 'argo'; expected slipway or controller",
    );
  });

  it('refuses a provider Flagger does not know, naming the key', () => {
    expect(() =>
      defaultProvidersOf(
        config({
          clusters: [{ name: 'mesh', rollouts: { defaultProvider: 'linkrd' } }],
        }),
      ),
    ).toThrow(
      "Invalid configuration: slipway.clusters[0].rollouts.defaultProvider is 'linkrd'; expected one of apisix,",
    );
    expect(() =>
      defaultProvidersOf(config({ rollouts: { defaultProvider: 'mesh' } })),
    ).toThrow(/slipway\.rollouts\.defaultProvider is 'mesh'/);
  });
});
