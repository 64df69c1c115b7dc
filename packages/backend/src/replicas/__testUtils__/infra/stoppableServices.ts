import {
  GitRepos,
  gitRepos,
  GitServer,
  startGitServer,
} from '@internal/test-env';
import { TcpSwitch } from './TcpSwitch';

/** A server the replicas depend on, stopped and started again by an outage. */
export interface StoppableService {
  /** As a report names it: "git server". */
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * The suite's own git server (smart HTTP), stopped for real and started
 * again on the same port over the same repositories.
 */
export class StoppableGitServer implements StoppableService {
  readonly name = 'git server';
  /** Seeds and changes repositories through the folder: works while the server is down. */
  readonly repos: GitRepos;
  #server?: GitServer;

  private constructor(
    private readonly root: string,
    private readonly port: number,
    home: string,
    server: GitServer,
  ) {
    this.#server = server;
    this.repos = gitRepos(root, this.url, home);
  }

  /** Serves the repositories under `root`; git commands of `repos` run with `home` as HOME. */
  static async start(root: string, home: string): Promise<StoppableGitServer> {
    const server = await startGitServer({ root });
    return new StoppableGitServer(
      root,
      Number(new URL(server.url).port),
      home,
      server,
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }

  async start(): Promise<void> {
    if (this.#server) return;
    this.#server = await startGitServer({ root: this.root, port: this.port });
  }
}

/**
 * A server the replicas reach through a switch of the harness's own: cut
 * off, it refuses connections as a stopped server does, while the server
 * itself keeps running (the shared control plane serves other suites;
 * Prometheus keeps scraping, as one restarted on its volume would have).
 */
export class SwitchedServer implements StoppableService {
  constructor(
    readonly name: string,
    private readonly proxy: TcpSwitch,
    private readonly scheme: 'http' | 'https',
  ) {}

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.proxy.port}`;
  }

  stop(): Promise<void> {
    return this.proxy.off();
  }

  start(): Promise<void> {
    return this.proxy.on();
  }
}
