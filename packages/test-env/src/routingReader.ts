import {
  ApiException,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
} from '@kubernetes/client-node';
import {
  ALL_TO_PRIMARY,
  RoutingProvider,
  Weights,
  weightsFromApisixRoute,
  weightsFromCanaryIngress,
  weightsFromHttpRoute,
  weightsFromVirtualService,
} from './routingWeights';

/** Which routing object decides an app's split. */
export interface RoutingSource {
  provider: RoutingProvider;
  /**
   * Object name; by default the one Slipway's router writes: VirtualService
   * / HTTPRoute `<service>`, Ingress `<ingress>-canary`, ApisixRoute
   * `<route>-<service>-canary`.
   */
  name?: string;
  /** Custom resource version; defaults: Istio `v1beta1`, APISIX `v2`, Gateway API `v1`. */
  version?: string;
}

export interface RoutedApp {
  namespace: string;
  service: string;
  ingress: string;
  route: string;
}

const CUSTOM_RESOURCES = {
  istio: {
    group: 'networking.istio.io',
    version: 'v1beta1',
    plural: 'virtualservices',
  },
  apisix: { group: 'apisix.apache.org', version: 'v2', plural: 'apisixroutes' },
  gatewayapi: {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'httproutes',
  },
} as const;

export function defaultObjectName(
  source: RoutingSource,
  app: RoutedApp,
): string {
  if (source.name) return source.name;
  switch (source.provider) {
    case 'nginx':
      return `${app.ingress}-canary`;
    case 'apisix':
      return `${app.route}-${app.service}-canary`;
    default:
      return app.service;
  }
}

/**
 * True when the object itself is missing. A 404 for an unserved resource
 * type (CRD not installed) has no Status naming the object and must fail.
 */
function isObjectNotFound(error: unknown, name: string): boolean {
  if (!(error instanceof ApiException) || error.code !== 404) return false;
  let body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return false;
    }
  }
  return (body as { details?: { name?: string } })?.details?.name === name;
}

/** Reads routing objects from a cluster and turns them into weights. */
export class RoutingReader {
  private readonly customObjects: CustomObjectsApi;
  private readonly networking: NetworkingV1Api;

  constructor(kubeconfigPath: string) {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfigPath);
    this.customObjects = config.makeApiClient(CustomObjectsApi);
    this.networking = config.makeApiClient(NetworkingV1Api);
  }

  /** A missing object means no split is in place: all traffic to primary. */
  async read(source: RoutingSource, app: RoutedApp): Promise<Weights> {
    const name = defaultObjectName(source, app);
    const namespace = app.namespace;
    try {
      if (source.provider === 'nginx') {
        const ingress = await this.networking.readNamespacedIngress({
          name,
          namespace,
        });
        return weightsFromCanaryIngress(ingress);
      }
      const resource = CUSTOM_RESOURCES[source.provider];
      const object = await this.customObjects.getNamespacedCustomObject({
        group: resource.group,
        version: source.version ?? resource.version,
        plural: resource.plural,
        namespace,
        name,
      });
      switch (source.provider) {
        case 'istio':
          return weightsFromVirtualService(object, app.service);
        case 'apisix':
          return weightsFromApisixRoute(object, app.service);
        default:
          return weightsFromHttpRoute(object, app.service);
      }
    } catch (error) {
      if (isObjectNotFound(error, name)) return ALL_TO_PRIMARY;
      throw new Error(
        `Cannot read ${source.provider} routing object ${namespace}/${name}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
