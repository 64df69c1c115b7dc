import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ClusterResolver } from '../kube/ClusterApi';
import { Cluster } from './Cluster';
import { ClusterConfigOptions, readClusterConfigs } from './clusterConfig';
import { WatchCacheOptions } from './WatchCache';

export interface ClusterRegistryOptions extends ClusterConfigOptions {
  logger?: LoggerService;
  watch?: WatchCacheOptions;
}

/**
 * The clusters of `slipway.clusters`, by name.
 *
 * A cluster without a `namespaces` list accepts no namespace at all: the
 * safe default, since a typo or a forgotten key must not open a whole
 * cluster. `['*']` opts into every namespace. A warning says so at startup.
 */
export class ClusterRegistry implements ClusterResolver {
  static fromConfig(config: Config, options: ClusterRegistryOptions = {}): ClusterRegistry {
    const clusters = readClusterConfigs(config, options).map(settings => {
      if (settings.namespacesMissing) {
        options.logger?.warn(
          `Cluster '${settings.name}' has no 'namespaces' list, so every namespace is refused; ` +
            `list the allowed namespaces, or ['*'] for all`,
        );
      }
      return new Cluster(settings.name, settings.kubeConfig, {
        namespaces: settings.namespaces,
        logger: options.logger,
        watch: options.watch,
      });
    });
    return new ClusterRegistry(clusters);
  }

  readonly #clusters: Map<string, Cluster>;

  constructor(clusters: Cluster[]) {
    this.#clusters = new Map(clusters.map(c => [c.name, c]));
  }

  get(name: string): Cluster {
    const cluster = this.#clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(`Cluster '${name}' is not configured (known: ${this.names().join(', ') || 'none'})`);
    }
    return cluster;
  }

  names(): string[] {
    return [...this.#clusters.keys()];
  }

  list(): Cluster[] {
    return [...this.#clusters.values()];
  }

  /** Throws a NotAllowedError unless the cluster exists and allows the namespace. */
  checkNamespace(cluster: string, namespace: string): void {
    this.get(cluster).checkNamespace(namespace);
  }

  async stop(): Promise<void> {
    await Promise.all(this.list().map(c => c.stop()));
  }
}
