import http from 'node:http';
import https from 'node:https';
import { isIP, Socket } from 'node:net';
import tls from 'node:tls';

export interface PostJsonOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Skip certificate verification, for this request only. */
  insecure?: boolean;
  /** `http://host:port` of a forward proxy (CONNECT for https targets). */
  proxy?: string;
}

export interface PostJsonResponse {
  status: number;
  /** At most 64 KiB of the body: enough for any error text we show. */
  body: string;
}

const MAX_BODY = 64 * 1024;

/**
 * POSTs a JSON document with node:http(s) rather than fetch, so one call
 * can skip TLS verification or go through a proxy without touching any
 * other request. Rejects with a message naming the URL on transport errors
 * and on the timeout, which covers connecting, sending and reading.
 */
export async function postJson(
  url: string,
  payload: unknown,
  options: PostJsonOptions,
): Promise<PostJsonResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(
      `POST ${url} failed: only http and https URLs are supported`,
    );
  }
  const body = Buffer.from(JSON.stringify(payload));
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  try {
    return await send(target, body, options, signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new Error(`POST ${url} timed out after ${options.timeoutMs} ms`);
    }
    throw new Error(`POST ${url} failed: ${describe(error)}`);
  }
}

async function send(
  target: URL,
  body: Buffer,
  options: PostJsonOptions,
  signal: AbortSignal,
): Promise<PostJsonResponse> {
  const secure = target.protocol === 'https:';
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    ...options.headers,
  };
  const proxy = options.proxy ? new URL(options.proxy) : undefined;
  let request: http.ClientRequest;
  let tunnelSocket: Socket | undefined;
  if (proxy && !secure) {
    // A forward proxy takes plain HTTP requests with the absolute URL as path.
    request = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'POST',
      path: target.href,
      headers: { ...headers, Host: target.host },
      signal,
    });
  } else {
    const socket = proxy ? await tunnel(proxy, target, signal) : undefined;
    tunnelSocket = socket;
    const client = secure ? https : http;
    request = client.request(target, {
      method: 'POST',
      headers,
      signal,
      // A fresh agent per call (none with a tunnel: Node then uses
      // createConnection), so its TLS setting never reaches other requests.
      agent: socket ? undefined : false,
      rejectUnauthorized: !options.insecure,
      ...(socket && {
        // Only https targets are tunnelled; plain http went to the proxy above.
        createConnection: () =>
          tls.connect({
            socket,
            // SNI takes host names only.
            servername: isIP(target.hostname) ? undefined : target.hostname,
            rejectUnauthorized: !options.insecure,
          }),
      }),
    });
  }
  return new Promise((resolve, reject) => {
    request.once('error', reject);
    // A failed TLS handshake leaves the tunnel's own socket open.
    request.once('close', () => tunnelSocket?.destroy());
    request.once('response', response => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      response.once('error', reject);
      response.once('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
        }),
      );
    });
    request.end(body);
  });
}

/** Opens a CONNECT tunnel through an HTTP proxy to the target's host and port. */
function tunnel(proxy: URL, target: URL, signal: AbortSignal): Promise<Socket> {
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
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new Error(
          `proxy ${proxy.host} refused CONNECT ${authority}: ${response.statusCode}`,
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
  if (err.code && !err.message.includes(err.code)) {
    return `${err.message} (${err.code})`;
  }
  return err.message;
}
