import { operatorOutboundPolicy, projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import { canarySpec } from '../engine/__testUtils__/rolloutSpecs';
import { parseMetricTemplate } from '../spec/metricTemplate';
import { PrometheusProvider } from './PrometheusProvider';
import { MetricChecksInput, runMetricChecks } from './runMetricChecks';
import {
  prometheusVector,
  recordingServer,
} from './__testUtils__/localServers';

/**
 * Templated metrics against a local stand-in for Prometheus: no cluster
 * and no real Prometheus needed.
 */
describe('runMetricChecks: MetricTemplates', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  let address: string;
  let seen: typeof server.requests;

  beforeAll(async () => {
    server = await recordingServer(prometheusVector('0.5'));
    address = server.url;
    seen = server.requests;
  });
  afterAll(() => server.close());

  const tenantErrors = {
    name: 'tenant-errors',
    templateRef: { name: 'tenant-errors' },
    thresholdRange: { max: 1 },
  };
  const input = (extra: Partial<MetricChecksInput>): MetricChecksInput => ({
    spec: canarySpec({ metrics: [tenantErrors] }),
    templates: [],
    providers: type =>
      type === 'prometheus' ? new PrometheusProvider() : undefined,
    readSecret: async () => undefined,
    projectPolicy: projectOutboundPolicy(testProject()),
    operatorPolicy: operatorOutboundPolicy(),
    target: { name: 'podinfo', namespace: 'test' },
    ...extra,
  });

  it('sends every value of every header the template names, beside the secret’s credentials', async () => {
    const parsed = parseMetricTemplate({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: { name: 'tenant-errors', namespace: 'test' },
      spec: {
        provider: {
          type: 'prometheus',
          address,
          headers: {
            'X-Scope-OrgID': ['shop'],
            'Accept-Language': ['en', 'de'],
            'X-Unused': [],
          },
          secretRef: { name: 'prom-token' },
        },
        query: 'vector(1)',
      },
    });
    expect(parsed.errors).toEqual([]);
    const from = seen.length;

    const result = await runMetricChecks(
      input({
        templates: [parsed.template!],
        readSecret: async (ns, name) =>
          `${ns}/${name}` === 'test/prom-token' ? { token: 't0k' } : undefined,
      }),
    );

    expect(result).toMatchObject({ passed: true, results: [{ value: 0.5 }] });
    const [request] = seen.slice(from);
    expect(request.headers).toMatchObject({
      'x-scope-orgid': 'shop',
      'accept-language': 'en, de',
      authorization: 'Bearer t0k',
    });
    expect(request.headers).not.toHaveProperty('x-unused');
  });

  it('says a template is invalid, and why, instead of not found', async () => {
    const from = seen.length;
    const result = await runMetricChecks(
      input({
        invalidTemplates: [
          {
            name: 'tenant-errors',
            namespace: 'test',
            errors: [
              'spec.provider.headers.X-Scope-OrgID: must be a list of values, e.g. ["shop"]',
            ],
          },
        ],
      }),
    );
    expect(result).toMatchObject({
      passed: false,
      failed: 'tenant-errors',
      message:
        'Metric query failed for tenant-errors: MetricTemplate tenant-errors.test is invalid: spec.provider.headers.X-Scope-OrgID: must be a list of values, e.g. ["shop"]',
    });
    expect(seen.length).toBe(from);
  });

  it('finds an invalid template without a namespace in the rollout’s, and not one declared elsewhere', async () => {
    const errors = ['spec.query: must not be empty'];
    const run = (namespace?: string) =>
      runMetricChecks(
        input({
          invalidTemplates: [{ name: 'tenant-errors', namespace, errors }],
        }),
      );
    expect((await run(undefined)).message).toBe(
      'Metric query failed for tenant-errors: MetricTemplate tenant-errors.test is invalid: spec.query: must not be empty',
    );
    expect((await run('other')).message).toBe(
      "Metric query failed for tenant-errors: MetricTemplate tenant-errors is declared in namespace 'other', outside the rollout's namespace 'test': MetricTemplates resolve only there",
    );
  });
});
