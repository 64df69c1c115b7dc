import { execFile } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repoRoot';

const run = promisify(execFile);

export interface LocalPostgres {
  /** e.g. `postgresql://postgres@127.0.0.1:54329` */
  connectionString: string;
  /** False when a server was already listening, so the caller must not stop it. */
  startedHere: boolean;
}

const port = () => Number(process.env.SLIPWAY_PG_PORT ?? 54329);

function isListening(portNumber: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(portNumber, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function postgresScript(command: 'start' | 'stop'): Promise<string> {
  const script = path.join(repoRoot(), 'scripts', 'infra', 'postgres.sh');
  try {
    const { stdout } = await run('bash', [script, command], {
      // A first start may install Debian's postgresql package.
      timeout: 10 * 60 * 1000,
    });
    return stdout.trim();
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(
      `postgres.sh ${command} failed: ${failure.message}\n${
        failure.stderr ?? ''
      }`,
    );
  }
}

/** Starts the throwaway PostgreSQL of scripts/infra/postgres.sh (or reuses a running one). */
export async function startPostgres(): Promise<LocalPostgres> {
  const alreadyRunning = await isListening(port());
  const connectionString = (await postgresScript('start')).split('\n').pop()!;
  if (!connectionString.startsWith('postgresql://')) {
    throw new Error(
      `postgres.sh start printed no connection string: ${connectionString}`,
    );
  }
  return { connectionString, startedHere: !alreadyRunning };
}

export async function stopPostgres(): Promise<void> {
  await postgresScript('stop');
}
