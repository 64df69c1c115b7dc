import { parse as parseYaml } from 'yaml';
import { parseMetricTemplate } from './metricTemplate';

describe('parseMetricTemplate', () => {
  it('parses a Prometheus template with defaults', () => {
    const result = parseMetricTemplate(
      parseYaml(`
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata:
  name: error-rate
  namespace: istio-system
spec:
  provider:
    type: prometheus
    address: http://prometheus.istio-system:9090
    secretRef: { name: prom-basic-auth }
  query: |
    100 - sum(rate(istio_requests_total{destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}",response_code!="404"}[{{ interval }}]))
`),
    );
    expect(result.errors).toEqual([]);
    expect(result.template).toMatchObject({
      name: 'error-rate',
      namespace: 'istio-system',
      provider: {
        type: 'prometheus',
        address: 'http://prometheus.istio-system:9090',
        headers: {},
        secretRef: { name: 'prom-basic-auth' },
        insecureSkipVerify: false,
      },
    });
    expect(result.template!.query).toContain('{{ target }}');
  });

  it('reports unknown fields and bad provider types with their paths', () => {
    expect(
      parseMetricTemplate({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'MetricTemplate',
        metadata: { name: 'x' },
        spec: { provider: { type: 'mimir', url: 'http://m' }, query: '' },
      }).errors,
    ).toEqual([
      'spec.provider.type: must be one of "prometheus", "datadog", "cloudwatch", "newrelic", "graphite", "stackdriver", "influxdb", "dynatrace", "keptn", "splunk", "externalmetrics", got "mimir"',
      'spec.provider.url: unknown field',
      'spec.query: must not be empty',
    ]);
  });

  it('takes only http and https addresses: those are the only ones a check calls', () => {
    expect(
      parseMetricTemplate({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'MetricTemplate',
        metadata: { name: 'x' },
        spec: {
          provider: {
            type: 'prometheus',
            address: 'file:///var/run/secrets/token',
          },
          query: 'up',
        },
      }).errors,
    ).toEqual(['spec.provider.address: must be an http or https URL']);
  });
});

describe("parseMetricTemplate: provider headers in Flagger's shape", () => {
  const withHeaders = (headers: unknown) => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name: 'tenant-errors', namespace: 'shop' },
    spec: {
      provider: {
        type: 'prometheus',
        address: 'http://mimir.monitoring:8080/prometheus',
        headers,
      },
      query: 'vector(1)',
    },
  });

  it('reads each header name as a list of values, as an HTTP header map', () => {
    const result = parseMetricTemplate(
      parseYaml(`
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata:
  name: tenant-errors
  namespace: shop
spec:
  provider:
    type: prometheus
    address: http://mimir.monitoring:8080/prometheus
    headers:
      X-Scope-OrgID: [shop]
      Accept-Language:
        - en
        - de
      X-Unused: []
  query: vector(1)
`),
    );
    expect(result.errors).toEqual([]);
    expect(result.template!.provider.headers).toEqual({
      'X-Scope-OrgID': ['shop'],
      'Accept-Language': ['en', 'de'],
      'X-Unused': [],
    });
  });

  it('refuses a header written as a single string, naming it and showing the list form', () => {
    expect(
      parseMetricTemplate(withHeaders({ 'X-Scope-OrgID': 'shop' })).errors,
    ).toEqual([
      'spec.provider.headers.X-Scope-OrgID: must be a list of values, e.g. ["shop"]',
    ]);
  });

  it('refuses what no HTTP request can carry, naming the header and the value', () => {
    expect(
      parseMetricTemplate(
        withHeaders({
          'X Scope': ['a'],
          'X-Tenant': ['ok', 7, 'two\nlines'],
          'X-Map': { value: 'x' },
        }),
      ).errors,
    ).toEqual([
      'spec.provider.headers.X Scope: is not a valid HTTP header name',
      'spec.provider.headers.X-Tenant[1]: must be a string',
      'spec.provider.headers.X-Tenant[2]: must hold only tabs and printable Latin-1 characters, no line breaks or other control characters',
      'spec.provider.headers.X-Map: must be a list of values',
    ]);
  });
});

describe('parseMetricTemplate: null values (found by the upstream corpus test)', () => {
  // A reference template in Flagger's docs leaves every value empty, so
  // YAML reads each as null. The API server prunes null fields of a custom
  // resource before validating it, so it names only the required fields
  // that are then missing; Slipway used to call every null a wrong type.
  const template = (spec: string) =>
    parseMetricTemplate(
      parseYaml(`
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata:
  name: latency
  annotations:
spec:
${spec}`),
    );

  it('takes a null field as not set, as the API server does', () => {
    const result = template(`
  provider:
    type: prometheus
    address:
    insecureSkipVerify:
    secretRef:
  query: histogram_quantile(0.99, rate(latency_bucket[{{ interval }}]))
`);
    expect(result.errors).toEqual([]);
    expect(result.template?.provider).toEqual({
      type: 'prometheus',
      headers: {},
      insecureSkipVerify: false,
    });
  });

  it('reports a required field left null as missing', () => {
    expect(
      template(`
  provider:
    type:
    address:
    secretRef:
      name:
  query:
`).errors,
    ).toEqual([
      'spec.provider.type: required',
      'spec.provider.secretRef.name: required',
      'spec.query: required',
    ]);
  });
});
