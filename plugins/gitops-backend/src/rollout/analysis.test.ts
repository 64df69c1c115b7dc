import { mockServices } from '@backstage/backend-test-utils';
import type { RolloutCluster } from '@slipway/plugin-gitops-node';
import { testProject } from '../__testUtils__/testProject';
import { createRolloutAnalysis } from './analysis';
import { canarySpec } from './engine/__testUtils__/rolloutSpecs';
import type { ActiveRollout } from './engine/ports';

/** A rollout in namespace `test` with the documents rendered beside it. */
function rolloutWith(
  documents: unknown[],
  analysis: Record<string, unknown>,
): ActiveRollout {
  return {
    appKey: 'component:default/podinfo@local',
    rollout: 'podinfo',
    project: testProject(),
    target: {
      cluster: {
        name: 'local',
        get: async () => undefined,
      } as unknown as RolloutCluster,
      namespace: 'test',
      spec: canarySpec(analysis),
    },
    documents,
  };
}

const tenantErrors = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'MetricTemplate',
  metadata: { name: 'tenant-errors', namespace: 'test' },
  spec: {
    provider: {
      type: 'prometheus',
      address: 'http://127.0.0.1:9/prometheus',
      // Flagger's shape is a list per header; one string is not.
      headers: { 'X-Scope-OrgID': 'shop' },
    },
    query: 'vector(1)',
  },
};

const latency = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'MetricTemplate',
  metadata: { name: 'latency' },
  spec: {
    provider: { type: 'mimir', address: 'http://127.0.0.1:9/prometheus' },
    query: 'vector(1)',
  },
};

const onCall = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'AlertProvider',
  metadata: { name: 'on-call' },
  spec: {
    type: 'slack',
    address: 'https://hooks.slack.com/services/T/B/X',
    secretRef: { name: 'slack-url' },
  },
};

describe('createRolloutAnalysis: invalid MetricTemplates and AlertProviders', () => {
  const analysis = createRolloutAnalysis({
    logger: mockServices.logger.mock(),
  });

  it('fails the check naming the invalid template and its field, not "not found"', async () => {
    const check = async (name: string) => {
      const rollout = rolloutWith([tenantErrors, latency], {
        metrics: [{ name, templateRef: { name }, thresholdRange: { max: 1 } }],
      });
      return analysis.metrics(rollout, new AbortController().signal);
    };
    expect(await check('latency')).toMatchObject({
      passed: false,
      failed: 'latency',
      message:
        'Metric query failed for latency: MetricTemplate latency.test is invalid: spec.provider.type: must be one of "prometheus", "datadog", "cloudwatch", "newrelic", "graphite", "stackdriver", "influxdb", "dynatrace", "keptn", "splunk", "externalmetrics", got "mimir"',
    });
    expect(await check('tenant-errors')).toMatchObject({
      passed: false,
      failed: 'tenant-errors',
      message:
        'Metric query failed for tenant-errors: MetricTemplate tenant-errors.test is invalid: spec.provider.headers.X-Scope-OrgID: must be a list of values, e.g. ["shop"]',
    });
  });

  it("returns what the rollout's events should say about an alert its provider kept from being sent", async () => {
    const rollout = rolloutWith([onCall], {
      alerts: [
        { name: 'pager', severity: 'error', providerRef: { name: 'on-call' } },
      ],
    });
    expect(await analysis.alert(rollout, 'error', 'Canary failed')).toEqual([
      'Alert pager not sent: AlertProvider on-call.test is invalid: spec.address: must not be set together with spec.secretRef: give the webhook URL either here or as the secret\'s "address" key, not both',
    ]);
  });
});
