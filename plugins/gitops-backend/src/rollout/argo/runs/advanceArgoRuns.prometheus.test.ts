import { waitUntil } from '@internal/test-env';
import { projectOutboundPolicy } from '../../../outbound';
import { testProject } from '../../../__testUtils__/testProject';
import { PrometheusProvider } from '../../metrics/PrometheusProvider';
import {
  SimulatedCanary,
  simulatedCanary,
  testPrometheusUrl,
} from '../../metrics/__testUtils__/simulatedCanary';
import type { AnalysisRunState } from '../analysis';
import {
  lookupOf,
  manualClock,
  stored,
  template,
  testDeps,
  toStart,
} from './__testUtils__/fixtures';
import { advanceArgoRuns } from './advanceArgoRuns';
import { startArgoRun } from './startArgoRun';
import type { ArgoRunsDeps } from './types';

jest.setTimeout(90_000);

// Argo's success-rate analysis against the real Prometheus of the test
// environment, scraping the traffic simulator's Istio series for a canary
// of the test's own.

const series = (extra = '') =>
  `istio_requests_total{reporter="destination",destination_workload_namespace="{{args.namespace}}",destination_workload="{{args.service}}"${extra}}`;
const SUCCESS_RATE = `sum(rate(${series(
  ',response_code!~"5.*"',
)}[30s])) / sum(rate(${series()}[30s]))`;

const successRate = (
  fields: Record<string, unknown>,
  address: string | undefined = testPrometheusUrl(),
) =>
  template('success-rate', {
    args: [{ name: 'service' }, { name: 'namespace' }],
    metrics: [
      {
        name: 'success-rate',
        successCondition: 'result[0] >= 0.95',
        provider: {
          prometheus: { ...(address ? { address } : {}), query: SUCCESS_RATE },
        },
        ...fields,
      },
    ],
  });

/** A canary with `errorRate`, once Prometheus has enough samples to rate it. */
async function canaryWithData(errorRate: number): Promise<SimulatedCanary> {
  const app = await simulatedCanary({ canaryWeight: 100, errorRate });
  const query = SUCCESS_RATE.replaceAll(
    '{{args.namespace}}',
    app.namespace,
  ).replaceAll('{{args.service}}', app.name);
  await waitUntil(
    () =>
      new PrometheusProvider().query(query, { address: testPrometheusUrl() }),
    {
      description: `the success rate of ${app.name} in Prometheus`,
      timeoutMs: 40_000,
      intervalMs: 250,
      until: rate =>
        rate !== undefined && Math.abs(rate - (1 - errorRate)) < 0.001,
    },
  );
  return app;
}

/** Starts the run and advances it at each time of `clock` it is given, storing the state between ticks. */
async function runOf(app: SimulatedCanary, deps: ArgoRunsDeps) {
  let run: AnalysisRunState = stored(
    await startArgoRun(
      toStart('canary-run', ['success-rate'], {
        args: [
          { name: 'service', value: app.name },
          { name: 'namespace', value: app.namespace },
        ],
      }),
      deps,
    ),
  );
  return {
    get run() {
      return run;
    },
    async advance() {
      const result = await advanceArgoRuns({ 'canary-run': run }, deps);
      run = stored(result.runs['canary-run']);
      return result;
    },
  };
}

/** The single number of a vector value such as `[0.9]`. */
const single = (value: string | undefined) => {
  const values = JSON.parse(value ?? '[]') as number[];
  expect(values).toHaveLength(1);
  return values[0];
};

// The query is evaluated at the clock's time: start it at the real time.
const clockNow = () => manualClock(Date.now());

describe('advanceArgoRuns: Prometheus', () => {
  let healthy: SimulatedCanary;
  let failing: SimulatedCanary;
  beforeAll(async () => {
    [healthy, failing] = await Promise.all([
      canaryWithData(0),
      canaryWithData(0.1),
    ]);
  });

  it('passes a healthy canary: result[0] >= 0.95 for each of its count', async () => {
    const clock = clockNow();
    const deps = testDeps({
      templates: lookupOf(successRate({ interval: '1s', count: 2 })),
      now: clock.now,
    });
    const analysis = await runOf(healthy, deps);
    const first = await analysis.advance();
    expect(first.taken).toMatchObject([
      { metric: 'success-rate', phase: 'Successful', value: '[1]' },
    ]);
    expect(first.nextDueAt).toBe(clock.now() + 1000);
    clock.advance(1000);
    await analysis.advance();
    expect(analysis.run).toMatchObject({
      phase: 'Successful',
      runSummary: { count: 1, successful: 1 },
    });
    const result = analysis.run.metricResults[0];
    expect(result).toMatchObject({ count: 2, successful: 2 });
    // What Argo shows as the query it ran, arguments filled in.
    expect(result.metadata!.ResolvedPrometheusQuery).toContain(
      `destination_workload="${healthy.name}"`,
    );
  });

  it('fails a canary at 90 % once its failures pass failureLimit', async () => {
    const clock = clockNow();
    const deps = testDeps({
      templates: lookupOf(
        successRate({ interval: '1s', count: 3, failureLimit: 1 }),
      ),
      now: clock.now,
    });
    const analysis = await runOf(failing, deps);
    const first = await analysis.advance();
    expect(first.taken).toMatchObject([{ phase: 'Failed' }]);
    expect(single(first.taken[0].value)).toBeCloseTo(0.9, 6);
    expect(analysis.run.phase).toBe('Running');
    clock.advance(1000);
    await analysis.advance();
    expect(analysis.run).toMatchObject({
      phase: 'Failed',
      message:
        'Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)',
    });
  });

  it('ends Inconclusive when neither condition holds', async () => {
    const deps = testDeps({
      templates: lookupOf(successRate({ failureCondition: 'result[0] < 0.5' })),
      now: clockNow().now,
    });
    const analysis = await runOf(failing, deps);
    const { taken } = await analysis.advance();
    expect(taken).toMatchObject([{ phase: 'Inconclusive' }]);
    expect(single(taken[0].value)).toBeCloseTo(0.9, 6);
    expect(analysis.run).toMatchObject({
      phase: 'Inconclusive',
      message:
        'Metric "success-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)',
    });
  });

  it("queries the operator's Prometheus for a metric with no address, whatever the project allows", async () => {
    const nothing = projectOutboundPolicy(
      testProject({ name: 'locked', outboundHosts: [] }),
    );
    const deps = testDeps({
      templates: lookupOf(successRate({}, undefined)),
      defaultPrometheusAddress: testPrometheusUrl(),
      projectPolicy: nothing,
      now: clockNow().now,
    });
    const analysis = await runOf(healthy, deps);
    const { taken } = await analysis.advance();
    expect(taken).toMatchObject([{ phase: 'Successful', value: '[1]' }]);

    // The operator's own address, written out, is the operator's server too.
    const written = testDeps({
      ...deps,
      templates: lookupOf(successRate({}, `${testPrometheusUrl()}/`)),
    });
    expect(
      (await (await runOf(healthy, written)).advance()).taken,
    ).toMatchObject([{ phase: 'Successful' }]);

    // Any other address needs the project's leave.
    const other = testPrometheusUrl().replace('127.0.0.1', 'localhost');
    const elsewhere = testDeps({
      ...deps,
      templates: lookupOf(successRate({}, other)),
    });
    const refused = await (await runOf(healthy, elsewhere)).advance();
    expect(refused.taken).toMatchObject([
      {
        phase: 'Error',
        message: `GET ${other}/api/v1/query refused: URL host ${
          new URL(other).host
        } is not in the outboundHosts of project 'locked'`,
      },
    ]);
  });
});
