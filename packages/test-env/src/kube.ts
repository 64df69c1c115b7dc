import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repoRoot';

const run = promisify(execFile);

/** The local control plane as `scripts/infra/kube.sh start` reports it. */
export interface LocalKube {
  /** Kubeconfig with an admin client-certificate context (current) and a token context. */
  kubeconfigPath: string;
  /** The kube-apiserver URL, e.g. https://127.0.0.1:16443. */
  server: string;
  /** The API server's audit log of client writes (JSON lines), see auditLog.ts. */
  auditLogPath: string;
}

// The first start builds the binaries from Go modules: allow for a cold build.
const START_TIMEOUT_MS = 60 * 60 * 1000;

async function kubeScript(command: 'start' | 'stop', timeout: number) {
  try {
    const script = path.join(repoRoot(), 'scripts', 'infra', 'kube.sh');
    const { stdout } = await run('bash', [script, command], {
      timeout,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(
      `kube.sh ${command} failed: ${failure.message}\n${failure.stderr ?? ''}`,
    );
  }
}

/** The value of a `key: value` line of kube.sh's output. */
function field(output: string, key: string): string {
  const line = output
    .split('\n')
    .find(candidate => candidate.startsWith(`${key}: `));
  if (!line) {
    throw new Error(`kube.sh start printed no "${key}:" line:\n${output}`);
  }
  return line.slice(key.length + 2).trim();
}

/**
 * Starts the local control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, KWOK with fake nodes), or reuses the one already running.
 */
export async function startKube(): Promise<LocalKube> {
  const output = await kubeScript('start', START_TIMEOUT_MS);
  return {
    kubeconfigPath: field(output, 'kubeconfig'),
    server: field(output, 'server'),
    auditLogPath: field(output, 'audit-log'),
  };
}

/** Stops the local control plane; its data stays for the next start. */
export async function stopKube(): Promise<void> {
  await kubeScript('stop', 2 * 60 * 1000);
}
