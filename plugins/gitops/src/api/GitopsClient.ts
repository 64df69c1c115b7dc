import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditEvent,
  GitopsApp,
  GitopsOperation,
  GitopsRequest,
  gitopsRequestPath,
  GitopsResponse,
  gitopsRoutes,
  Page,
  RolloutAction,
  RolloutEvent,
  RolloutRun,
  RolloutRunDetails,
  RolloutStatus,
  RolloutSummary,
  SyncRun,
} from '@slipway/plugin-gitops-common';
import {
  AppDetails,
  FleetFilter,
  GitopsApi,
  RevertResponse,
  RunDetails,
  SyncOptions,
  OperationResponse,
} from './GitopsApi';

/**
 * Talks to the gitops backend plugin with the signed-in user's token. Routes,
 * parameters and answers are the REST API spec's, by operation.
 *
 * @public
 */
export class GitopsClient implements GitopsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  private readonly operationPollMs: number;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** How often a started operation is looked at until it ends (default 1000). */
    operationPollMs?: number;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.operationPollMs = options.operationPollMs ?? 1000;
  }

  async listApps(entity: CompoundEntityRef): Promise<GitopsApp[]> {
    const body = await this.call('listEntityApps', {
      path: entityParams(entity),
    });
    return body.items;
  }

  async listHistory(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<SyncRun>> {
    const { cluster, offset, limit } = options;
    return this.call('listHistory', {
      path: entityParams(entity),
      query: { cluster, offset, limit },
    });
  }

  async listAudit(
    entity: CompoundEntityRef,
    options: { cluster: string; offset?: number; limit?: number },
  ): Promise<Page<AuditEvent>> {
    const { cluster, offset, limit } = options;
    return this.call('listAudit', {
      path: entityParams(entity),
      query: { cluster, offset, limit },
    });
  }

  async getApp(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<AppDetails> {
    return this.call('getApp', { path: appParams(entity, cluster) });
  }

  async getRun(entity: CompoundEntityRef, runId: number): Promise<RunDetails> {
    return this.call('getRun', { path: { ...entityParams(entity), runId } });
  }

  async sync(
    entity: CompoundEntityRef,
    cluster: string,
    options: SyncOptions = {},
  ): Promise<OperationResponse> {
    const accepted = await this.call('syncApp', {
      path: appParams(entity, cluster),
      body: options,
    });
    return this.followOperation(entity, cluster, accepted);
  }

  async refresh(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<OperationResponse> {
    const accepted = await this.call('refreshApp', {
      path: appParams(entity, cluster),
      body: {},
    });
    return this.followOperation(entity, cluster, accepted);
  }

  async rollback(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<OperationResponse> {
    const accepted = await this.call('rollbackApp', {
      path: appParams(entity, cluster),
      body: { runId },
    });
    return this.followOperation(entity, cluster, accepted);
  }

  async unpin(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<OperationResponse> {
    const accepted = await this.call('unpinApp', {
      path: appParams(entity, cluster),
      body: {},
    });
    return this.followOperation(entity, cluster, accepted);
  }

  // The backend answers at once; whichever replica holds the app runs the
  // operation. Looks again until it ends.
  private async followOperation(
    entity: CompoundEntityRef,
    cluster: string,
    accepted: OperationResponse,
  ): Promise<OperationResponse> {
    let current = accepted;
    while (['Pending', 'Running'].includes(current.operation.status)) {
      await new Promise(resolve => setTimeout(resolve, this.operationPollMs));
      current = await this.call('getOperation', {
        path: {
          ...appParams(entity, cluster),
          operationId: current.operation.id,
        },
      });
    }
    return current;
  }

  async revert(
    entity: CompoundEntityRef,
    cluster: string,
    runId: number,
  ): Promise<RevertResponse> {
    return this.call('revertApp', {
      path: appParams(entity, cluster),
      body: { runId },
    });
  }

  async listFleetApps(filter: FleetFilter = {}): Promise<GitopsApp[]> {
    // An empty filter matches everything, so it is left out.
    const { cluster, syncStatus, healthStatus } = filter;
    const body = await this.call('listFleetApps', {
      query: {
        cluster: cluster || undefined,
        syncStatus: syncStatus || undefined,
        healthStatus: healthStatus || undefined,
      },
    });
    return body.items;
  }

  async listRollouts(
    entity: CompoundEntityRef,
    cluster: string,
  ): Promise<RolloutSummary[]> {
    const body = await this.call('listRollouts', {
      path: appParams(entity, cluster),
    });
    return body.items;
  }

  async listRolloutRuns(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    page?: { offset: number; limit: number },
  ): Promise<Page<RolloutRun>> {
    return this.call('listRolloutRuns', {
      path: { ...appParams(entity, cluster), rollout },
      query: { offset: page?.offset, limit: page?.limit },
    });
  }

  async getRolloutRun(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    runId: number,
  ): Promise<RolloutRunDetails> {
    return this.call('getRolloutRun', {
      path: { ...appParams(entity, cluster), rollout, runId: String(runId) },
    });
  }

  async listRolloutEvents(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    limit?: number,
  ): Promise<RolloutEvent[]> {
    const body = await this.call('listRolloutEvents', {
      path: { ...appParams(entity, cluster), rollout },
      query: { limit },
    });
    return body.items;
  }

  async controlRollout(
    entity: CompoundEntityRef,
    cluster: string,
    rollout: string,
    action: RolloutAction,
  ): Promise<RolloutStatus> {
    const body = await this.call('controlRollout', {
      path: { ...appParams(entity, cluster), rollout, action },
      body: {},
    });
    return body.status;
  }

  // One request of the spec: reads are plain GETs, writes post their JSON body.
  private async call<Op extends GitopsOperation>(
    operation: Op,
    request: GitopsRequest<Op>,
  ): Promise<GitopsResponse<Op>> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const url = `${baseUrl}${gitopsRequestPath(operation, request)}`;
    const { method } = gitopsRoutes[operation];
    const response =
      method === 'GET'
        ? await this.fetchApi.fetch(url)
        : await this.fetchApi.fetch(url, {
            method,
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify((request as { body?: unknown }).body ?? {}),
          });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as GitopsResponse<Op>;
  }
}

function entityParams(entity: CompoundEntityRef) {
  return {
    namespace: entity.namespace,
    kind: entity.kind.toLocaleLowerCase('en-US'),
    name: entity.name,
  };
}

function appParams(entity: CompoundEntityRef, cluster: string) {
  return { ...entityParams(entity), cluster };
}
