import { uniqueName } from '../../../clusters/__testUtils__/localKube';

/** Prometheus and the traffic simulator the jest global setup started (`prometheus`). */
export function testPrometheusUrl(): string {
  const url = process.env.SLIPWAY_TEST_PROMETHEUS_URL;
  if (!url)
    throw new Error(
      'SLIPWAY_TEST_PROMETHEUS_URL is unset: add prometheus to slipwayTestEnv',
    );
  return url;
}

function simulatorUrl(): string {
  const url = process.env.SLIPWAY_TEST_SIMULATOR_URL;
  if (!url)
    throw new Error(
      'SLIPWAY_TEST_SIMULATOR_URL is unset: add prometheus to slipwayTestEnv',
    );
  return url;
}

async function call(method: string, path: string, body: unknown) {
  const response = await fetch(`${simulatorUrl()}${path}`, {
    method,
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(
      `simulator ${method} ${path}: ${
        response.status
      } ${await response.text()}`,
    );
}

export interface SimulatedCanary {
  name: string;
  namespace: string;
}

/**
 * Adds an app of its own to the shared traffic simulator, so test files
 * running side by side never read each other's series, with the canary's
 * behaviour set before it gets any traffic.
 */
export async function simulatedCanary(options: {
  canaryWeight: number;
  errorRate?: number;
  latencyMs?: number;
}): Promise<SimulatedCanary> {
  const app = { name: uniqueName('canary'), namespace: 'shop' };
  await call('POST', '/apps', app);
  await call('PUT', `/apps/${app.name}/workloads/canary`, {
    errorRate: options.errorRate ?? 0,
    latencyMs: options.latencyMs ?? 10,
  });
  await call('PUT', `/apps/${app.name}/weights`, {
    canary: options.canaryWeight,
  });
  return app;
}
