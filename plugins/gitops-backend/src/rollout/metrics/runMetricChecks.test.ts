import { waitUntil } from '@internal/test-env';
import { operatorOutboundPolicy, projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import {
  parseMetricTemplate,
  MetricTemplateSpec,
} from '../spec/metricTemplate';
import { parseRolloutDocument } from '../spec/parse';
import type { OnNoData, RolloutSpec } from '../spec/types';
import { PrometheusProvider } from './PrometheusProvider';
import {
  closedPort,
  prometheusVector,
  recordingServer,
} from './__testUtils__/localServers';
import {
  MetricChecksInput,
  MetricChecksResult,
  runMetricChecks,
} from './runMetricChecks';
import {
  SimulatedCanary,
  simulatedCanary,
  testPrometheusUrl,
} from './__testUtils__/simulatedCanary';

const prometheus = new PrometheusProvider();

/** The canary's error percentage, as a team would write it in a MetricTemplate. */
const ERROR_RATE_QUERY =
  '100 - sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}",response_code!~"5.*"}[{{ interval }}])) / sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}"}[{{ interval }}])) * 100';

function template(
  name: string,
  spec: Record<string, unknown>,
): MetricTemplateSpec {
  const parsed = parseMetricTemplate({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name, namespace: 'shop' },
    spec,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.template!;
}

const errorRate = template('error-rate', {
  provider: { type: 'prometheus', address: testPrometheusUrl() },
  query: ERROR_RATE_QUERY,
});

function canary(
  app: SimulatedCanary,
  metrics: unknown[],
  onNoData?: OnNoData,
  metricsServer = testPrometheusUrl(),
): RolloutSpec {
  const result = parseRolloutDocument(
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: app.name, namespace: app.namespace },
      spec: {
        provider: 'istio',
        targetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app.name,
        },
        service: { port: 9898 },
        analysis: {
          interval: '1m',
          threshold: 2,
          stepWeight: 10,
          maxWeight: 50,
          metrics,
          ...(onNoData ? { onNoData } : {}),
        },
      },
    },
    { defaultMetricsServer: metricsServer },
  );
  expect(result.errors).toEqual([]);
  return result.spec!;
}

const SUCCESS_RATE = {
  name: 'request-success-rate',
  interval: '1m',
  thresholdRange: { min: 99 },
};
const DURATION = {
  name: 'request-duration',
  interval: '1m',
  thresholdRange: { max: 500 },
};
const ERROR_RATE = {
  name: 'error-rate',
  templateRef: { name: 'error-rate' },
  thresholdRange: { max: 1 },
};

function input(
  app: SimulatedCanary,
  spec: RolloutSpec,
  extra: Partial<MetricChecksInput> = {},
): MetricChecksInput {
  return {
    spec,
    templates: [errorRate],
    providers: type => (type === 'prometheus' ? prometheus : undefined),
    readSecret: async () => undefined,
    projectPolicy: projectOutboundPolicy(testProject()),
    operatorPolicy: operatorOutboundPolicy(),
    target: app,
    ...extra,
  };
}

/** Runs the checks until Prometheus has scraped enough samples for `ready` to hold. */
function settled(
  run: () => Promise<MetricChecksResult>,
  ready: (r: MetricChecksResult) => boolean,
) {
  return waitUntil(run, {
    description: 'the metric checks to have the samples they need',
    timeoutMs: 40_000,
    intervalMs: 250,
    until: ready,
  });
}

const allMeasured = (r: MetricChecksResult) =>
  r.results.every(c => c.value !== undefined);

describe('runMetricChecks', () => {
  it('passes a healthy canary: builtins, then the templated metric', async () => {
    const app = await simulatedCanary({
      canaryWeight: 50,
      errorRate: 0,
      latencyMs: 20,
    });
    const spec = canary(app, [ERROR_RATE, SUCCESS_RATE, DURATION]);
    const result = await settled(
      () => runMetricChecks(input(app, spec)),
      r => r.passed,
    );

    expect(result.results.map(r => r.name)).toEqual([
      'request-success-rate',
      'request-duration',
      'error-rate',
    ]);
    const [success, duration, errors] = result.results;
    expect(success).toMatchObject({ passed: true, value: 100, min: 99 });
    expect(duration.value).toBeGreaterThan(10);
    expect(duration.value).toBeLessThanOrEqual(20);
    expect(duration).toMatchObject({ passed: true, max: 500 });
    expect(errors).toMatchObject({ passed: true, value: 0, max: 1 });
    expect(result).toMatchObject({ passed: true, inconclusive: false });
    expect(result.message).toBeUndefined();
  });

  it("halts on a low success rate with Flagger's message and skips the rest", async () => {
    const app = await simulatedCanary({ canaryWeight: 50, errorRate: 0.1 });
    const spec = canary(app, [SUCCESS_RATE, DURATION, ERROR_RATE]);
    const result = await settled(
      () => runMetricChecks(input(app, spec)),
      allMeasured,
    );

    expect(result.results).toHaveLength(1);
    const [check] = result.results;
    expect(check.value).toBeCloseTo(90, 1);
    expect(result).toMatchObject({
      passed: false,
      inconclusive: false,
      failed: 'request-success-rate',
      message: `Halt ${
        app.name
      }.shop advancement success rate ${check.value!.toFixed(2)}% < 99%`,
    });
  });

  it('halts on a slow canary in milliseconds', async () => {
    const app = await simulatedCanary({ canaryWeight: 50, latencyMs: 620 });
    const spec = canary(app, [DURATION]);
    const result = await settled(
      () => runMetricChecks(input(app, spec)),
      allMeasured,
    );

    // 620 ms falls in the (500, 1000] bucket; histogram_quantile interpolates inside it.
    const value = result.results[0].value!;
    expect(value).toBeGreaterThan(500);
    expect(result.message).toBe(
      `Halt ${app.name}.shop advancement request duration ${Math.trunc(
        value,
      )}ms > 500ms`,
    );
  });

  it('halts on a templated metric above its range', async () => {
    const app = await simulatedCanary({ canaryWeight: 50, errorRate: 0.1 });
    const spec = canary(app, [ERROR_RATE]);
    const result = await settled(
      () => runMetricChecks(input(app, spec)),
      allMeasured,
    );

    expect(result.results[0].value).toBeCloseTo(10, 1);
    expect(result.message).toBe(
      `Halt ${
        app.name
      }.shop advancement error-rate ${result.results[0].value!.toFixed(2)} > 1`,
    );
  });

  it("runs a deprecated inline query on the rollout's metrics server", async () => {
    const app = await simulatedCanary({ canaryWeight: 50, errorRate: 0.1 });
    const spec = canary(app, [
      {
        name: 'canary-errors',
        query: ERROR_RATE_QUERY,
        thresholdRange: { max: 5 },
      },
    ]);
    const result = await settled(
      () => runMetricChecks(input(app, spec, { templates: [] })),
      allMeasured,
    );

    const value = result.results[0].value!;
    expect(value).toBeCloseTo(10, 1);
    expect(result.message).toBe(
      `Halt ${app.name}.shop advancement canary-errors ${value.toFixed(2)} > 5`,
    );
  });

  describe('a canary without traffic', () => {
    let app: SimulatedCanary;
    beforeAll(async () => {
      app = await simulatedCanary({ canaryWeight: 0 });
      // Wait for the primary's traffic, so the canary's series exist and its ratio is 0/0 = NaN.
      await waitUntil(
        () =>
          prometheus.query(
            `sum(rate(istio_requests_total{reporter="destination",destination_workload="${app.name}-primary"}[1m]))`,
            { address: testPrometheusUrl() },
          ),
        {
          description: "the primary's request rate in Prometheus",
          timeoutMs: 40_000,
          intervalMs: 250,
          until: rate => rate !== undefined && rate > 0,
        },
      );
    });

    it('fails by default, naming the provider and the target', async () => {
      const result = await runMetricChecks(
        input(app, canary(app, [SUCCESS_RATE, ERROR_RATE])),
      );
      expect(result).toMatchObject({
        passed: false,
        inconclusive: false,
        failed: 'request-success-rate',
      });
      expect(result.message).toBe(
        `Halt advancement no values found for istio metric request-success-rate probably ${app.name}.shop is not receiving traffic`,
      );
      expect(result.results[0].value).toBeUndefined();

      const custom = await runMetricChecks(
        input(app, canary(app, [ERROR_RATE])),
      );
      expect(custom.message).toBe(
        'Halt advancement no values found for custom metric: error-rate',
      );
    });

    it('passes under onNoData: ignore, saying so', async () => {
      const result = await runMetricChecks(
        input(app, canary(app, [SUCCESS_RATE, ERROR_RATE], 'ignore')),
      );
      expect(result).toMatchObject({ passed: true, inconclusive: false });
      expect(result.results.map(r => [r.name, r.passed, r.message])).toEqual([
        [
          'request-success-rate',
          true,
          `Ignored: no values found for istio metric request-success-rate probably ${app.name}.shop is not receiving traffic (onNoData: ignore)`,
        ],
        [
          'error-rate',
          true,
          'Ignored: no values found for custom metric: error-rate (onNoData: ignore)',
        ],
      ]);
    });

    it('stops as inconclusive under onNoData: inconclusive', async () => {
      const result = await runMetricChecks(
        input(app, canary(app, [SUCCESS_RATE, ERROR_RATE], 'inconclusive')),
      );
      expect(result).toMatchObject({
        passed: false,
        inconclusive: true,
        failed: 'request-success-rate',
      });
      expect(result.results).toHaveLength(1);
      expect(result.results[0]).toMatchObject({
        passed: false,
        inconclusive: true,
      });
      expect(result.message).toMatch(
        /^Inconclusive: no values found for istio metric request-success-rate/,
      );
    });
  });

  it('fails the check when Prometheus is down', async () => {
    const port = await closedPort();
    const app = await simulatedCanary({ canaryWeight: 10 });
    const address = `http://127.0.0.1:${port}`;

    const result = await runMetricChecks(
      input(app, canary(app, [SUCCESS_RATE], undefined, address)),
    );
    expect(result).toMatchObject({ passed: false, inconclusive: false });
    expect(result.message).toBe(
      `Metric query failed for request-success-rate: Prometheus at ${address} is unreachable: connect ECONNREFUSED ${address.slice(
        7,
      )}`,
    );
  });

  it('fails a query that returns two series', async () => {
    const app = await simulatedCanary({ canaryWeight: 50 });
    // Forgetting the reporter label: Istio reports each request from both sides.
    const perReporter = template('per-reporter', {
      provider: { type: 'prometheus' },
      query:
        'sum by (reporter) (rate(istio_requests_total{destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ target }}"}[{{ interval }}]))',
    });
    const spec = canary(app, [
      {
        name: 'requests',
        templateRef: { name: 'per-reporter' },
        thresholdRange: { min: 1 },
      },
    ]);
    const result = await settled(
      () => runMetricChecks(input(app, spec, { templates: [perReporter] })),
      r => !/no values found/.test(r.message ?? ''),
    );
    expect(result.message).toBe(
      'Metric query failed for requests: query returned 2 series; a check needs exactly one',
    );
  });

  it('fails, without throwing, on an unknown template, provider or secret', async () => {
    const app = await simulatedCanary({ canaryWeight: 10 });
    const datadog = template('dd-errors', {
      provider: { type: 'datadog' },
      query: 'avg:errors{*}',
    });
    const secured = template('secured', {
      provider: { type: 'prometheus', secretRef: { name: 'prom-auth' } },
      query: 'vector(1)',
    });
    const byIngress = template('by-ingress', {
      provider: { type: 'prometheus' },
      query: 'x{ingress="{{ ingress }}"}',
    });
    const run = (metric: Record<string, unknown>) =>
      runMetricChecks(
        input(app, canary(app, [metric]), {
          templates: [datadog, secured, byIngress],
        }),
      );

    expect(
      (await run({ name: 'a', templateRef: { name: 'missing' } })).message,
    ).toBe('Metric query failed for a: MetricTemplate missing.shop not found');
    expect(
      (
        await run({
          name: 'b',
          templateRef: { name: 'dd-errors', namespace: 'other' },
        })
      ).message,
    ).toBe(
      "Metric query failed for b: templateRef dd-errors.other is outside the rollout's namespace 'shop': MetricTemplates resolve only there",
    );
    expect(
      (await run({ name: 'c', templateRef: { name: 'dd-errors' } })).message,
    ).toBe(
      'Metric query failed for c: no metric provider of type "datadog" is installed',
    );
    expect(
      (await run({ name: 'd', templateRef: { name: 'secured' } })).message,
    ).toBe('Metric query failed for d: secret shop/prom-auth not found');
    expect(
      (await run({ name: 'e', templateRef: { name: 'by-ingress' } })).message,
    ).toBe(
      'Metric query failed for e: template variable "ingress" is not defined',
    );
  });

  it("sends the template's headers and the secret's credentials", async () => {
    const server = await recordingServer(prometheusVector('0.5'));
    const address = server.url;
    try {
      const app = await simulatedCanary({ canaryWeight: 10 });
      const withSecret = (name: string) =>
        template(name, {
          provider: {
            type: 'prometheus',
            address,
            headers: { 'X-Scope-OrgID': ['shop'] },
            secretRef: { name },
          },
          query: 'vector(1)',
        });
      const secrets: Record<string, Record<string, string>> = {
        'shop/token': { token: 't0k' },
        'shop/basic': { username: 'ann', password: 'pw' },
        'shop/empty': { other: 'x' },
      };
      const run = (name: string) =>
        runMetricChecks(
          input(
            app,
            canary(app, [
              { name, templateRef: { name }, thresholdRange: { max: 1 } },
            ]),
            {
              templates: [
                withSecret('token'),
                withSecret('basic'),
                withSecret('empty'),
              ],
              readSecret: async (ns, secret) => secrets[`${ns}/${secret}`],
            },
          ),
        );

      expect(await run('token')).toMatchObject({
        passed: true,
        results: [{ value: 0.5 }],
      });
      expect(await run('basic')).toMatchObject({ passed: true });
      const seen = server.requests.map(r => r.headers);
      expect(seen.map(h => [h.authorization, h['x-scope-orgid']])).toEqual([
        ['Bearer t0k', 'shop'],
        [`Basic ${Buffer.from('ann:pw').toString('base64')}`, 'shop'],
      ]);
      expect((await run('empty')).message).toBe(
        'Metric query failed for empty: secret shop/empty has neither a token nor a username and password',
      );
    } finally {
      await server.close();
    }
  });

  it('runs only the named metrics when asked', async () => {
    const app = await simulatedCanary({ canaryWeight: 0 });
    const spec = canary(app, [SUCCESS_RATE, ERROR_RATE], 'ignore');
    const result = await runMetricChecks(
      input(app, spec, { only: ['error-rate'] }),
    );
    expect(result.results.map(r => r.name)).toEqual(['error-rate']);
  });

  it("never reads another namespace's secret nor sends it anywhere: a template declared or referenced elsewhere is refused", async () => {
    const server = await recordingServer({ status: 200, body: '{}' });
    const address = server.url;
    try {
      const app = await simulatedCanary({ canaryWeight: 10 });
      // Team A's repository names team B's secret and its own address.
      const stolen = parseMetricTemplate({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'MetricTemplate',
        metadata: { name: 'stolen', namespace: 'team-b' },
        spec: {
          provider: {
            type: 'prometheus',
            address,
            secretRef: { name: 'prometheus-token' },
          },
          query: 'vector(1)',
        },
      }).template!;
      const secretsRead: string[] = [];
      const run = (metric: Record<string, unknown>) =>
        runMetricChecks(
          input(app, canary(app, [metric]), {
            templates: [stolen],
            readSecret: async (ns, name) => {
              secretsRead.push(`${ns}/${name}`);
              return { token: 'team-b-token' };
            },
          }),
        );
      expect(
        (
          await run({
            name: 'by-ref',
            templateRef: { name: 'stolen', namespace: 'team-b' },
          })
        ).message,
      ).toBe(
        "Metric query failed for by-ref: templateRef stolen.team-b is outside the rollout's namespace 'shop': MetricTemplates resolve only there",
      );
      expect(
        (await run({ name: 'by-doc', templateRef: { name: 'stolen' } }))
          .message,
      ).toBe(
        "Metric query failed for by-doc: MetricTemplate stolen is declared in namespace 'team-b', outside the rollout's namespace 'shop': MetricTemplates resolve only there",
      );
      expect(secretsRead).toEqual([]);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("queries a template's own address only on the project's outboundHosts, and the operator's server always", async () => {
    const server = await recordingServer({
      status: 200,
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'scalar', result: [1, '0.5'] },
      }),
    });
    const address = server.url;
    try {
      const app = await simulatedCanary({ canaryWeight: 10 });
      const own = template('own', {
        provider: { type: 'prometheus', address },
        query: 'vector(1)',
      });
      const closed = projectOutboundPolicy(
        testProject({ name: 'team-a', outboundHosts: [] }),
      );
      const refused = await runMetricChecks(
        input(
          app,
          canary(app, [
            {
              name: 'own',
              templateRef: { name: 'own' },
              thresholdRange: { max: 1 },
            },
          ]),
          {
            templates: [own],
            projectPolicy: closed,
          },
        ),
      );
      expect(refused.message).toBe(
        `Metric query failed for own: URL host ${
          new URL(address).host
        } is not in the outboundHosts of project 'team-a'`,
      );
      expect(server.requests).toEqual([]);
      // The same server as the operator's default: allowed whatever the project says.
      const spec = canary(
        app,
        [{ name: 'q', query: 'vector(1)', thresholdRange: { max: 1 } }],
        undefined,
        address,
      );
      const allowed = await runMetricChecks(
        input(app, spec, {
          templates: [],
          projectPolicy: closed,
          defaultMetricsServer: address,
        }),
      );
      expect(allowed).toMatchObject({
        passed: true,
        results: [{ value: 0.5 }],
      });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
