import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  GitopsApp,
  Page,
  RolloutRun,
  RolloutRunDetails,
  RolloutSummary,
  SyncOperation,
  SyncRun,
} from '@slipway/plugin-gitops-common';

/** Replicas that may answer, in the order to try them; refreshed on every call. */
export type ReplicaUrls = () => string[];

/** An answer that was not 2xx, with its body for the failure message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what} answered ${status}: ${body.slice(0, 500)}`);
  }
}

const CALL_TIMEOUT_MS = 30_000;

/**
 * Slipway's REST API as the portal calls it, authenticated as a user the
 * way the backend tests authenticate, on any running replica: a replica
 * killed mid-call is no failure of the API, so the call goes to the next.
 */
export class GitopsApi {
  readonly #auth = mockCredentials.user.header('user:default/guest');
  #next = 0;

  constructor(private readonly replicas: ReplicaUrls) {}

  async #call<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
    const urls = this.replicas();
    if (!urls.length) throw new Error('no replica is running');
    let lastError: unknown;
    for (let i = 0; i < urls.length; i++) {
      const url = urls[(this.#next + i) % urls.length];
      let res: Response;
      try {
        res = await fetch(`${url}/api/gitops${path}`, {
          method,
          headers: {
            Authorization: this.#auth,
            ...(body === undefined
              ? {}
              : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
      } catch (error) {
        // Connection refused or reset: that replica is gone; ask another.
        lastError = error;
        continue;
      }
      this.#next = (this.#next + 1) % urls.length;
      const text = await res.text();
      if (!res.ok) throw new ApiError(res.status, text, `${method} ${path}`);
      return { status: res.status, body: JSON.parse(text) as T };
    }
    throw new Error(
      `${method} ${path}: no replica answered (${String(lastError)})`,
    );
  }

  #entity(name: string) {
    return `/entities/default/component/${encodeURIComponent(name)}`;
  }

  /** Every app, across entities (one call for the whole fleet). */
  async listApps(): Promise<GitopsApp[]> {
    return (await this.#call<{ items: GitopsApp[] }>('GET', '/apps')).body
      .items;
  }

  async history(name: string, cluster = 'local'): Promise<SyncRun[]> {
    const runs: SyncRun[] = [];
    for (let offset = 0; ; offset += 100) {
      const { body } = await this.#call<Page<SyncRun>>(
        'GET',
        `${this.#entity(
          name,
        )}/history?cluster=${cluster}&offset=${offset}&limit=100`,
      );
      runs.push(...body.items);
      if (body.items.length < 100) return runs;
    }
  }

  /** Asks for a sync: 202 with the operation to follow. */
  async sync(name: string, cluster = 'local'): Promise<SyncOperation> {
    const { status, body } = await this.#call<{ operation: SyncOperation }>(
      'POST',
      `${this.#entity(name)}/apps/${cluster}/sync`,
      {},
    );
    if (status !== 202) {
      throw new ApiError(status, JSON.stringify(body), `sync of ${name}`);
    }
    return body.operation;
  }

  async operation(
    name: string,
    id: number,
    cluster = 'local',
  ): Promise<SyncOperation> {
    const { body } = await this.#call<
      { operation: SyncOperation } | SyncOperation
    >('GET', `${this.#entity(name)}/apps/${cluster}/operations/${id}`);
    return 'operation' in body ? body.operation : body;
  }

  async rollouts(name: string, cluster = 'local'): Promise<RolloutSummary[]> {
    return (
      await this.#call<{ items: RolloutSummary[] }>(
        'GET',
        `${this.#entity(name)}/apps/${cluster}/rollouts`,
      )
    ).body.items;
  }

  async rolloutRuns(
    name: string,
    rollout: string,
    cluster = 'local',
  ): Promise<RolloutRun[]> {
    return (
      await this.#call<Page<RolloutRun>>(
        'GET',
        `${this.#entity(
          name,
        )}/apps/${cluster}/rollouts/${rollout}/runs?limit=100`,
      )
    ).body.items;
  }

  async rolloutRun(
    name: string,
    rollout: string,
    runId: number,
    cluster = 'local',
  ): Promise<RolloutRunDetails> {
    return (
      await this.#call<RolloutRunDetails>(
        'GET',
        `${this.#entity(
          name,
        )}/apps/${cluster}/rollouts/${rollout}/runs/${runId}`,
      )
    ).body;
  }
}
