import {
  ApisApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1APIResource,
} from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { KubernetesObject } from '@internal/plugin-gitops-node';
import { ClusterApi, ObjectRef } from '../sync/apply/ClusterApi';
import { kubeErrorCode, kubeErrorMessage } from './kubeErrors';
import { WatchCache } from './WatchCache';

export const FIELD_MANAGER = 'slipway';

// Exposes the client's discovery, which caches per apiVersion and asks the
// server again on a miss (CRDs appear at runtime).
class DiscoveringObjectApi extends KubernetesObjectApi {
  describe(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    return this.resource(apiVersion, kind);
  }
}

const label = (ref: ObjectRef) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** One configured cluster: discovery, server-side apply and a watch cache. */
export class KubeCluster implements ClusterApi {
  readonly #objects: DiscoveringObjectApi;
  readonly #apis: ApisApi;
  readonly #cache: WatchCache;
  #preferred?: Map<string, string>;
  /** Requests made outside the watches: dry runs, applies, deletes, discovery. */
  requests = 0;

  constructor(
    readonly name: string,
    kc: KubeConfig,
    private readonly namespaces: string[],
  ) {
    this.#objects = kc.makeApiClient(DiscoveringObjectApi);
    this.#apis = kc.makeApiClient(ApisApi);
    this.#cache = new WatchCache(kc, this.#objects);
  }

  get watchCache(): WatchCache {
    return this.#cache;
  }

  checkNamespace(namespace: string): void {
    if (this.namespaces.includes('*') || this.namespaces.includes(namespace)) return;
    throw new NotAllowedError(
      `Namespace '${namespace}' is not allowed on cluster '${this.name}' (allowed: ${
        this.namespaces.join(', ') || 'none'
      })`,
    );
  }

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.#resource(apiVersion, kind)).namespaced;
  }

  async preferredVersion(group: string, kind: string): Promise<string> {
    if (!group) return 'v1';
    const lookup = async () => {
      this.requests++;
      const groups = await this.#apis.getAPIVersions();
      this.#preferred = new Map(
        groups.groups.map(g => [g.name, g.preferredVersion?.groupVersion ?? g.versions[0].groupVersion]),
      );
    };
    if (!this.#preferred?.has(group)) await lookup();
    const version = this.#preferred?.get(group);
    if (!version) throw new Error(`The cluster '${this.name}' serves no API group '${group}' (for ${kind})`);
    return version;
  }

  async apply(obj: KubernetesObject, options: { dryRun?: boolean } = {}) {
    this.requests++;
    try {
      const { managedFields: _ignored, ...metadata } = obj.metadata;
      return (await this.#objects.patch(
        { ...obj, metadata },
        undefined,
        options.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      )) as KubernetesObject;
    } catch (error) {
      throw new Error(`${options.dryRun ? 'Dry run of' : 'Apply of'} ${label({ ...obj, ...obj.metadata })} failed: ${kubeErrorMessage(error)}`);
    }
  }

  async delete(ref: ObjectRef): Promise<void> {
    this.requests++;
    try {
      await this.#objects.delete(
        { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
    } catch (error) {
      if (kubeErrorCode(error) === 404) return;
      throw new Error(`Delete of ${label(ref)} failed: ${kubeErrorMessage(error)}`);
    }
  }

  async getLive(ref: ObjectRef): Promise<KubernetesObject | undefined> {
    await this.#track(ref.apiVersion, ref.kind);
    return this.#cache.get(ref.apiVersion, ref.kind, ref.name, ref.namespace);
  }

  async listLive(apiVersion: string, kind: string, namespace?: string) {
    await this.#track(apiVersion, kind);
    return this.#cache.list(apiVersion, kind, namespace);
  }

  async stop(): Promise<void> {
    await this.#cache.stop();
  }

  async #track(apiVersion: string, kind: string) {
    const resource = await this.#resource(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    await this.#cache.track(apiVersion, kind, `${base}/${resource.name}`);
  }

  async #resource(apiVersion: string, kind: string): Promise<V1APIResource> {
    let resource: V1APIResource | undefined;
    try {
      resource = await this.#objects.describe(apiVersion, kind);
    } catch (error) {
      throw new Error(`Cluster '${this.name}' cannot describe ${apiVersion} ${kind}: ${kubeErrorMessage(error)}`);
    }
    if (!resource) {
      throw new Error(`Cluster '${this.name}' serves no kind ${kind} in ${apiVersion}`);
    }
    return resource;
  }
}
