import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { startTestBackend } from '@backstage/backend-test-utils';
import { metrics as otelMetrics } from '@opentelemetry/api';
import { EngineMetrics } from './EngineMetrics';
import { OtelEngineMetrics } from './OtelEngineMetrics';
import { TestMeterProvider } from './__testUtils__/collectMetrics';

// The metrics service hands out meters of the process-wide OpenTelemetry
// provider, which the backend's SDK setup registers before the backend starts.
describe("Backstage's metrics service as the engines' meter", () => {
  const sdk = new TestMeterProvider();

  beforeAll(() => {
    if (!otelMetrics.setGlobalMeterProvider(sdk.api)) {
      throw new Error(
        'Another OpenTelemetry meter provider is already registered',
      );
    }
  });

  afterAll(async () => {
    otelMetrics.disable();
    await sdk.shutdown();
  });

  it('is provided by the default backend services and exports under the plugin scope', async () => {
    let engineMetrics: EngineMetrics | undefined;
    const probe = createBackendPlugin({
      pluginId: 'gitops',
      register(env) {
        env.registerInit({
          deps: { metrics: metricsServiceRef },
          async init({ metrics }) {
            engineMetrics = new OtelEngineMetrics(metrics);
          },
        });
      },
    });
    const backend = await startTestBackend({ features: [probe] });
    try {
      engineMetrics!.reconcileDone({ seconds: 0.5, ok: true, synced: false });
      const collected = await sdk.collect('backstage-plugin-gitops');
      expect(
        collected.point('gitops.sync.reconcile.count', {
          result: 'ok',
          synced: false,
        })?.value,
      ).toBe(1);
    } finally {
      await backend.stop();
    }
  });
});
