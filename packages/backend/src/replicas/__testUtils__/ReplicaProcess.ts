import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Replicas run the TypeScript sources, transpiled on load as `yarn start` does.
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);
const MAIN = path.join(__dirname, 'replicaMain.ts');

/** The end of a log file, for failure messages. */
export function tail(file: string, bytes = 4000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '';
  }
}

/**
 * One backend replica as an OS process: started from a config file, its
 * output appended to a log file, stopped gracefully or killed with SIGKILL.
 */
export class ReplicaProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;
  #port?: number;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    this.#exited = new Promise(resolve =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts the process and waits until it serves (or fails with its log). */
  static async start(options: {
    name: string;
    configFile: string;
    logFile: string;
    timeoutMs: number;
  }): Promise<ReplicaProcess> {
    const log = fs.openSync(options.logFile, 'a');
    const env = { ...process.env };
    // Jest's NODE_ENV=test is not the environment a backend runs in.
    delete env.NODE_ENV;
    // Compiled code is cached across replicas and runs: a start takes a
    // quarter less on a busy machine.
    env.NODE_COMPILE_CACHE ??= path.join(
      os.tmpdir(),
      'slipway-replicas-compile-cache',
    );
    const child = spawn(
      process.execPath,
      ['--require', NODE_TRANSFORM, MAIN, options.configFile],
      { env, stdio: ['ignore', log, log, 'ipc'] },
    );
    fs.closeSync(log);
    const replica = new ReplicaProcess(options.name, options.logFile, child);
    await replica.#ready(options.timeoutMs);
    return replica;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  /** The port its REST API listens on (127.0.0.1). */
  get port(): number {
    if (!this.#port) throw new Error(`${this.name} is not serving`);
    return this.#port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  #ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#child.kill('SIGKILL');
        reject(
          new Error(
            `${
              this.name
            } did not serve within ${timeoutMs} ms; its log ends:\n${tail(
              this.logFile,
            )}`,
          ),
        );
      }, timeoutMs);
      this.#child.on('message', (message: { type?: string; port?: number }) => {
        if (message?.type !== 'ready') return;
        clearTimeout(timer);
        this.#port = message.port;
        resolve();
      });
      this.#exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.name} exited (${
              signal ?? `code ${code}`
            }) before it served; its log ends:\n${tail(this.logFile)}`,
          ),
        );
      });
    });
  }

  /** kill -9: no shutdown hook runs, leases and runs stay as they were. */
  async kill(): Promise<void> {
    if (this.running) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }
}
