import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterResolver } from '../sync/AppReconciler';
import { KubeCluster } from './KubeCluster';

/** The clusters of `slipway.clusters`, by name. */
export class ClusterRegistry implements ClusterResolver {
  static fromConfig(config: Config): ClusterRegistry {
    const entries = config.getOptionalConfigArray('slipway.clusters') ?? [];
    const clusters = entries.map(entry => {
      const name = entry.getString('name');
      // A cluster without an allow-list accepts no namespace: delivering
      // everywhere must be asked for with ['*'].
      const namespaces = entry.getOptionalStringArray('namespaces') ?? [];
      return new KubeCluster(name, kubeConfigOf(entry, name), namespaces);
    });
    const names = clusters.map(c => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new InputError(`slipway.clusters names '${duplicate}' twice`);
    return new ClusterRegistry(clusters);
  }

  readonly #clusters: Map<string, KubeCluster>;

  constructor(clusters: KubeCluster[]) {
    this.#clusters = new Map(clusters.map(c => [c.name, c]));
  }

  get(name: string): KubeCluster {
    const cluster = this.#clusters.get(name);
    if (!cluster) {
      throw new NotFoundError(
        `Cluster '${name}' is not configured (known: ${[...this.#clusters.keys()].join(', ') || 'none'})`,
      );
    }
    return cluster;
  }

  list(): KubeCluster[] {
    return [...this.#clusters.values()];
  }

  async stop(): Promise<void> {
    await Promise.all(this.list().map(c => c.stop()));
  }
}

function kubeConfigOf(entry: Config, name: string): KubeConfig {
  const kc = new KubeConfig();
  const auth = entry.getOptionalString('auth') ?? (entry.has('kubeconfigPath') ? 'kubeconfig' : 'token');
  if (auth === 'kubeconfig') {
    kc.loadFromFile(entry.getString('kubeconfigPath'));
    const context = entry.getOptionalString('kubeconfigContext');
    if (context) {
      if (!kc.getContextObject(context)) {
        throw new InputError(`slipway.clusters '${name}': kubeconfig has no context '${context}'`);
      }
      kc.setCurrentContext(context);
    }
  } else if (auth === 'inCluster') {
    kc.loadFromCluster();
  } else if (auth === 'token') {
    const ca = entry.getOptionalString('caData');
    kc.loadFromOptions({
      clusters: [
        {
          name,
          server: entry.getString('url'),
          // The client wants base64; config may hold the PEM itself.
          caData: ca?.includes('-----BEGIN') ? Buffer.from(ca).toString('base64') : ca,
          skipTLSVerify: false,
        },
      ],
      users: [{ name, token: entry.getString('token') }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
  } else {
    throw new InputError(`slipway.clusters '${name}': auth must be token, kubeconfig or inCluster, got '${auth}'`);
  }
  return kc;
}
