import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ClusterApi, LiveChange, ObjectRef } from '../kube/ClusterApi';
import { nextChange } from '../kube/nextChange';
import { FIELD_MANAGER } from '../kube/fieldManagers';
import { ApiDiscovery, ResourceInfo, resourcePath } from './ApiDiscovery';
import { KubeApiError, secretValuesOf, toKubeApiError } from './KubeApiError';
import { KubeHttpClient } from './KubeHttpClient';
import { NamespaceAllowList } from './NamespaceAllowList';
import { WatchCache, WatchCacheOptions } from './WatchCache';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface ClusterOptions {
  /** Allowed namespaces; none when left out. */
  namespaces?: NamespaceAllowList;
  logger?: LoggerService;
  watch?: WatchCacheOptions;
}

const label = (ref: { kind: string; namespace?: string; name?: string }) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name ?? '(unnamed)'}`;

/**
 * One configured cluster: discovery, server-side apply as `slipway`, reads
 * and deletes against the API, and a watch cache for reads that must not
 * call it. Errors name the action, object and cluster, never credentials.
 */
export class Cluster implements ClusterApi {
  readonly name: string;
  readonly namespaces: NamespaceAllowList;
  readonly watchCache: WatchCache;
  readonly #http: KubeHttpClient;
  readonly #discovery: ApiDiscovery;

  constructor(name: string, kubeConfig: KubeConfig, options: ClusterOptions = {}) {
    this.name = name;
    this.namespaces = options.namespaces ?? new NamespaceAllowList([]);
    this.#http = new KubeHttpClient(kubeConfig);
    this.#discovery = new ApiDiscovery(this.#http, name);
    this.watchCache = new WatchCache(
      {
        clusterName: name,
        http: this.#http,
        resolveResource: (apiVersion, kind) => this.resolveResource(apiVersion, kind),
        namespaces: this.namespaces,
        logger: options.logger?.child({ cluster: name }),
      },
      options.watch,
    );
  }

  /** The API server URL (no credentials). */
  get server(): string {
    return this.#http.server;
  }

  /**
   * API requests made other than watches: discovery, lists (the cache's
   * included), gets, applies, dry runs, deletes.
   */
  get requests(): number {
    return this.#http.counts.requests;
  }

  /** Watch streams opened so far. */
  get watchRequests(): number {
    return this.#http.counts.watches;
  }

  resolveResource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    return this.#discovery.resolveResource(apiVersion, kind);
  }

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resolveResource(apiVersion, kind)).namespaced;
  }

  preferredVersion(group: string, kind: string): Promise<string> {
    return this.#discovery.preferredVersion(group, kind);
  }

  checkNamespace(namespace: string): void {
    this.namespaces.check(namespace, this.name);
  }

  /**
   * Server-side apply as field manager `slipway`; returns what the server
   * returns. `force` (default true) takes over fields other managers own, as
   * a GitOps engine must; `dryRun` runs admission and defaulting only.
   * Unknown fields are refused (`fieldValidation=Strict`), like kubectl does.
   * `as` impersonates a user (a project's ServiceAccount), so Kubernetes RBAC
   * judges the write as that user.
   */
  async apply(
    obj: KubernetesObject,
    options: { dryRun?: boolean; force?: boolean; fieldManager?: string; as?: string } = {},
  ): Promise<KubernetesObject> {
    const action = options.dryRun ? 'Dry run of' : 'Apply of';
    const ref = { ...obj.metadata, kind: obj.kind };
    const context = `${action} ${label(ref)} on cluster '${this.name}' failed`;
    try {
      const info = await this.resolveResource(obj.apiVersion, obj.kind);
      const namespace = this.#namespaceFor(info, obj.metadata.namespace, context);
      if (!obj.metadata.name) throw new KubeApiError('server-side apply needs metadata.name');
      // The server refuses managedFields in an apply body.
      const { managedFields: _ignored, ...metadata } = obj.metadata as KubernetesObject['metadata'] & {
        managedFields?: unknown;
      };
      return await this.#http.request('PATCH', resourcePath(info, namespace, obj.metadata.name), {
        query: {
          fieldManager: options.fieldManager ?? FIELD_MANAGER,
          force: options.force ?? true,
          fieldValidation: 'Strict',
          dryRun: options.dryRun ? 'All' : undefined,
        },
        body: { ...obj, metadata },
        contentType: 'application/apply-patch+yaml',
        impersonate: options.as,
      });
    } catch (error) {
      throw this.#fail(error, context, secretValuesOf(obj));
    }
  }

  /** The object as the API server has it now, or undefined. One request. */
  async get(ref: ObjectRef, options: { as?: string } = {}): Promise<KubernetesObject | undefined> {
    const context = `Get of ${label(ref)} on cluster '${this.name}' failed`;
    try {
      const info = await this.resolveResource(ref.apiVersion, ref.kind);
      const namespace = this.#namespaceFor(info, ref.namespace, context);
      return await this.#http.request('GET', resourcePath(info, namespace, ref.name), {
        impersonate: options.as,
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return undefined;
      throw this.#fail(error, context);
    }
  }

  /** Objects of a kind from the API server (all pages); prefer `listLive` in loops. */
  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string; as?: string } = {},
  ): Promise<KubernetesObject[]> {
    const where = options.namespace ? ` in ${options.namespace}` : '';
    const context = `List of ${kind}${where} on cluster '${this.name}' failed`;
    try {
      const info = await this.resolveResource(apiVersion, kind);
      const items: KubernetesObject[] = [];
      let next: string | undefined;
      do {
        const page: { items?: KubernetesObject[]; metadata?: { continue?: string } } = await this.#http.request(
          'GET',
          resourcePath(info, options.namespace),
          {
            query: { labelSelector: options.labelSelector, limit: 500, continue: next },
            impersonate: options.as,
          },
        );
        items.push(...(page.items ?? []).map(item => ({ ...item, apiVersion, kind })));
        next = page.metadata?.continue || undefined;
      } while (next);
      return items;
    } catch (error) {
      throw this.#fail(error, context);
    }
  }

  /**
   * Deletes an object; `Background` propagation by default. An object that
   * is already gone counts as deleted.
   */
  async delete(
    ref: ObjectRef,
    options: { propagationPolicy?: PropagationPolicy; as?: string } = {},
  ): Promise<void> {
    const context = `Delete of ${label(ref)} on cluster '${this.name}' failed`;
    try {
      const info = await this.resolveResource(ref.apiVersion, ref.kind);
      const namespace = this.#namespaceFor(info, ref.namespace, context);
      await this.#http.request('DELETE', resourcePath(info, namespace, ref.name), {
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: options.propagationPolicy ?? 'Background',
        },
        impersonate: options.as,
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) return;
      throw this.#fail(error, context);
    }
  }

  /** The live object from the watch cache (tracking its kind first). */
  async getLive(ref: ObjectRef): Promise<KubernetesObject | undefined> {
    await this.watchCache.track(ref.apiVersion, ref.kind);
    return this.watchCache.get(ref);
  }

  /** Live objects of a kind from the watch cache (tracking it first). */
  async listLive(
    apiVersion: string,
    kind: string,
    namespace?: string,
    ownerUid?: string,
  ): Promise<KubernetesObject[]> {
    await this.watchCache.track(apiVersion, kind);
    return this.watchCache.list({ apiVersion, kind, namespace, ownerUid });
  }

  nextChange(ids: string[], timeoutMs: number): LiveChange {
    return nextChange(listener => this.watchCache.onChange(listener), ids, timeoutMs);
  }

  /** Stops the watches and closes every connection. */
  async stop(): Promise<void> {
    await this.watchCache.stop();
    this.#http.close();
  }

  #namespaceFor(info: ResourceInfo, namespace: string | undefined, context: string): string | undefined {
    if (!info.namespaced) return undefined;
    if (!namespace) throw new KubeApiError(`${context}: ${info.kind} is namespaced but no namespace was given`);
    return namespace;
  }

  #fail(error: unknown, context: string, secretValues: string[] = []): Error {
    const apiError = toKubeApiError(error);
    return apiError.message.startsWith(context) ? apiError : apiError.withContext(context, secretValues);
  }
}
