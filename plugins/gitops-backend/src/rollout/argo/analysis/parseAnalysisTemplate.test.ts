import { argoDocs, metricsOf } from './__testUtils__/argoDocs';
import { parseAnalysisTemplate } from './parseAnalysisTemplate';

const template = (
  spec: Record<string, unknown>,
  kind = 'AnalysisTemplate',
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind,
  metadata: { name: 't' },
  spec,
});

const prom = { prometheus: { address: 'http://prom:9090', query: 'up' } };

/** A template with one metric: the given fields over a valid Prometheus metric. */
const withMetric = (fields: Record<string, unknown>) =>
  template({ metrics: [{ name: 'm', provider: prom, ...fields }] });

const errorsOf = (doc: unknown) => parseAnalysisTemplate(doc).errors;

describe('parseAnalysisTemplate', () => {
  it("reads the documentation's success-rate template", async () => {
    const doc = await argoDocs.successRate();
    const result = parseAnalysisTemplate(doc);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const { prometheus } = metricsOf(doc)[0].provider as {
      prometheus: { query: string };
    };
    expect(result.template).toEqual({
      kind: 'AnalysisTemplate',
      name: 'success-rate',
      namespace: undefined,
      args: [{ name: 'service-name' }],
      dryRun: [],
      measurementRetention: [],
      templates: [],
      metrics: [
        {
          name: 'success-rate',
          interval: '5m',
          successCondition: 'result[0] >= 0.95',
          failureLimit: 3,
          provider: {
            prometheus: {
              address: 'http://prometheus.example.com:9090',
              // The multi-line PromQL, as the docs write it.
              query: prometheus.query,
            },
          },
        },
      ],
    });
    expect(result.template!.metrics[0].provider.prometheus!.query).toContain(
      '{{args.service-name}}',
    );
  });

  it.each([
    ['error-rate', argoDocs.errorRate],
    ['rates (templates only)', argoDocs.rates],
    ['ClusterAnalysisTemplate', argoDocs.clusterSuccessRate],
    ['args-example (secretKeyRef)', argoDocs.argsExample],
    ['web metric', argoDocs.webMetric],
    ['web metric with jsonBody', argoDocs.webJsonBody],
    ['range query', argoDocs.rangeQuery],
    ['dryRun and measurementRetention', argoDocs.dryRun],
  ])('reads the documentation example %s', async (_, load) => {
    const result = parseAnalysisTemplate(await load());
    expect(result.errors).toEqual([]);
    expect(result.template).toBeDefined();
  });

  it('keeps web, args, templates and rules as written', async () => {
    const webDoc = await argoDocs.webJsonBody();
    const web = parseAnalysisTemplate(webDoc).template!;
    expect(web.metrics[0].provider.web).toEqual(
      metricsOf(webDoc)[0].provider?.web,
    );
    expect(web.metrics[0].provider.web).toMatchObject({
      method: 'POST',
      jsonBody: { key2: { key3: '{{ args.service-name }}' } },
    });
    const argsDoc = await argoDocs.argsExample();
    const args = parseAnalysisTemplate(argsDoc).template!;
    expect(args.args).toEqual((argsDoc.spec as { args: unknown }).args);
    expect(args.args[4]).toEqual({
      name: 'api-token',
      valueFrom: { secretKeyRef: { name: 'token-secret', key: 'apiToken' } },
    });
    const rates = parseAnalysisTemplate(await argoDocs.rates()).template!;
    expect(rates.templates).toEqual([
      { templateName: 'success-rate', clusterScope: false },
      { templateName: 'error-rate', clusterScope: false },
    ]);
    const cluster = parseAnalysisTemplate(await argoDocs.clusterSuccessRate())
      .template!;
    expect(cluster.kind).toBe('ClusterAnalysisTemplate');
    const rules = parseAnalysisTemplate(await argoDocs.dryRun()).template!;
    expect(rules.dryRun).toEqual([{ metricName: 'total-5xx-errors' }]);
    expect(rules.measurementRetention).toEqual([
      { metricName: 'total-5xx-errors', limit: 20 },
    ]);
  });

  it('refuses other documents', () => {
    expect(
      errorsOf({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' }),
    ).toEqual([
      '(document): expected argoproj.io/v1alpha1 AnalysisTemplate or ClusterAnalysisTemplate, got argoproj.io/v1alpha1 Rollout',
    ]);
    expect(errorsOf(null)).toHaveLength(1);
  });

  it('refuses fields the CRD does not declare, naming them', () => {
    expect(errorsOf(template({ metrics: [], foo: 1 }))).toEqual([
      'spec.foo: unknown field',
    ]);
    expect(errorsOf(withMetric({ threshold: 1 }))).toEqual([
      'spec.metrics[0].threshold: unknown field',
    ]);
    expect(
      errorsOf(
        withMetric({ provider: { prometheus: { query: 'up', step: '1m' } } }),
      ),
    ).toEqual(['spec.metrics[0].provider.prometheus.step: unknown field']);
    expect(errorsOf({ ...template({}), status: {} })).toEqual([
      'status: unknown field',
    ]);
  });

  it('refuses the types the CRD refuses', async () => {
    // The docs write `value: 9090`; the CRD types args' values as strings.
    expect(errorsOf(await argoDocs.clusterSuccessRateAsWritten())).toEqual([
      'spec.args[1].value: must be a string, got number',
    ]);
    expect(errorsOf(withMetric({ count: 1.5 }))).toEqual([
      'spec.metrics[0].count: must be an integer or a string',
    ]);
    expect(errorsOf(withMetric({ interval: 60 }))).toEqual([
      'spec.metrics[0].interval: must be a string, got number',
    ]);
    expect(errorsOf(template({ metrics: [{ provider: prom }] }))).toEqual([
      'spec.metrics[0].name: required',
    ]);
    expect(errorsOf(template({ metrics: [{ name: 'm' }] }))).toEqual([
      'spec.metrics[0].provider: required',
    ]);
    expect(
      errorsOf(
        template({ measurementRetention: [{ metricName: 'm' }], metrics: [] }),
      ),
    ).toEqual(['spec.measurementRetention[0].limit: required']);
  });

  it('reads null fields as unset, as the API server does', () => {
    const result = parseAnalysisTemplate(
      withMetric({ interval: null, count: null }),
    );
    expect(result.errors).toEqual([]);
    expect(result.template!.metrics[0].interval).toBeUndefined();
    expect(Object.keys(result.template!.metrics[0])).not.toContain('count');
  });

  it('refuses a null field the CRD does not declare, as the API server does', () => {
    expect(errorsOf(withMetric({ intervall: null }))).toEqual([
      'spec.metrics[0].intervall: unknown field',
    ]);
  });

  it('refuses a name the API server refuses', () => {
    const doc = { ...template({ metrics: [] }), metadata: { name: 'Errors' } };
    expect(errorsOf(doc)).toEqual([
      `metadata.name: must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit), got "Errors"`,
    ]);
  });

  describe("Argo's metric rules", () => {
    it('refuses duplicate metric names', () => {
      const doc = template({
        metrics: [
          { name: 'm', provider: prom },
          { name: 'm', provider: prom },
        ],
      });
      expect(errorsOf(doc)).toEqual([
        "spec.metrics[1].name: duplicate name 'm'",
      ]);
    });

    it('needs an interval for more than one measurement', () => {
      expect(errorsOf(withMetric({ count: 2 }))).toEqual([
        'spec.metrics[0].interval: must be specified when count > 1',
      ]);
      expect(errorsOf(withMetric({ count: 1 }))).toEqual([]);
      expect(errorsOf(withMetric({ count: 5, interval: '1m' }))).toEqual([]);
    });

    it('reads durations as Go does', () => {
      for (const interval of ['30s', '5m', '1h', '1h30m', '500ms', '0']) {
        expect(errorsOf(withMetric({ interval }))).toEqual([]);
      }
      expect(errorsOf(withMetric({ interval: '5 minutes' }))).toEqual([
        'spec.metrics[0].interval: time: invalid duration "5 minutes"',
      ]);
      expect(errorsOf(withMetric({ initialDelay: '5' }))).toEqual([
        'spec.metrics[0].initialDelay: time: invalid duration "5"',
      ]);
      expect(errorsOf(withMetric({ interval: '-1m' }))).toEqual([
        'spec.metrics[0].interval: must not be negative',
      ]);
    });

    it('checks limits against the count', () => {
      expect(
        errorsOf(withMetric({ count: 3, interval: '1m', failureLimit: 3 })),
      ).toEqual([]);
      expect(
        errorsOf(
          withMetric({
            count: 3,
            interval: '1m',
            failureLimit: 2,
            consecutiveSuccessLimit: 2,
          }),
        ),
      ).toEqual([
        'spec.metrics[0].count: (3) must be >= failureLimit + consecutiveSuccessLimit (2 + 2) if both >= 0',
      ]);
      expect(
        errorsOf(
          withMetric({ count: 2, interval: '1m', inconclusiveLimit: 3 }),
        ),
      ).toEqual(['spec.metrics[0].count: must be >= inconclusiveLimit']);
      expect(
        errorsOf(
          withMetric({
            count: 2,
            interval: '1m',
            failureLimit: -1,
            consecutiveSuccessLimit: 3,
          }),
        ),
      ).toEqual(['spec.metrics[0].count: must be >= consecutiveSuccessLimit']);
    });

    it('refuses limits out of range', () => {
      expect(errorsOf(withMetric({ failureLimit: -2 }))).toEqual([
        'spec.metrics[0].failureLimit: must be >= 0, or -1 to be disabled',
      ]);
      expect(errorsOf(withMetric({ failureLimit: -1 }))).toEqual([
        'spec.metrics[0].failureLimit: failureLimit and consecutiveSuccessLimit cannot both be disabled',
      ]);
      expect(
        errorsOf(withMetric({ failureLimit: -1, consecutiveSuccessLimit: 2 })),
      ).toEqual([]);
      expect(errorsOf(withMetric({ inconclusiveLimit: -1 }))).toEqual([
        'spec.metrics[0].inconclusiveLimit: must be >= 0',
      ]);
      expect(errorsOf(withMetric({ consecutiveErrorLimit: -1 }))).toEqual([
        'spec.metrics[0].consecutiveErrorLimit: must be >= 0',
      ]);
      expect(errorsOf(withMetric({ consecutiveSuccessLimit: -1 }))).toEqual([
        'spec.metrics[0].consecutiveSuccessLimit: must be >= 0',
      ]);
      expect(errorsOf(withMetric({ count: -1 }))).toEqual([
        'spec.metrics[0].count: must be >= 0',
      ]);
    });

    it('takes limits as int-or-string, placeholders checked once substituted', () => {
      expect(
        errorsOf(
          withMetric({
            count: '{{args.count}}',
            interval: '{{args.interval}}',
            failureLimit: '2',
            consecutiveErrorLimit: '{{ args.errors }}',
          }),
        ),
      ).toEqual([]);
      expect(errorsOf(withMetric({ failureLimit: 'three' }))).toEqual([
        'spec.metrics[0].failureLimit: must be an integer, or a string holding one or an {{args.…}} placeholder, got "three"',
      ]);
    });
  });

  describe('providers', () => {
    it('needs exactly one', () => {
      expect(errorsOf(withMetric({ provider: {} }))).toEqual([
        'spec.metrics[0].provider: no provider specified',
      ]);
      expect(
        errorsOf(
          withMetric({ provider: { ...prom, web: { url: 'http://x/' } } }),
        ),
      ).toEqual(['spec.metrics[0].provider: multiple providers specified']);
    });

    it('refuses, by name, the providers Slipway does not run', () => {
      expect(
        errorsOf(withMetric({ provider: { datadog: { query: 'x' } } })),
      ).toEqual([
        'spec.metrics[0].provider.datadog: Slipway does not run Datadog metrics; it runs prometheus and web',
      ]);
      expect(
        errorsOf(withMetric({ provider: { job: { spec: { template: {} } } } })),
      ).toEqual([
        'spec.metrics[0].provider.job: Slipway does not run Kubernetes Job metrics; it runs prometheus and web',
      ]);
      expect(
        errorsOf(
          withMetric({ provider: { plugin: { 'argoproj-labs/sample': {} } } }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.plugin.argoproj-labs/sample: Slipway does not run metric plugins; it runs prometheus and web',
      ]);
      for (const key of [
        'cloudWatch',
        'graphite',
        'influxdb',
        'kayenta',
        'newRelic',
        'skywalking',
        'wavefront',
      ]) {
        expect(errorsOf(withMetric({ provider: { [key]: {} } }))[0]).toMatch(
          new RegExp(
            `^spec\\.metrics\\[0\\]\\.provider\\.${key}: Slipway does not run`,
          ),
        );
      }
    });

    it('checks Prometheus fields', () => {
      const metric = (prometheus: Record<string, unknown>) =>
        withMetric({ provider: { prometheus } });
      expect(errorsOf(metric({ address: 'http://p:9090' }))).toEqual([
        'spec.metrics[0].provider.prometheus.query: required',
      ]);
      expect(
        errorsOf(metric({ address: 'prometheus:9090', query: 'up' })),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.address: must be an http or https URL',
      ]);
      expect(errorsOf(metric({ query: 'up', timeout: -1 }))).toEqual([
        'spec.metrics[0].provider.prometheus.timeout: must be 1 or more: the seconds a query may take (30 when unset)',
      ]);
      expect(
        errorsOf(
          metric({ query: 'up', headers: [{ key: 'X Org', value: 'a' }] }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.headers[0].key: must be a valid HTTP header name',
      ]);
      expect(
        errorsOf(
          metric({ query: 'up', headers: [{ key: 'X-Org', value: 'a\nb' }] }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.headers[0].value: must hold no line breaks or other control characters',
      ]);
      expect(
        errorsOf(metric({ query: 'up', headers: [{ key: 'X-Org' }] })),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.headers[0].value: required',
      ]);
      // No address: Argo's ARGO_ROLLOUTS_PROMETHEUS_ADDRESS, Slipway's metrics server.
      expect(errorsOf(metric({ query: 'up' }))).toEqual([]);
    });

    it('refuses Prometheus authentication Slipway cannot do', () => {
      const metric = (authentication: Record<string, unknown>) =>
        withMetric({
          provider: {
            prometheus: {
              address:
                'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws',
              query: 'up',
              authentication,
            },
          },
        });
      expect(errorsOf(metric({ sigv4: { region: 'eu-west-1' } }))).toEqual([
        'spec.metrics[0].provider.prometheus.authentication.sigv4: Slipway does not sign requests with AWS SigV4 (Amazon Managed Prometheus); query a Prometheus it can reach without signing',
      ]);
      expect(
        errorsOf(
          metric({
            oauth2: {
              tokenUrl: 'https://idp/token',
              clientId: 'a',
              clientSecret: 'b',
            },
          }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.authentication.oauth2: Slipway does not run the OAuth2 client-credentials flow; send a token in headers instead (from a Secret argument)',
      ]);
      const ignored = parseAnalysisTemplate(
        metric({ oauth2: { clientId: 'a' }, sigv4: {} }),
      );
      expect(ignored.errors).toEqual([]);
      expect(ignored.warnings).toEqual([
        'spec.metrics[0].provider.prometheus.authentication.oauth2: ignored without tokenUrl, as Argo Rollouts ignores it',
      ]);
    });

    it('checks range queries', () => {
      const metric = (rangeQuery: Record<string, unknown>) =>
        withMetric({ provider: { prometheus: { query: 'up', rangeQuery } } });
      expect(
        errorsOf(
          metric({ start: 'now() - duration("1h")', end: 'now()', step: '1m' }),
        ),
      ).toEqual([]);
      expect(errorsOf(metric({ end: 'now()', step: '0s' }))).toEqual([
        'spec.metrics[0].provider.prometheus.rangeQuery.start: required, e.g. now()',
        'spec.metrics[0].provider.prometheus.rangeQuery.step: must be positive',
      ]);
      expect(
        errorsOf(
          metric({ start: 'date("2024-01-01")', end: 'now()', step: '1m' }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.prometheus.rangeQuery.start: unsupported expression "date(\\"2024-01-01\\")": Slipway reads now(), now() - duration("…") and now() + duration("…")',
      ]);
    });

    it('checks web fields', () => {
      const metric = (web: Record<string, unknown>) =>
        withMetric({ provider: { web } });
      expect(errorsOf(metric({}))).toEqual([
        'spec.metrics[0].provider.web.url: required',
      ]);
      expect(errorsOf(metric({ url: 'my-server/x' }))).toEqual([
        'spec.metrics[0].provider.web.url: must be an absolute URL',
      ]);
      expect(errorsOf(metric({ url: 'ftp://x/y' }))).toEqual([
        'spec.metrics[0].provider.web.url: must be an http or https URL',
      ]);
      expect(errorsOf(metric({ url: 'http://x/', body: 'b' }))).toEqual([
        'spec.metrics[0].provider.web.method: must be POST or PUT to send body (Argo fails every GET with a body)',
      ]);
      expect(
        errorsOf(
          metric({ url: 'http://x/', method: 'GET', jsonBody: { a: 1 } }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.web.method: must be POST or PUT to send jsonBody (Argo fails every GET with a body)',
      ]);
      expect(
        errorsOf(
          metric({
            url: 'http://x/',
            method: 'POST',
            body: 'b',
            jsonBody: { a: 1 },
          }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.web: set body or jsonBody, not both (Argo fails every measurement)',
      ]);
      expect(errorsOf(metric({ url: 'http://x/', method: 'GE T' }))).toEqual([
        'spec.metrics[0].provider.web.method: must be an HTTP method, e.g. GET, POST or PUT',
      ]);
      expect(
        errorsOf(metric({ url: 'http://x/', jsonPath: '{$.data[?(@.ok)]}' })),
      ).toEqual([
        'spec.metrics[0].provider.web.jsonPath: filters ([?(…)]) are not supported',
      ]);
      expect(
        errorsOf(metric({ url: 'http://x/', jsonPath: '{$.data' })),
      ).toEqual(['spec.metrics[0].provider.web.jsonPath: unclosed action']);
      expect(
        errorsOf(
          metric({ url: 'http://x/', jsonBody: 'text', method: 'POST' }),
        ),
      ).toEqual([
        'spec.metrics[0].provider.web.jsonBody: must be an object, got string',
      ]);
      expect(
        errorsOf(metric({ url: '{{args.url}}', method: 'PUT', body: '{}' })),
      ).toEqual([]);
    });
  });

  describe('args and rules', () => {
    it('refuses an argument with a value and a valueFrom, or an empty valueFrom', () => {
      const doc = template({
        metrics: [{ name: 'm', provider: prom }],
        args: [
          {
            name: 'a',
            value: 'x',
            valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
          },
          { name: 'b', valueFrom: {} },
          { name: 'c', valueFrom: { secretKeyRef: { name: '', key: 'k' } } },
        ],
      });
      expect(errorsOf(doc)).toEqual([
        "spec.args[0]: arg 'a' has both Value and ValueFrom fields",
        'spec.args[1].valueFrom: must set secretKeyRef or fieldRef',
        'spec.args[2].valueFrom.secretKeyRef.name: must not be empty',
      ]);
    });

    it('refuses an argument declared twice with two values', () => {
      const doc = template({
        metrics: [{ name: 'm', provider: prom }],
        args: [
          { name: 'a', value: 'x' },
          { name: 'a', value: 'y' },
        ],
      });
      expect(errorsOf(doc)).toEqual([
        "spec.args: Argument `a` specified multiple times with different values: 'x', 'y'",
      ]);
    });

    it('warns that Argo does not read fieldRef in a template', () => {
      const result = parseAnalysisTemplate(
        template({
          metrics: [{ name: 'm', provider: prom }],
          args: [
            {
              name: 'env',
              valueFrom: { fieldRef: { fieldPath: "metadata.labels['env']" } },
            },
          ],
        }),
      );
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        "spec.args[0].valueFrom.fieldRef: Argo Rollouts reads fieldRef only in a Rollout's analysis args: a run fails unless the Rollout passes env",
      ]);
    });

    it('checks dry-run and retention rules', () => {
      const doc = (spec: Record<string, unknown>) =>
        template({ metrics: [{ name: 'total-5xx', provider: prom }], ...spec });
      expect(errorsOf(doc({ dryRun: [{ metricName: '(' }] }))[0]).toMatch(
        /^spec\.dryRun\[0\]\.metricName: invalid regular expression: /,
      );
      expect(
        errorsOf(doc({ dryRun: [{ metricName: '.*' }, { metricName: '.*' }] })),
      ).toEqual([
        "spec.dryRun: two Dry-Run metric rules have the same name '.*'",
      ]);
      expect(
        errorsOf(
          doc({
            measurementRetention: [
              { metricName: 'total', limit: 5 },
              { metricName: 'total', limit: 6 },
            ],
          }),
        ),
      ).toEqual([
        "spec.measurementRetention: two Measurement Retention metric rules have the same name 'total'",
      ]);
      const warned = parseAnalysisTemplate(
        doc({
          dryRun: [{ metricName: 'latency' }],
          measurementRetention: [{ metricName: '.*', limit: 0 }],
        }),
      );
      expect(warned.errors).toEqual([]);
      expect(warned.warnings).toEqual([
        "spec.dryRun[0].metricName: matches none of this template's metrics: a run fails unless a template used with it has one",
        'spec.measurementRetention[0].limit: keeps the default, 10 measurements, when 0 or less',
      ]);
    });

    it('needs a template name in references, and warns of a template with nothing to run', () => {
      expect(
        errorsOf(template({ templates: [{ clusterScope: true }] })),
      ).toEqual(['spec.templates[0].templateName: required']);
      expect(
        parseAnalysisTemplate(template({ args: [{ name: 'a' }] })).warnings,
      ).toEqual([
        'spec.metrics: no metrics and no templates: a run of this template alone fails (no metrics specified)',
      ]);
    });
  });
});
