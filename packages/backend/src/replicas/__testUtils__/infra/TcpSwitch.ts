import net, { AddressInfo } from 'node:net';

/**
 * A TCP forwarder on 127.0.0.1 that can be switched off: connections are
 * cut and new ones refused, exactly what a client sees of a server that
 * stopped. The replicas reach the shared control plane through one, so an
 * outage of "the API server" stops no other suite's cluster. TLS passes
 * through untouched (the API server's certificate names 127.0.0.1).
 */
export class TcpSwitch {
  readonly #sockets = new Set<net.Socket>();
  #server?: net.Server;

  private constructor(
    private readonly target: { host: string; port: number },
    private listenPort: number,
  ) {}

  static async start(target: {
    host: string;
    port: number;
  }): Promise<TcpSwitch> {
    const proxy = new TcpSwitch(target, 0);
    await proxy.on();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  get isOn(): boolean {
    return this.#server !== undefined;
  }

  /** Listens again, on the same port as before. */
  async on(): Promise<void> {
    if (this.#server) return;
    const server = net.createServer(client => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.once('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Cuts every connection and refuses new ones until `on`. */
  async off(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
