import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditEvent,
  GitopsApp,
  Page,
  RolloutAction,
  RolloutEvent,
  RolloutRun,
  RolloutRunDetails,
  RolloutStatus,
  RolloutSummary,
  SyncRun,
} from '@internal/plugin-gitops-common';
import {
  AppDetails,
  AppResponse,
  FleetFilter,
  GitopsApi,
  RevertResponse,
  RunDetails,
  SyncOptions,
  SyncResponse,
} from './GitopsApi';

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

  async listAudit(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<AuditEvent>> {
    const query = new URLSearchParams({ cluster: options.cluster });
    if (options.offset !== undefined) query.set('offset', `${options.offset}`);
    if (options.limit !== undefined) query.set('limit', `${options.limit}`);
    return this.request(`${entityPath(entity)}/audit?${query}`);
  }

  async getApp(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<AppDetails> {
    return this.request(appPath(entity, cluster));
  }

  async getRun(entity: CompoundEntityRef, runId: number): Promise<RunDetails> {
    return this.request(
      `${entityPath(entity)}/runs/${encodeURIComponent(runId)}`,
    );
  }

  async sync(
    entity: CompoundEntityRef,
    cluster: string,
    options: SyncOptions = {},
  ): Promise<SyncResponse> {
    return this.post(`${appPath(entity, cluster)}/sync`, options);
  }

  async refresh(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<AppResponse> {
    return this.post(`${appPath(entity, cluster)}/refresh`, {});
  }

  async rollback(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<SyncResponse> {
    return this.post(`${appPath(entity, cluster)}/rollback`, { runId });
  }

  async unpin(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<AppResponse> {
    return this.post(`${appPath(entity, cluster)}/unpin`, {});
  }

  async revert(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<RevertResponse> {
    return this.post(`${appPath(entity, cluster)}/revert`, { runId });
  }

  async listFleetApps(filter: FleetFilter = {}): Promise<GitopsApp[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value) query.set(key, value);
    }
    const suffix = query.size ? `?${query}` : '';
    const body = await this.request<{ items: GitopsApp[] }>(`/apps${suffix}`);
    return body.items;
  }

  async listRollouts(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<RolloutSummary[]> {
    const body = await this.request<{ items: RolloutSummary[] }>(
      `${appPath(entity, cluster)}/rollouts`,
    );
    return body.items;
  }

  async listRolloutRuns(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    page?: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>> {
    const query = page
      ? `?${new URLSearchParams({
          offset: `${page.offset}`,
          limit: `${page.limit}`,
        })}`
      : '';
    return this.request(
      `${rolloutPath(entity, cluster, rollout)}/runs${query}`,
    );
  }

  async getRolloutRun(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    runId: number,
  ): Promise<RolloutRunDetails> {
    return this.request(
      `${rolloutPath(entity, cluster, rollout)}/runs/${encodeURIComponent(
        runId,
      )}`,
    );
  }

  async listRolloutEvents(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    limit?: number,
  ): Promise<RolloutEvent[]> {
    const query =
      limit === undefined ? '' : `?limit=${encodeURIComponent(limit)}`;
    const body = await this.request<{ items: RolloutEvent[] }>(
      `${rolloutPath(entity, cluster, rollout)}/events${query}`,
    );
    return body.items;
  }

  async controlRollout(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus> {
    const body = await this.post<{ status: RolloutStatus }>(
      `${rolloutPath(entity, cluster, rollout)}/${encodeURIComponent(action)}`,
      {},
    );
    return body.status;
  }

  private async post<T>(path: string, body: object): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  const parts = [
    entity.namespace,
    entity.kind.toLocaleLowerCase('en-US'),
    entity.name,
  ];
  return `/entities/${parts.map(encodeURIComponent).join('/')}`;
}

function appPath(entity: CompoundEntityRef, cluster: string): string {
  return `${entityPath(entity)}/apps/${encodeURIComponent(cluster)}`;
}

function rolloutPath(
  entity: CompoundEntityRef,
  cluster: string,
  rollout: string,
): string {
  return `${appPath(entity, cluster)}/rollouts/${encodeURIComponent(rollout)}`;
}
