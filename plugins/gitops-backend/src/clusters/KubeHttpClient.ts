import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './KubeApiError';
import { KubeRequestMetrics, KubeVerb, kubeVerb, noEngineMetrics } from '../metrics';

export type Query = Record<string, string | number | boolean | undefined>;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

/** An open watch stream. */
export interface WatchStream {
  /** Settles when the stream ends: resolves on a clean end or abort, rejects on failure. */
  done: Promise<void>;
  abort(): void;
}

const REQUEST_TIMEOUT_MS = 60_000;
// client-node re-reads token files and builds a TLS agent each time it
// applies credentials, which costs more than the request they are for; they
// are applied again after this long, or at once after a 401.
const CREDENTIALS_TTL_MS = 10_000;

export interface KubeHttpClientOptions {
  /** The cluster's name in metrics; the kubeconfig's cluster name when left out. */
  cluster?: string;
  /** Counts every request by verb and result. */
  metrics?: KubeRequestMetrics;
}

/**
 * Raw JSON requests to one API server with the KubeConfig's credentials.
 *
 * Why not the generated clients: they (de)serialize through typed models,
 * which silently drop fields the client's models do not know (a newer field
 * or a typo in a manifest would vanish from an apply instead of being
 * reported) and turn timestamps into Dates. They also open a new agent per
 * request. Here bodies travel as the server sends them, connections are kept
 * alive, and every request is counted, so tests can prove what made none.
 */
export class KubeHttpClient {
  readonly #kc: KubeConfig;
  readonly #server: URL;
  readonly #agent: http.Agent;
  readonly #open = new Set<http.ClientRequest>();
  #credentials?: { options: Promise<https.RequestOptions>; expires: number };
  readonly #cluster: string;
  readonly #metrics: KubeRequestMetrics;
  /** Requests made, by purpose. */
  readonly counts = { requests: 0, watches: 0 };

  constructor(kc: KubeConfig, options: KubeHttpClientOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    this.#kc = kc;
    this.#cluster = options.cluster ?? cluster.name;
    this.#metrics = options.metrics ?? noEngineMetrics;
    this.#server = new URL(cluster.server);
    this.#agent =
      this.#server.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true });
  }

  get server(): string {
    return this.#server.origin;
  }

  /** One request; resolves with the parsed JSON body, throws KubeApiError. */
  async request<T = any>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; contentType?: string; impersonate?: string } = {},
  ): Promise<T> {
    this.counts.requests++;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = await this.#start(method, path, options.query, {
      Accept: 'application/json',
      // Kubernetes RBAC then judges the request as that user, not as Slipway.
      ...(options.impersonate && { 'Impersonate-User': options.impersonate }),
      ...(payload !== undefined && {
        'Content-Type': options.contentType ?? 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      }),
    });
    this.#count(req, kubeVerb(method, path, { contentType: options.contentType }));
    return new Promise<T>((resolve, reject) => {
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`${method} ${path} timed out after ${REQUEST_TIMEOUT_MS / 1000}s`)),
      );
      req.on('error', error => reject(transportError(error)));
      req.on('response', res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', error => reject(transportError(error)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) {
            reject(KubeApiError.fromResponse(status, text));
            return;
          }
          try {
            resolve(text ? JSON.parse(text) : undefined);
          } catch {
            reject(new KubeApiError(`${method} ${path}: the API server sent a body that is not JSON`));
          }
        });
      });
      req.end(payload);
    });
  }

  /**
   * Opens a watch (`?watch=1`) and hands each event to `onEvent`. A stream
   * that stays silent for `idleTimeoutMs` is treated as dead and fails, which
   * catches half-open connections the server can no longer close.
   */
  async watch(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent) => void,
    idleTimeoutMs: number,
  ): Promise<WatchStream> {
    this.counts.watches++;
    const req = await this.#start('GET', path, { ...query, watch: 1 }, { Accept: 'application/json' });
    this.#count(req, 'watch');
    let aborted = false;
    const done = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => (aborted ? resolve() : reject(error));
      req.setTimeout(idleTimeoutMs, () =>
        req.destroy(new Error(`watch silent for ${Math.round(idleTimeoutMs / 1000)}s`)),
      );
      req.on('error', error => fail(transportError(error)));
      req.on('response', res => {
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        if (status !== 200) {
          let text = '';
          res.on('data', chunk => (text += chunk));
          res.on('end', () => fail(KubeApiError.fromResponse(status, text)));
          return;
        }
        let buffered = '';
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line) {
              try {
                onEvent(JSON.parse(line));
              } catch (error) {
                // A handler that rejects an event (e.g. 410 Gone) ends the stream.
                fail(error as Error);
                req.destroy();
                return;
              }
            }
            newline = buffered.indexOf('\n');
          }
        });
        res.on('error', error => fail(transportError(error)));
        // A stream cut mid-way ends with `aborted`/`close` and no `end`.
        res.on('end', () => resolve());
        res.on('close', () => {
          if (!res.complete) fail(new KubeApiError('watch connection closed unexpectedly'));
        });
      });
      req.end();
    });
    return {
      done,
      abort: () => {
        aborted = true;
        req.destroy();
      },
    };
  }

  /** Aborts open requests and closes kept-alive connections. */
  close(): void {
    for (const req of this.#open) req.destroy();
    this.#agent.destroy();
  }

  /** Records a request once: with its status when it answers, without one when it fails first. */
  #count(req: http.ClientRequest, verb: KubeVerb) {
    let counted = false;
    const record = (status?: number) => {
      if (counted) return;
      counted = true;
      this.#metrics.kubeRequestDone({ cluster: this.#cluster, verb, status });
    };
    req.on('response', res => record(res.statusCode));
    req.on('error', () => record());
    req.on('close', () => record());
  }

  /**
   * The credentials (token header, client certificate, CA) of the current
   * user and cluster, as request options; token files and exec plugins are
   * read when they are applied.
   */
  #credentialOptions(): Promise<https.RequestOptions> {
    const now = Date.now();
    if (!this.#credentials || this.#credentials.expires <= now) {
      const options: https.RequestOptions = {};
      const applied = this.#kc.applyToHTTPSOptions(options).then(() => options);
      this.#credentials = { options: applied, expires: now + CREDENTIALS_TTL_MS };
      // A failure is not remembered: the next request tries again.
      applied.catch(() => {
        if (this.#credentials?.options === applied) this.#credentials = undefined;
      });
    }
    return this.#credentials.options;
  }

  async #start(method: string, path: string, query: Query | undefined, headers: http.OutgoingHttpHeaders) {
    const url = new URL(path, this.#server);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const credentials = await this.#credentialOptions();
    const viaProxy = Boolean(this.#kc.getCurrentCluster()?.proxyUrl);
    const send = url.protocol === 'http:' ? http.request : https.request;
    const req = send(url, {
      ...credentials,
      method,
      headers: { ...credentials.headers, ...headers },
      agent: viaProxy ? credentials.agent : this.#agent,
    });
    req.on('response', res => {
      if (res.statusCode === 401) this.#credentials = undefined;
    });
    this.#open.add(req);
    req.on('close', () => this.#open.delete(req));
    return req;
  }
}

function transportError(error: Error & { code?: string }): KubeApiError {
  if (error instanceof KubeApiError) return error;
  const detail = error.message.split('\n')[0];
  return new KubeApiError(error.code && !detail.includes(error.code) ? `${error.code}: ${detail}` : detail);
}
