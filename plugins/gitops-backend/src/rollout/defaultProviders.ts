import type { Config } from '@backstage/config';
import { PROVIDERS } from '@slipway/plugin-gitops-node';
import type { ParseOptions, Provider } from './spec';

/** The provider at `key`; `shown` is its full key in the app config, for the error. */
function providerAt(
  config: Config,
  key: string,
  shown = key,
): Provider | undefined {
  const value = config.getOptionalString(key);
  if (value === undefined) return undefined;
  if (!(PROVIDERS as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid configuration: ${shown} is '${value}'; expected one of ${PROVIDERS.join(
        ', ',
      )}`,
    );
  }
  return value as Provider;
}

/**
 * Per-cluster rollout settings. The provider of rollout documents that name none: the cluster's own
 * (`slipway.clusters[].rollouts.defaultProvider`, the mesh Flagger runs with
 * there), else `slipway.rollouts.defaultProvider`, else the parser's
 * default. A fleet mixes meshes across clusters; Flagger is installed with
 * one per cluster. A name outside Flagger's providers stops the start-up.
 * And the clusters where an Argo Rollouts controller, not Slipway, runs
 * Argo `Rollout`s.
 */
export function defaultProvidersOf(
  config: Config,
): Pick<
  ParseOptions,
  'defaultProvider' | 'clusterProviders' | 'argoControllerClusters'
> {
  const clusterProviders: Record<string, Provider> = {};
  const argoControllerClusters: string[] = [];
  const clusters = config.getOptionalConfigArray('slipway.clusters') ?? [];
  clusters.forEach((cluster, index) => {
    const runner = cluster.getOptionalString('rollouts.argoRollouts');
    if (runner !== undefined && runner !== 'slipway' && runner !== 'controller')
      throw new Error(
        `Invalid configuration: slipway.clusters[${index}].rollouts.argoRollouts is '${runner}'; expected slipway or controller`,
      );
    if (runner === 'controller')
      argoControllerClusters.push(cluster.getString('name'));
    const key = 'rollouts.defaultProvider';
    const provider = providerAt(
      cluster,
      key,
      `slipway.clusters[${index}].${key}`,
    );
    if (provider) clusterProviders[cluster.getString('name')] = provider;
  });
  return {
    defaultProvider: providerAt(config, 'slipway.rollouts.defaultProvider'),
    clusterProviders,
    argoControllerClusters,
  };
}
