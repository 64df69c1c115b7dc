import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitServer, startGitServer } from './gitServer';
import { startKube, stopKube } from './kube';
import { startPostgres, stopPostgres } from './postgres';
import { Prometheus, startPrometheus } from './prometheus';
import { repoRoot } from './repoRoot';
import {
  fetchUpstreamSource,
  UPSTREAM_SOURCES,
  UpstreamName,
} from './upstreamSources';
import type { RoutingProvider } from './routingWeights';
import {
  SimulatedAppOptions,
  startTrafficSimulator,
  TrafficSimulator,
} from './trafficSimulator';

/**
 * Starts, once per Jest run, the local infrastructure a suite asks for and
 * hands its connection details to the test workers through env vars.
 */

export const COMPONENTS = [
  'postgres',
  'git',
  'kube',
  'prometheus',
  'upstream',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Credentials of the basic-auth git server the setup starts beside the open one. */
export const TEST_GIT_CREDENTIALS = {
  username: 'slipway',
  password: 'slipway-test',
};

interface Running {
  stops: Array<{ component: Component; stop: () => Promise<void> }>;
  /** Components already brought up by an earlier project's global setup. */
  up: Component[];
}

// globalSetup and globalTeardown run in the same Jest parent process.
const STATE_KEY = '__slipwayTestEnv';
const state = () =>
  globalThis as unknown as Record<string, Running | undefined>;

/** Parses `SLIPWAY_TEST_ENV`-style lists: `postgres,git,kube,prometheus`. */
export function parseComponents(list: string | undefined): Component[] {
  const names = (list ?? '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(COMPONENTS as readonly string[]).includes(name)) {
      throw new Error(
        `SLIPWAY_TEST_ENV: unknown component "${name}" (known: ${COMPONENTS.join(
          ', ',
        )})`,
      );
    }
  }
  return [...new Set(names)] as Component[];
}

/**
 * `SLIPWAY_TEST_SIMULATOR_APPS=test/podinfo:istio,shop/web`: namespace/name,
 * optionally the provider whose routing object sets the split (needs kube).
 */
function simulatedApps(spec: string | undefined): SimulatedAppOptions[] {
  if (!spec) return [{ name: 'podinfo', namespace: 'test' }];
  return spec.split(',').map(entry => {
    const [ref, provider] = entry.trim().split(':');
    const [namespace, name] = ref.includes('/')
      ? ref.split('/')
      : ['default', ref];
    return {
      name,
      namespace,
      routing: provider ? { provider: provider as RoutingProvider } : undefined,
    };
  });
}

/** True when scripts/infra/kube.sh reports every component running. */
export async function kubeAlreadyRunning(): Promise<boolean> {
  const script = path.join(repoRoot(), 'scripts', 'infra', 'kube.sh');
  try {
    await promisify(execFile)('bash', [script, 'status']);
    return true;
  } catch {
    return false;
  }
}

async function startComponent(component: Component, running: Running) {
  const env = process.env;
  const onStop = (stop: () => Promise<void>) =>
    running.stops.push({ component, stop });
  switch (component) {
    case 'upstream': {
      // Fetched once before any test, with no test's timeout running: on a
      // fresh machine the first download through the Go module proxy can
      // take longer than a test may wait.
      const names = Object.keys(UPSTREAM_SOURCES) as UpstreamName[];
      await Promise.all(names.map(fetchUpstreamSource));
      return;
    }
    case 'postgres': {
      const pg = await startPostgres();
      env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
        pg.connectionString;
      env.SLIPWAY_TEST_POSTGRES_CONNECTION_STRING = pg.connectionString;
      if (pg.startedHere) onStop(stopPostgres);
      return;
    }
    case 'git': {
      const open: GitServer = await startGitServer();
      onStop(open.close);
      const locked = await startGitServer({
        root: open.root,
        auth: TEST_GIT_CREDENTIALS,
      });
      onStop(locked.close);
      env.SLIPWAY_TEST_GIT_URL = open.url;
      env.SLIPWAY_TEST_GIT_ROOT = open.root;
      env.SLIPWAY_TEST_GIT_AUTH_URL = locked.url;
      env.SLIPWAY_TEST_GIT_USERNAME = TEST_GIT_CREDENTIALS.username;
      env.SLIPWAY_TEST_GIT_PASSWORD = TEST_GIT_CREDENTIALS.password;
      return;
    }
    case 'kube': {
      const wasRunning = await kubeAlreadyRunning();
      const kube = await startKube();
      env.KUBECONFIG = kube.kubeconfigPath;
      env.SLIPWAY_TEST_KUBE_SERVER = kube.server;
      env.SLIPWAY_TEST_KUBE_AUDIT_LOG = kube.auditLogPath;
      if (!wasRunning) onStop(stopKube);
      return;
    }
    case 'prometheus': {
      const sim: TrafficSimulator = await startTrafficSimulator({
        apps: simulatedApps(env.SLIPWAY_TEST_SIMULATOR_APPS),
        kubeconfigPath: env.KUBECONFIG,
      });
      onStop(sim.close);
      const prometheus: Prometheus = await startPrometheus({
        scrapeTargets: [sim.scrapeTarget],
      });
      onStop(prometheus.close);
      env.SLIPWAY_TEST_PROMETHEUS_URL = prometheus.url;
      env.SLIPWAY_TEST_SIMULATOR_URL = sim.url;
      return;
    }
    default:
      throw new Error(`unknown component ${component satisfies never}`);
  }
}

/** Stops what `setupTestEnv` started, newest first; reports every failure. */
export async function teardownTestEnv(): Promise<void> {
  const running = state()[STATE_KEY];
  state()[STATE_KEY] = undefined;
  if (!running) return;
  const failures: string[] = [];
  for (const { component, stop } of running.stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      failures.push(`${component}: ${(error as Error).message}`);
    }
  }
  if (failures.length) {
    throw new Error(
      `Slipway test environment teardown failed:\n${failures.join('\n')}`,
    );
  }
}

/**
 * Starts the components (kube before prometheus, so the simulator can read
 * routing objects) and exports their details: postgres →
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING; git →
 * SLIPWAY_TEST_GIT_URL, _ROOT, _AUTH_URL, _USERNAME, _PASSWORD; kube →
 * KUBECONFIG, SLIPWAY_TEST_KUBE_SERVER, SLIPWAY_TEST_KUBE_AUDIT_LOG; prometheus →
 * SLIPWAY_TEST_PROMETHEUS_URL, SLIPWAY_TEST_SIMULATOR_URL. If one cannot
 * start, what already started is stopped and the error names it.
 */
export async function setupTestEnv(components: Component[]): Promise<void> {
  // In a multi-project run every project's global setup runs in this one
  // process before any test: share what is up instead of starting it twice.
  const running: Running = state()[STATE_KEY] ?? { stops: [], up: [] };
  state()[STATE_KEY] = running;
  const ordered = COMPONENTS.filter(
    c => components.includes(c) && !running.up.includes(c),
  );
  for (const component of ordered) {
    running.up.push(component);
    const started = Date.now();
    try {
      await startComponent(component, running);
    } catch (error) {
      await teardownTestEnv().catch(() => undefined);
      throw new Error(
        `Slipway test environment: ${component} could not start: ${
          (error as Error).message
        }`,
      );
    }
    if (process.env.SLIPWAY_TEST_ENV_VERBOSE) {
      process.stderr.write(
        `test-env: ${component} up in ${Date.now() - started} ms\n`,
      );
    }
  }
}
