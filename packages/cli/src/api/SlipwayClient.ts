import type {
  GitopsRequest,
  GitopsResponse,
} from '@slipway/plugin-gitops-common';
import { CliError, ExitCode } from '../exitCodes';
import { ApiError } from './ApiError';
import { CLI_ROUTES, CliOperation } from './routes';

export interface SlipwayClientOptions {
  /** The Backstage backend, e.g. https://backstage.example.com; `/api/gitops` is added. */
  server: string;
  token?: string;
  /** Longest a single request may take (default 30 s). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** `https://host/base` or `https://host/base/api/gitops` → `https://host/base/api/gitops`. */
export function pluginBaseUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(
      ExitCode.Usage,
      `--server '${server}' is no URL: write the backend's base URL, e.g. https://backstage.example.com`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(
      ExitCode.Usage,
      `--server '${server}' is no http(s) URL`,
    );
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return base.endsWith('/api/gitops') ? base : `${base}/api/gitops`;
}

/** The path and query of one request: path parameters encoded, query form-encoded. */
export function requestPath<Op extends CliOperation>(
  operation: Op,
  request: GitopsRequest<Op>,
): string {
  const { path: params = {}, query = {} } = request as {
    path?: Record<string, string | number>;
    query?: Record<string, string | number | undefined>;
  };
  const path = CLI_ROUTES[operation].path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => encodeURIComponent(String(params[name])),
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const queryString = search.toString();
  return queryString ? `${path}?${queryString}` : path;
}

/**
 * Calls Slipway's REST API with a bearer token. Answers other than 2xx
 * become an ApiError carrying the API's message; a server that cannot be
 * reached, or a request that outlives its time, a CliError.
 */
export class SlipwayClient {
  readonly baseUrl: string;
  readonly #token?: string;
  readonly #requestTimeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: SlipwayClientOptions) {
    this.baseUrl = pluginBaseUrl(options.server);
    this.#token = options.token;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
  }

  get hasToken(): boolean {
    return Boolean(this.#token);
  }

  async call<Op extends CliOperation>(
    operation: Op,
    request: GitopsRequest<Op>,
    signal?: AbortSignal,
  ): Promise<GitopsResponse<Op>> {
    const { method } = CLI_ROUTES[operation];
    const url = `${this.baseUrl}${requestPath(operation, request)}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    let body: string | undefined;
    if (method === 'POST') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify((request as { body?: unknown }).body ?? {});
    }
    const timeout = AbortSignal.timeout(this.#requestTimeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw this.#unreachable(url, error, signal);
    }
    if (!response.ok) {
      const error = await ApiError.fromResponse(response);
      if (error.status === 401 && !this.#token) {
        throw new ApiError(
          401,
          `${error.apiMessage}; pass --token or set SLIPWAY_TOKEN`,
          error.errorName,
        );
      }
      throw error;
    }
    try {
      return (await response.json()) as GitopsResponse<Op>;
    } catch {
      throw new CliError(
        ExitCode.Error,
        `${method} ${url} answered ${response.status} without JSON: is --server the Backstage backend?`,
      );
    }
  }

  #unreachable(url: string, error: unknown, signal?: AbortSignal): Error {
    // The caller's deadline passed: it reports that itself.
    if (signal?.aborted) return signal.reason as Error;
    const err = error as Error & {
      cause?: { code?: string; message?: string };
    };
    if (err.name === 'TimeoutError') {
      return new CliError(
        ExitCode.Error,
        `${url} did not answer within ${this.#requestTimeoutMs / 1000}s`,
      );
    }
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    return new CliError(ExitCode.Error, `cannot reach ${url}: ${cause}`);
  }
}
