import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { MetricsRegistry } from './metricsRegistry';
import { RoutingReader, RoutingSource } from './routingReader';
import { ALL_TO_PRIMARY, Weights } from './routingWeights';
import {
  recordTraffic,
  SimulatedAppNames,
  WorkloadRole,
} from './trafficMetrics';

export type { Weights } from './routingWeights';
export type { RoutingSource } from './routingReader';
export type { WorkloadRole } from './trafficMetrics';

export interface WorkloadBehaviour {
  /** Share of requests answered 500, 0..1. */
  errorRate: number;
  /** Latency of every request, in milliseconds. */
  latencyMs: number;
}

export interface SimulatedAppOptions {
  /** Target workload (the canary); the primary is `<name>-primary`. */
  name: string;
  namespace?: string;
  /** Apex service (default: name). */
  service?: string;
  /** NGINX ingress name (default: name). */
  ingress?: string;
  /** APISIX route name (default: name). */
  route?: string;
  port?: number;
  /** Read the split from this routing object (needs `kubeconfigPath`). */
  routing?: RoutingSource;
  /** Overrides the simulator's rate for this app. */
  requestsPerSecond?: number;
}

export interface TrafficSimulatorOptions {
  /** Default: one app `podinfo` in namespace `test`. */
  apps?: SimulatedAppOptions[];
  /** Simulated requests per second per app; default 100. */
  requestsPerSecond?: number;
  /** Wall-clock tick period; default 1000. 0 = traffic only on `tick()`. */
  tickIntervalMs?: number;
  /** Cluster holding the apps' routing objects. */
  kubeconfigPath?: string;
  port?: number;
}

export interface RequestTotals {
  requests: number;
  errors: number;
}

export interface TrafficSimulator {
  url: string;
  metricsUrl: string;
  /** `127.0.0.1:<port>`, for a Prometheus static config. */
  scrapeTarget: string;
  /** Adds an app (also `POST /apps`); throws if one of that namespace/name exists. */
  addApp(app: SimulatedAppOptions): void;
  /** Sets the split directly (apps without a routing source); primary defaults to 100 - canary. */
  setWeights(weights: { canary: number; primary?: number }, app?: string): void;
  setWorkload(
    role: WorkloadRole,
    behaviour: Partial<WorkloadBehaviour>,
    app?: string,
  ): void;
  weights(app?: string): Weights;
  /** Simulated requests sent so far to one workload. */
  totals(role: WorkloadRole, app?: string): RequestTotals;
  /** Generates `seconds` of traffic now (re-reading routing objects first). */
  tick(seconds?: number): Promise<void>;
  /** The last failure to read a routing object, if the latest read failed. */
  lastError(app?: string): Error | undefined;
  close(): Promise<void>;
}

interface AppState {
  names: SimulatedAppNames;
  routing?: RoutingSource;
  requestsPerSecond: number;
  weights: Weights;
  workloads: Record<WorkloadRole, WorkloadBehaviour>;
  totals: Record<WorkloadRole, RequestTotals>;
  lastError?: Error;
}

const ROLES: WorkloadRole[] = ['primary', 'canary'];
const DEFAULT_BEHAVIOUR: WorkloadBehaviour = { errorRate: 0, latencyMs: 10 };

function validateBehaviour(b: WorkloadBehaviour) {
  if (!(b.errorRate >= 0 && b.errorRate <= 1)) {
    throw new Error(`errorRate must be within 0..1, got ${b.errorRate}`);
  }
  if (!(b.latencyMs >= 0)) {
    throw new Error(`latencyMs must be >= 0, got ${b.latencyMs}`);
  }
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length
    ? JSON.parse(Buffer.concat(chunks).toString('utf8'))
    : {};
}

/**
 * Starts a traffic simulator: each tick it sends `requestsPerSecond ×
 * seconds` simulated requests per app, split between primary and canary
 * by the app's weights (from its routing object in the cluster, or set
 * directly), fails exactly `errorRate` of each workload's requests, and
 * exports the result under every provider's metric names at `/metrics`.
 */
export async function startTrafficSimulator(
  options: TrafficSimulatorOptions = {},
): Promise<TrafficSimulator> {
  const registry = new MetricsRegistry();
  const appOptions = options.apps ?? [{ name: 'podinfo', namespace: 'test' }];
  if (appOptions.length === 0) throw new Error('traffic simulator: no apps');
  const newApp = (a: SimulatedAppOptions): AppState => ({
    names: {
      name: a.name,
      namespace: a.namespace ?? 'default',
      service: a.service ?? a.name,
      ingress: a.ingress ?? a.name,
      route: a.route ?? a.name,
      port: a.port ?? 80,
    },
    routing: a.routing,
    requestsPerSecond: a.requestsPerSecond ?? options.requestsPerSecond ?? 100,
    weights: { ...ALL_TO_PRIMARY },
    workloads: {
      primary: { ...DEFAULT_BEHAVIOUR },
      canary: { ...DEFAULT_BEHAVIOUR },
    },
    totals: {
      primary: { requests: 0, errors: 0 },
      canary: { requests: 0, errors: 0 },
    },
  });
  const apps: AppState[] = appOptions.map(newApp);

  const needsCluster = apps.some(a => a.routing);
  if (needsCluster && !options.kubeconfigPath) {
    throw new Error(
      'traffic simulator: apps with a routing source need kubeconfigPath',
    );
  }
  const reader =
    needsCluster && options.kubeconfigPath
      ? new RoutingReader(options.kubeconfigPath)
      : undefined;

  const findApp = (key?: string): AppState => {
    if (key === undefined) return apps[0];
    const found = apps.find(
      a =>
        a.names.name === key || `${a.names.namespace}/${a.names.name}` === key,
    );
    if (!found) throw new Error(`traffic simulator: unknown app ${key}`);
    return found;
  };

  // Zero-valued series from the start, so the first increments count in rate().
  const recordZero = (app: AppState) => {
    for (const role of ROLES) {
      recordTraffic(registry, app.names, {
        role,
        requests: 0,
        errors: 0,
        latencyMs: 0,
      });
    }
  };
  apps.forEach(recordZero);

  // Tests that run side by side each add their own app, so they never share a series.
  const addApp = (a: SimulatedAppOptions) => {
    if (!a?.name) throw new Error('traffic simulator: an app needs a name');
    const key = `${a.namespace ?? 'default'}/${a.name}`;
    if (apps.some(x => `${x.names.namespace}/${x.names.name}` === key)) {
      throw new Error(`traffic simulator: app ${key} exists`);
    }
    if (a.routing && !reader) {
      throw new Error(
        'traffic simulator: apps with a routing source need kubeconfigPath',
      );
    }
    const app = newApp(a);
    apps.push(app);
    recordZero(app);
  };

  const generate = async (seconds: number) => {
    for (const app of apps) {
      if (reader && app.routing) {
        try {
          app.weights = await reader.read(app.routing, app.names);
          app.lastError = undefined;
        } catch (error) {
          // Keep the last known split; the test can inspect lastError().
          app.lastError = error as Error;
        }
      }
      for (const role of ROLES) {
        const requests =
          (app.requestsPerSecond * seconds * app.weights[role]) / 100;
        const { errorRate, latencyMs } = app.workloads[role];
        const errors = requests * errorRate;
        app.totals[role].requests += requests;
        app.totals[role].errors += errors;
        recordTraffic(registry, app.names, {
          role,
          requests,
          errors,
          latencyMs,
        });
      }
    }
  };

  // Ticks run one at a time, whether from the timer or from tick().
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (seconds: number) => {
    chain = chain.catch(() => undefined).then(() => generate(seconds));
    return chain;
  };

  const tickIntervalMs = options.tickIntervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed || tickIntervalMs <= 0) return;
    timer = setTimeout(() => {
      enqueue(tickIntervalMs / 1000)
        .catch(() => undefined)
        .then(schedule);
    }, tickIntervalMs);
  };

  const setWeights = (
    weights: { canary: number; primary?: number },
    key?: string,
  ) => {
    const app = findApp(key);
    if (app.routing) {
      throw new Error(
        `traffic simulator: ${app.names.name} reads its weights from its ${app.routing.provider} routing object`,
      );
    }
    const primary = weights.primary ?? 100 - weights.canary;
    if (weights.canary < 0 || primary < 0 || weights.canary + primary > 100) {
      throw new Error(
        `invalid weights primary=${primary} canary=${weights.canary}`,
      );
    }
    app.weights = { primary, canary: weights.canary };
  };

  const setWorkload = (
    role: WorkloadRole,
    behaviour: Partial<WorkloadBehaviour>,
    key?: string,
  ) => {
    const app = findApp(key);
    const next = { ...app.workloads[role], ...behaviour };
    validateBehaviour(next);
    app.workloads[role] = next;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(registry.render());
      return;
    }
    if (req.method === 'GET' && url.pathname === '/state') {
      send(
        200,
        apps.map(a => ({
          ...a.names,
          weights: a.weights,
          workloads: a.workloads,
          totals: a.totals,
        })),
      );
      return;
    }
    // POST /apps {"name":"web","namespace":"shop","requestsPerSecond":50} adds an app.
    if (req.method === 'POST' && url.pathname === '/apps') {
      addApp(await readJson(req));
      send(201, { ok: true });
      return;
    }
    // Control API for scripts and the demo: PUT /apps/<name>/weights
    // {"canary":20} and PUT /apps/<name>/workloads/<role> {"errorRate":0.1}.
    const control =
      /^\/apps\/([^/]+)\/(weights|workloads\/(primary|canary))$/.exec(
        url.pathname,
      );
    if (req.method === 'PUT' && control) {
      const appName = decodeURIComponent(control[1]);
      const body = await readJson(req);
      if (control[2] === 'weights') setWeights(body, appName);
      else setWorkload(control[3] as WorkloadRole, body, appName);
      send(200, { ok: true });
      return;
    }
    send(404, { error: `no route for ${req.method} ${url.pathname}` });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent)
        res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  schedule();

  return {
    url,
    metricsUrl: `${url}/metrics`,
    scrapeTarget: `127.0.0.1:${port}`,
    addApp,
    setWeights,
    setWorkload,
    weights: key => ({ ...findApp(key).weights }),
    totals: (role, key) => ({ ...findApp(key).totals[role] }),
    tick: (seconds = 1) => enqueue(seconds),
    lastError: key => findApp(key).lastError,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await chain.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
