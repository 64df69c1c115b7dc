import {
  T0,
  lookupOf,
  stored,
  template,
  testDeps,
  toStart,
} from './__testUtils__/fixtures';
import { startArgoRun } from './startArgoRun';

const successRate = template('success-rate', {
  args: [
    { name: 'service-name' },
    { name: 'canary-hash' },
    { name: 'stable-hash' },
    { name: 'team' },
  ],
  metrics: [
    {
      name: 'success-rate',
      interval: '1m',
      count: 3,
      successCondition: 'result[0] >= 0.95',
      provider: {
        prometheus: {
          address: 'http://prometheus.monitoring:9090',
          query:
            'rate(requests{service="{{args.service-name}}",hash="{{args.canary-hash}}",team="{{args.team}}"}[1m])',
        },
      },
    },
  ],
});

const withToken = template('with-token', {
  args: [
    {
      name: 'api-token',
      valueFrom: { secretKeyRef: { name: 'metrics-token', key: 'token' } },
    },
  ],
  metrics: [
    {
      name: 'checks',
      provider: {
        web: {
          url: 'http://checks.shop.svc/health',
          headers: [
            { key: 'Authorization', value: 'Bearer {{args.api-token}}' },
          ],
        },
      },
    },
  ],
});

const forever = template('forever', {
  metrics: [
    {
      name: 'up',
      interval: '30s',
      provider: { web: { url: 'http://checks.shop.svc/up' } },
    },
  ],
});

const rollout = { metadata: { name: 'shop', labels: { team: 'payments' } } };

describe('startArgoRun', () => {
  it('makes a Running run, its arguments resolved from the Rollout and the ReplicaSets', async () => {
    const run = await startArgoRun(
      toStart('shop-6d4f8c9b7-2', ['success-rate'], {
        args: [
          { name: 'service-name', value: 'shop-canary' },
          {
            name: 'canary-hash',
            valueFrom: { podTemplateHashValue: 'Latest' },
          },
          {
            name: 'stable-hash',
            valueFrom: { podTemplateHashValue: 'Stable' },
          },
          {
            name: 'team',
            valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } },
          },
        ],
      }),
      testDeps({ templates: lookupOf(successRate), rollout }),
    );
    expect(run).toMatchObject({
      phase: 'Running',
      startedAt: T0,
      terminate: false,
      metricResults: [],
    });
    expect(run.spec.args).toEqual([
      { name: 'service-name', value: 'shop-canary' },
      { name: 'canary-hash', value: '6d4f8c9b7' },
      { name: 'stable-hash', value: '5b8c7d6f4' },
      { name: 'team', value: 'payments' },
    ]);
    // The state is what the database stores.
    expect(stored(run)).toEqual(run);
  });

  it('gives a run in Error, never a throw, for a template that does not exist', async () => {
    const run = await startArgoRun(
      toStart('shop-1', ['success-rate', 'error-rate']),
      testDeps({ templates: lookupOf(successRate) }),
    );
    expect(run).toMatchObject({
      phase: 'Error',
      message: 'AnalysisTemplate "error-rate" not found',
      startedAt: T0,
      completedAt: T0,
    });
    const cluster = await startArgoRun(
      toStart('shop-2', ['success-rate'], { clusterScope: true }),
      testDeps({ templates: lookupOf(successRate) }),
    );
    expect(cluster.message).toBe(
      'ClusterAnalysisTemplate "success-rate" not found',
    );
  });

  it("does not use an AnalysisTemplate declared for another namespace, nor read that namespace's Secret", async () => {
    const theirs = template('with-token', withTokenSpec(), {
      namespace: 'team-b',
    });
    const readSecret = jest.fn(async () => ({ token: 'team-b-token' }));
    const run = await startArgoRun(
      toStart('shop-1', ['with-token']),
      testDeps({ templates: lookupOf(theirs), readSecret }),
    );
    expect(run).toMatchObject({
      phase: 'Error',
      message:
        "AnalysisTemplate \"with-token\" is declared in namespace 'team-b', outside the rollout's namespace 'shop': AnalysisTemplates resolve only there",
    });
    expect(readSecret).not.toHaveBeenCalled();
  });

  it('gives a run in Error for an argument nobody gives a value', async () => {
    const run = await startArgoRun(
      toStart('shop-1', ['success-rate'], {
        args: [{ name: 'service-name', value: 'shop-canary' }],
      }),
      testDeps({ templates: lookupOf(successRate) }),
    );
    expect(run).toMatchObject({
      phase: 'Error',
      message:
        'args.canary-hash was not resolved: the template gives it no value and the Rollout passes none; args.stable-hash was not resolved: the template gives it no value and the Rollout passes none; args.team was not resolved: the template gives it no value and the Rollout passes none',
    });
  });

  it("reads Secret arguments in the rollout's namespace only, and fails the run as Argo does when they do not resolve", async () => {
    const asked: string[] = [];
    const readSecret = async (namespace: string, name: string) => {
      asked.push(`${namespace}/${name}`);
      return name === 'metrics-token' ? { other: 'x' } : undefined;
    };
    const missingKey = await startArgoRun(
      toStart('shop-1', ['with-token']),
      testDeps({ templates: lookupOf(withToken), readSecret }),
    );
    expect(missingKey).toMatchObject({
      phase: 'Error',
      message:
        "Unable to resolve metric arguments: key 'token' does not exist in secret 'metrics-token'",
    });
    expect(asked).toEqual(['shop/metrics-token']);

    const missing = await startArgoRun(
      toStart('shop-2', ['with-token']),
      testDeps({
        templates: lookupOf(withToken),
        readSecret: async () => undefined,
      }),
    );
    expect(missing.message).toBe(
      'Unable to resolve metric arguments: secrets "metrics-token" not found',
    );

    const ok = await startArgoRun(
      toStart('shop-3', ['with-token']),
      testDeps({
        templates: lookupOf(withToken),
        readSecret: async () => ({ token: 'hunter2' }),
      }),
    );
    expect(ok.phase).toBe('Running');
    expect(ok.spec.args).toEqual([
      {
        name: 'api-token',
        secretKeyRef: { name: 'metrics-token', key: 'token' },
      },
    ]);
    expect(JSON.stringify(ok)).not.toContain('hunter2');
  });

  it('refuses a metric that would never end in analysis that must (a step), not in background analysis', async () => {
    const step = await startArgoRun(
      toStart('shop-1', ['forever'], { kind: 'step' }),
      testDeps({ templates: lookupOf(forever) }),
    );
    expect(step).toMatchObject({
      phase: 'Error',
      message:
        'Analysis spec invalid: metric up runs indefinitely. Invalid value for count: (unset)',
    });
    const background = await startArgoRun(
      toStart('shop-2', ['forever'], { kind: 'background' }),
      testDeps({ templates: lookupOf(forever) }),
    );
    expect(background.phase).toBe('Running');
  });

  it('rejects when aborted, rather than failing the run', async () => {
    const controller = new AbortController();
    const readSecret = async () => {
      controller.abort(new Error('tick cancelled'));
      throw new Error('aborted');
    };
    await expect(
      startArgoRun(
        toStart('shop-1', ['with-token']),
        testDeps({
          templates: lookupOf(withToken),
          readSecret,
          signal: controller.signal,
        }),
      ),
    ).rejects.toThrow('tick cancelled');
  });
});

function withTokenSpec() {
  return {
    args: [
      {
        name: 'api-token',
        valueFrom: { secretKeyRef: { name: 'metrics-token', key: 'token' } },
      },
    ],
    metrics: [
      {
        name: 'checks',
        provider: { web: { url: 'http://checks.team-b.svc/health' } },
      },
    ],
  };
}
