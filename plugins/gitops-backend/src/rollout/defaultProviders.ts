import type { Config } from '@backstage/config';
import { PROVIDERS } from '@internal/plugin-gitops-node';
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
 * The provider of rollout documents that name none: the cluster's own
 * (`slipway.clusters[].rollouts.defaultProvider`, the mesh Flagger runs with
 * there), else `slipway.rollouts.defaultProvider`, else the parser's
 * default. A fleet mixes meshes across clusters; Flagger is installed with
 * one per cluster. A name outside Flagger's providers stops the start-up.
 */
export function defaultProvidersOf(
  config: Config,
): Pick<ParseOptions, 'defaultProvider' | 'clusterProviders'> {
  const clusterProviders: Record<string, Provider> = {};
  const clusters = config.getOptionalConfigArray('slipway.clusters') ?? [];
  clusters.forEach((cluster, index) => {
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
  };
}
