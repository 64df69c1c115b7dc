import http from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A request the proxy forwarded. */
export interface ProxiedRequest {
  method: string;
  path: string;
  watch: boolean;
}

/**
 * A plain-HTTP proxy in front of the local API server, with the admin
 * credentials of a kubeconfig. Tests point a cluster at it to count every
 * request the client really makes, cut watch connections, refuse
 * connections for a while, or make the next watch ask for an expired
 * resourceVersion (the real server then answers 410 Gone).
 */
export class ApiProxy {
  readonly requests: ProxiedRequest[] = [];
  readonly #server: http.Server;
  readonly #kc: KubeConfig;
  readonly #upstream: URL;
  readonly #watchResponses = new Set<http.ServerResponse>();
  readonly #sockets = new Set<Socket>();
  readonly #agent = new https.Agent({ keepAlive: true });
  #refusing = false;
  #refused = 0;
  #expireNext = 0;

  static async start(kubeconfigPath: string): Promise<ApiProxy> {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    const proxy = new ApiProxy(kc);
    await new Promise<void>(resolve =>
      proxy.#server.listen(0, '127.0.0.1', resolve),
    );
    return proxy;
  }

  private constructor(kc: KubeConfig) {
    this.#kc = kc;
    this.#upstream = new URL(kc.getCurrentCluster()!.server);
    this.#server = http.createServer((req, res) => this.#forward(req, res));
    this.#server.on('connection', socket => {
      if (this.#refusing) {
        this.#refused++;
        socket.destroy();
        return;
      }
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** A kubeconfig for clients of the proxy: no credentials, plain HTTP. */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'proxy', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'proxy' }],
      contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy' }],
      currentContext: 'proxy',
    });
    return kc;
  }

  get openWatches(): number {
    return this.#watchResponses.size;
  }

  /** Connections turned away since `refuse()` was first called. */
  get refusedConnections(): number {
    return this.#refused;
  }

  /** Cuts every open watch connection, as a network failure would. */
  dropWatches(): void {
    for (const res of this.#watchResponses) res.socket?.destroy();
  }

  /** Closes every client connection and refuses new ones until `accept()`. */
  refuse(): void {
    this.#refusing = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  accept(): void {
    this.#refusing = false;
  }

  /** The next watches get the 410 Expired answer of a compacted resourceVersion. */
  expireNextWatches(count = 1): void {
    this.#expireNext += count;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#agent.destroy();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  async #forward(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url!, this.#upstream);
    const watch =
      url.searchParams.get('watch') === '1' ||
      url.searchParams.get('watch') === 'true';
    this.requests.push({ method: req.method!, path: url.pathname, watch });
    if (watch && this.#expireNext > 0) {
      // What the API server answers a watch whose resourceVersion was
      // compacted away. A young test cluster has compacted nothing yet, so
      // the answer cannot be provoked from it on demand.
      this.#expireNext--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        `${JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'too old resource version: 1 (2)',
            reason: 'Expired',
            code: 410,
          },
        })}\n`,
      );
      return;
    }
    const options: https.RequestOptions = {
      method: req.method,
      headers: { ...req.headers, host: url.host },
    };
    await this.#kc.applyToHTTPSOptions(options);
    const upstream = https.request(
      url,
      { ...options, agent: this.#agent },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode!, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    if (watch) {
      this.#watchResponses.add(res);
      res.on('close', () => {
        this.#watchResponses.delete(res);
        upstream.destroy();
      });
    }
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}
