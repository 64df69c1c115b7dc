import http, { STATUS_CODES } from 'node:http';
import https from 'node:https';
import { isIP, Socket } from 'node:net';
import tls from 'node:tls';
import {
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
} from 'request-filtering-agent';
import type { OutboundPolicy } from './OutboundPolicy';
import { OutboundRefusedError } from './OutboundRefusedError';
import { addressRefusal } from './refusedAddresses';
import { refusingLookup } from './refusingLookup';

export interface OutboundRequestOptions {
  method: 'GET' | 'POST';
  /** Where the call may go. */
  policy: OutboundPolicy;
  timeoutMs: number;
  headers?: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
  /** Skip certificate verification, for this request only. */
  insecure?: boolean;
  /** `http://host:port` of a forward proxy (CONNECT for https targets); the policy must allow it too. */
  proxy?: string;
  /** Bytes of the body kept; 64 KiB by default. */
  maxBodyBytes?: number;
}

export interface OutboundResponse {
  status: number;
  /**
   * `HTTP <code> <standard reason>`: Node's text for the code, never the
   * server's own reason phrase, so it is safe to show anyone.
   */
  statusLine: string;
  /** At most `maxBodyBytes` of the body: for parsing, never for showing. */
  body: string;
}

const DEFAULT_MAX_BODY = 64 * 1024;

/** `HTTP 500 Internal Server Error`, from the code alone. */
export function statusLine(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

/**
 * One HTTP(S) request that may only go where its policy allows: the URL's
 * host (and the proxy's) must be allowed, and every address a socket
 * connects to is judged at connect time by request-filtering-agent's agents
 * with our resolver, so a name resolving to a link-local or metadata address
 * is refused before any byte is sent. node:http rather than fetch: no
 * redirects are followed, and one call can skip TLS verification or use a
 * proxy without touching any other. Rejects with a message naming the method
 * and URL on refusals, transport errors and the timeout (which covers
 * connecting, sending and reading).
 */
export async function outboundRequest(
  url: string,
  options: OutboundRequestOptions,
): Promise<OutboundResponse> {
  const where = `${options.method} ${url}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  try {
    const target = new URL(url);
    checkTarget(target, options.policy, 'URL');
    const proxy = options.proxy ? new URL(options.proxy) : undefined;
    if (proxy) checkTarget(proxy, options.policy, 'proxy');
    return await send(target, proxy, options, signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof OutboundRefusedError) {
      throw new OutboundRefusedError(`${where} refused: ${error.message}`);
    }
    if (timeout.aborted)
      throw new Error(`${where} timed out after ${options.timeoutMs} ms`);
    throw new Error(`${where} failed: ${describe(error)}`);
  }
}

/**
 * Refuses a scheme other than http(s), a host the policy does not allow, and
 * a refused literal address, with an OutboundRefusedError. Exported for
 * callers that hand a URL to code they do not control (a module's provider):
 * the host check then happens before the call, the address check only when
 * the call goes through `outboundRequest`.
 */
export function checkTarget(
  url: URL,
  policy: OutboundPolicy,
  what: 'URL' | 'proxy',
) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(
      `only http and https ${what}s are supported`,
    );
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const shown = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  const reason = addressRefusal(host);
  if (reason)
    throw new OutboundRefusedError(
      `${what} host ${shown} is ${reason}, which Slipway never calls`,
    );
  if (!policy.allowsHost(host, port)) {
    throw new OutboundRefusedError(
      `${what} host ${shown} is not in the outboundHosts of ${policy.owner}`,
    );
  }
}

const FILTER = { allowPrivateIPAddress: true, allowMetaIPAddress: false };

/** A fresh filtering agent, for a call through a proxy. */
function agentFor(secure: boolean): http.Agent {
  return secure
    ? new RequestFilteringHttpsAgent(FILTER)
    : new RequestFilteringHttpAgent(FILTER);
}

type AgentPair = { http: http.Agent; https: http.Agent };
const DEFAULT_RESOLVER = {};
const keptAlive = new WeakMap<object, AgentPair>();

/**
 * Filtering agents that keep connections open, so a metric query every few
 * seconds does not pay a new connection each time. A connection was judged
 * by the address it connected to, and it stays connected to that address:
 * reusing it cannot reach a new one. Node pools sockets by host, port and
 * TLS settings (an insecure call never shares a verified connection); the
 * agents are kept per resolver, so a policy with its own never reuses
 * another's connections.
 */
function keptAliveAgent(secure: boolean, resolver?: object): http.Agent {
  const key = resolver ?? DEFAULT_RESOLVER;
  let agents = keptAlive.get(key);
  if (!agents) {
    const options = { ...FILTER, keepAlive: true, timeout: 15_000 };
    agents = {
      http: new RequestFilteringHttpAgent(options),
      https: new RequestFilteringHttpsAgent(options),
    };
    keptAlive.set(key, agents);
  }
  return secure ? agents.https : agents.http;
}

async function send(
  target: URL,
  proxy: URL | undefined,
  options: OutboundRequestOptions,
  signal: AbortSignal,
): Promise<OutboundResponse> {
  const secure = target.protocol === 'https:';
  const lookup = refusingLookup(options.policy.lookup);
  const headers = {
    ...(options.body && { 'Content-Length': String(options.body.length) }),
    ...options.headers,
  };
  let request: http.ClientRequest;
  let tunnelSocket: Socket | undefined;
  if (proxy && !secure) {
    // A forward proxy takes plain HTTP requests with the absolute URL as path.
    request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: options.method,
      path: target.href,
      headers: { ...headers, Host: target.host },
      signal,
      agent: agentFor(false),
      lookup,
    });
  } else if (proxy) {
    const socket = await tunnel(proxy, target, signal, lookup);
    tunnelSocket = socket;
    request = https.request(target, {
      method: options.method,
      headers,
      signal,
      // Only https targets are tunnelled; plain http went to the proxy above.
      createConnection: () =>
        tls.connect({
          socket,
          // SNI takes host names only.
          servername: isIP(target.hostname) ? undefined : target.hostname,
          rejectUnauthorized: !options.insecure,
        }),
    });
  } else {
    request = (secure ? https : http).request(target, {
      method: options.method,
      headers,
      signal,
      agent: keptAliveAgent(secure, options.policy.lookup),
      lookup,
      rejectUnauthorized: !options.insecure,
    });
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    // A failed TLS handshake leaves the tunnel's own socket open.
    request.once('close', () => tunnelSocket?.destroy());
    request.once('response', response => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < maxBody) chunks.push(chunk);
        size += chunk.length;
      });
      response.once('error', reject);
      response.once('end', () => {
        const status = response.statusCode ?? 0;
        resolve({
          status,
          statusLine: statusLine(status),
          body: Buffer.concat(chunks).subarray(0, maxBody).toString('utf8'),
        });
      });
    });
    request.end(options.body);
  });
}

/** Opens a CONNECT tunnel through an HTTP proxy to the target's host and port. */
function tunnel(
  proxy: URL,
  target: URL,
  signal: AbortSignal,
  lookup: ReturnType<typeof refusingLookup>,
): Promise<Socket> {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const authority = `${target.hostname}:${port}`;
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority },
      signal,
      agent: agentFor(false),
      lookup,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new Error(
          `proxy ${proxy.host} refused CONNECT ${authority}: ${statusLine(
            response.statusCode ?? 0,
          )}`,
        ),
      );
    });
    request.once('error', reject);
    request.end();
  });
}

/** Node's transport errors carry the useful part in `code`. */
function describe(error: unknown): string {
  const err = error as Error & { code?: string };
  if (err.code && !err.message.includes(err.code))
    return `${err.message} (${err.code})`;
  return err.message;
}
