import { KubeApiError } from './KubeApiError';
import { KubeHttpClient } from './KubeHttpClient';

/** How the API server serves one kind. */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** URL segment, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The API path of a kind's collection, or of one object when `name` is given. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/**
 * Which kinds the cluster serves, learnt per group-version and cached. A kind
 * missing from the cache triggers one fresh look-up of its group-version
 * before giving up, because CRDs install new kinds while Slipway runs.
 */
export class ApiDiscovery {
  readonly #byGroupVersion = new Map<string, Map<string, ResourceInfo>>();
  readonly #inFlight = new Map<string, Promise<Map<string, ResourceInfo>>>();
  #preferred?: Map<string, string>;

  constructor(
    private readonly http: KubeHttpClient,
    private readonly clusterName: string,
  ) {}

  async resolveResource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    if (!apiVersion || !kind) {
      throw new Error(`Cannot resolve a resource without apiVersion and kind (got '${apiVersion}' '${kind}')`);
    }
    const cached = this.#byGroupVersion.get(apiVersion)?.get(kind);
    if (cached) return cached;
    const kinds = await this.#load(apiVersion, kind);
    const found = kinds.get(kind);
    if (!found) {
      const known = [...kinds.keys()].sort();
      const shown = known.length > 20 ? `${known.slice(0, 20).join(', ')}, …` : known.join(', ');
      throw new Error(
        `Cluster '${this.clusterName}' serves no kind '${kind}' in ${apiVersion} (it serves: ${shown || 'nothing'})`,
      );
    }
    return found;
  }

  /** The apiVersion the cluster prefers for an API group (`''` = core, `v1`). */
  async preferredVersion(group: string, kind?: string): Promise<string> {
    if (!group) return 'v1';
    if (!this.#preferred?.has(group)) await this.#loadGroups();
    const version = this.#preferred?.get(group);
    if (!version) {
      throw new Error(
        `Cluster '${this.clusterName}' serves no API group '${group}'${kind ? ` (needed for ${kind})` : ''}`,
      );
    }
    return version;
  }

  /** Forgets everything, e.g. after CRDs were removed. */
  invalidate(): void {
    this.#byGroupVersion.clear();
    this.#preferred = undefined;
  }

  #load(apiVersion: string, kind: string): Promise<Map<string, ResourceInfo>> {
    // Concurrent misses on one group-version share a single request.
    const pending = this.#inFlight.get(apiVersion);
    if (pending) return pending;
    const load = this.#fetch(apiVersion, kind).finally(() => this.#inFlight.delete(apiVersion));
    this.#inFlight.set(apiVersion, load);
    return load;
  }

  async #fetch(apiVersion: string, kind: string): Promise<Map<string, ResourceInfo>> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    let list: { resources?: ApiResource[] };
    try {
      list = await this.http.request('GET', path);
    } catch (error) {
      if (error instanceof KubeApiError && error.statusCode === 404) {
        throw new Error(
          `Cluster '${this.clusterName}' serves no API ${apiVersion} (looking for kind '${kind}'); is its CRD installed?`,
        );
      }
      throw (error instanceof KubeApiError ? error : new KubeApiError(String(error))).withContext(
        `Discovery of ${apiVersion} on cluster '${this.clusterName}' failed`,
      );
    }
    const kinds = new Map<string, ResourceInfo>();
    for (const r of list.resources ?? []) {
      // `deployments/scale` and friends are subresources, not kinds of their own.
      if (r.name.includes('/')) continue;
      kinds.set(r.kind, { group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced });
    }
    this.#byGroupVersion.set(apiVersion, kinds);
    return kinds;
  }

  async #loadGroups(): Promise<void> {
    const list = await this.http
      .request<{ groups?: Array<{ name: string; preferredVersion?: { groupVersion: string }; versions: Array<{ groupVersion: string }> }> }>(
        'GET',
        '/apis',
      )
      .catch(error => {
        throw (error as KubeApiError).withContext(`Discovery of API groups on cluster '${this.clusterName}' failed`);
      });
    this.#preferred = new Map(
      (list.groups ?? []).map(g => [g.name, g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion]),
    );
  }
}
