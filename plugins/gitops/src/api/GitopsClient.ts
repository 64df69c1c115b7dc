import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { GitopsApp, Page, SyncRun } from '@internal/plugin-gitops-common';
import { GitopsApi } from './GitopsApi';

/**
 * Talks to the gitops backend plugin with the signed-in user's token.
 *
 * @public
 */
export class GitopsClient implements GitopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listApps(entity: CompoundEntityRef): Promise<GitopsApp[]> {
    const body = await this.request<{ items: GitopsApp[] }>(
      `${entityPath(entity)}/apps`,
    );
    return body.items;
  }

  async listHistory(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<SyncRun>> {
    const query = new URLSearchParams({ cluster: options.cluster });
    if (options.offset !== undefined) query.set('offset', `${options.offset}`);
    if (options.limit !== undefined) query.set('limit', `${options.limit}`);
    return this.request(`${entityPath(entity)}/history?${query}`);
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  const parts = [entity.namespace, entity.kind.toLocaleLowerCase('en-US'), entity.name];
  return `/entities/${parts.map(encodeURIComponent).join('/')}`;
}
