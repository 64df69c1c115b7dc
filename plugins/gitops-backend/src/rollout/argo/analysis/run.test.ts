import { nextMeasurements } from './schedule';
import {
  createAnalysisRun,
  indefiniteMetrics,
  recordMeasurement,
  recordMeasurements,
  terminateAnalysisRun,
} from './run';
import type {
  AnalysisMetric,
  AnalysisRunSpec,
  AnalysisRunState,
  MeasurementOutcome,
} from './types';

const T0 = Date.UTC(2025, 0, 1);
const s = (seconds: number) => T0 + seconds * 1000;
const m = (minutes: number) => s(minutes * 60);

const value = (n: number): MeasurementOutcome => ({
  value: `[${n}]`,
  result: [n],
});
const error = (message = 'connection refused'): MeasurementOutcome => ({
  error: message,
});

function metric(
  fields: Partial<AnalysisMetric> & { name?: string },
): AnalysisMetric {
  return {
    name: 'success-rate',
    provider: {
      prometheus: { address: 'http://prometheus:9090', query: 'up' },
    },
    ...fields,
  };
}

function run(metrics: AnalysisMetric[], extra: Partial<AnalysisRunSpec> = {}) {
  return createAnalysisRun(
    { metrics, args: [], dryRun: [], measurementRetention: [], ...extra },
    T0,
  );
}

const resultOf = (r: AnalysisRunState, name = 'success-rate') =>
  r.metricResults.find(x => x.name === name)!;

/** Records `outcomes` for one metric at successive times. */
function feed(
  start: AnalysisRunState,
  name: string,
  outcomes: [number, MeasurementOutcome][],
): AnalysisRunState {
  return outcomes.reduce(
    (r, [at, outcome]) => recordMeasurement(r, name, outcome, at),
    start,
  );
}

describe('the success-rate background analysis (docs/features/analysis.md)', () => {
  // interval 5m, successCondition result[0] >= 0.95, failureLimit 3, no count.
  const background = run([
    metric({
      interval: '5m',
      successCondition: 'result[0] >= 0.95',
      failureLimit: 3,
    }),
  ]);

  it('measures at once, then every interval after the last measurement finished', () => {
    expect(background.phase).toBe('Running');
    expect(nextMeasurements(background, T0)).toEqual({ due: ['success-rate'] });
    const after = recordMeasurement(
      background,
      'success-rate',
      value(0.99),
      s(2),
    );
    expect(nextMeasurements(after, m(5))).toEqual({ due: [], nextAt: s(302) });
    expect(nextMeasurements(after, s(302))).toEqual({ due: ['success-rate'] });
  });

  it('fails on the fourth failed measurement: failed (4) > failureLimit (3)', () => {
    let r = feed(background, 'success-rate', [
      [m(0), value(0.9)],
      [m(5), value(0.99)],
      [m(10), value(0.9)],
      [m(15), value(0.9)],
    ]);
    expect(r.phase).toBe('Running');
    expect(resultOf(r)).toMatchObject({
      phase: 'Running',
      count: 4,
      successful: 1,
      failed: 3,
      consecutiveSuccess: 0,
    });
    r = recordMeasurement(r, 'success-rate', value(0.9), m(20));
    expect(r.phase).toBe('Failed');
    expect(r.message).toBe(
      'Metric "success-rate" assessed Failed due to failed (4) > failureLimit (3)',
    );
    expect(r.completedAt).toBe(m(20));
    expect(resultOf(r).phase).toBe('Failed');
    expect(r.runSummary).toEqual({
      count: 1,
      successful: 0,
      failed: 1,
      inconclusive: 0,
      error: 0,
    });
    expect(nextMeasurements(r, m(30))).toEqual({ due: [] });
    // A completed run takes nothing more.
    expect(recordMeasurement(r, 'success-rate', value(1), m(25))).toBe(r);
  });

  it('ends Successful when the rollout completes and terminates it', () => {
    const r = feed(background, 'success-rate', [
      [m(0), value(0.9)],
      [m(5), value(0.99)],
    ]);
    const done = terminateAnalysisRun(r, m(7));
    expect(done.phase).toBe('Successful');
    expect(done.message).toBe('Run Terminated');
    expect(done.terminate).toBe(true);
    expect(done.completedAt).toBe(m(7));
    expect(nextMeasurements(done, m(10))).toEqual({ due: [] });
  });

  it('ends Successful when terminated before measuring anything', () => {
    const done = terminateAnalysisRun(background, s(1));
    expect(done).toMatchObject({
      phase: 'Successful',
      message: 'Run Terminated',
    });
  });
});

describe('measurement counts', () => {
  it('measures once without an interval (an inline analysis step)', () => {
    const inline = run([metric({ successCondition: 'result[0] >= 0.95' })]);
    const r = recordMeasurement(inline, 'success-rate', value(0.97), s(1));
    expect(r.phase).toBe('Successful');
    expect(r.message).toBeUndefined();
    expect(resultOf(r)).toMatchObject({
      phase: 'Successful',
      count: 1,
      successful: 1,
    });
    expect(resultOf(r).measurements).toEqual([
      {
        phase: 'Successful',
        value: '[0.97]',
        startedAt: s(1),
        finishedAt: s(1),
      },
    ]);
  });

  it('takes count measurements, interval apart, then succeeds', () => {
    let r = run([
      metric({
        successCondition: 'result[0] >= 0.95',
        interval: '60s',
        count: 3,
      }),
    ]);
    r = recordMeasurement(
      r,
      'success-rate',
      { ...value(0.96), startedAt: s(0) },
      s(1),
    );
    expect(nextMeasurements(r, s(60))).toEqual({ due: [], nextAt: s(61) });
    r = recordMeasurement(r, 'success-rate', value(0.96), s(61));
    expect(r.phase).toBe('Running');
    r = recordMeasurement(r, 'success-rate', value(0.96), s(121));
    expect(r.phase).toBe('Successful');
    expect(resultOf(r).count).toBe(3);
  });

  it('succeeds at the count when failures stay within failureLimit', () => {
    let r = run([
      metric({
        successCondition: 'result[0] >= 0.95',
        interval: '1m',
        count: 3,
        failureLimit: 1,
      }),
    ]);
    r = feed(r, 'success-rate', [
      [m(0), value(0.5)],
      [m(1), value(0.99)],
      [m(2), value(0.99)],
    ]);
    expect(r.phase).toBe('Successful');
    expect(resultOf(r)).toMatchObject({ failed: 1, successful: 2 });
  });

  it('waits initialDelay from the start of the run', () => {
    const r = run([
      metric({ name: 'early' }),
      metric({ name: 'late', initialDelay: '5m', interval: '1m' }),
    ]);
    expect(nextMeasurements(r, T0)).toEqual({ due: ['early'], nextAt: m(5) });
    expect(nextMeasurements(r, m(5))).toEqual({ due: ['early', 'late'] });
    // The early metric is done; the run waits for the late one.
    const after = recordMeasurement(r, 'early', value(1), s(1));
    expect(after.phase).toBe('Running');
    expect(nextMeasurements(after, s(2))).toEqual({ due: [], nextAt: m(5) });
  });
});

describe('errors', () => {
  const erroring = run([
    metric({ successCondition: 'result[0] >= 0.95', interval: '5m' }),
  ]);

  it('retries 10 s after an error, whatever the interval, without counting it', () => {
    const r = recordMeasurement(erroring, 'success-rate', error(), s(0));
    expect(resultOf(r)).toMatchObject({
      count: 0,
      error: 1,
      consecutiveError: 1,
    });
    expect(resultOf(r).measurements[0]).toEqual({
      phase: 'Error',
      message: 'connection refused',
      startedAt: s(0),
      finishedAt: s(0),
    });
    expect(nextMeasurements(r, s(9))).toEqual({ due: [], nextAt: s(10) });
    expect(nextMeasurements(r, s(10)).due).toEqual(['success-rate']);
    const ok = recordMeasurement(r, 'success-rate', value(1), s(10));
    expect(resultOf(ok)).toMatchObject({
      consecutiveError: 0,
      error: 1,
      count: 1,
    });
  });

  it('ends in Error after five errors in a row: consecutiveErrors (5) > consecutiveErrorLimit (4)', () => {
    let r = erroring;
    for (let i = 0; i < 4; i++)
      r = recordMeasurement(r, 'success-rate', error(), s(i * 10));
    expect(r.phase).toBe('Running');
    r = recordMeasurement(
      r,
      'success-rate',
      error('dial tcp: i/o timeout'),
      s(40),
    );
    expect(r.phase).toBe('Error');
    expect(r.message).toBe(
      'Metric "success-rate" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): "Error Message: dial tcp: i/o timeout"',
    );
    expect(resultOf(r).message).toBe('dial tcp: i/o timeout');
  });

  it('takes consecutiveErrorLimit from the metric', () => {
    let r = run([metric({ consecutiveErrorLimit: 1 })]);
    r = recordMeasurement(r, 'success-rate', error(), s(0));
    expect(r.phase).toBe('Running');
    r = recordMeasurement(r, 'success-rate', error(), s(10));
    expect(r.phase).toBe('Error');
  });

  it('is an Error measurement when the condition cannot be evaluated, without its value', () => {
    const r = recordMeasurement(
      erroring,
      'success-rate',
      { value: '[]', result: [] },
      s(0),
    );
    const [measurement] = resultOf(r).measurements;
    expect(measurement.phase).toBe('Error');
    expect(measurement.value).toBeUndefined();
    expect(measurement.message).toEqual(expect.any(String));
  });
});

describe('failure and inconclusive limits', () => {
  it('fails at the first failure by default (failureLimit 0)', () => {
    const r = recordMeasurement(
      run([metric({ successCondition: 'result[0] >= 0.95', interval: '1m' })]),
      'success-rate',
      value(0.5),
      s(0),
    );
    expect(r.phase).toBe('Failed');
    expect(r.message).toBe(
      'Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
    );
  });

  it('is Inconclusive when neither condition holds, past inconclusiveLimit', () => {
    const both = {
      successCondition: 'result[0] >= 0.90',
      failureCondition: 'result[0] < 0.50',
      interval: '1m',
    };
    expect(
      recordMeasurement(run([metric(both)]), 'success-rate', value(0.7), s(0)),
    ).toMatchObject({
      phase: 'Inconclusive',
      message:
        'Metric "success-rate" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)',
    });
    let r = run([metric({ ...both, inconclusiveLimit: 1 })]);
    r = recordMeasurement(r, 'success-rate', value(0.7), s(0));
    expect(r.phase).toBe('Running');
    r = recordMeasurement(r, 'success-rate', value(0.7), s(60));
    expect(r.phase).toBe('Inconclusive');
  });

  it('reads limits given as strings and from args', () => {
    let r = createAnalysisRun(
      {
        metrics: [
          metric({
            successCondition: 'result[0] >= 0.95',
            interval: '1m',
            failureLimit: '{{args.limit}}',
          }),
        ],
        args: [{ name: 'limit', value: '1' }],
        dryRun: [],
        measurementRetention: [],
      },
      T0,
    );
    r = recordMeasurement(r, 'success-rate', value(0.1), s(0));
    expect(r.phase).toBe('Running');
    r = recordMeasurement(r, 'success-rate', value(0.1), s(60));
    expect(r.phase).toBe('Failed');
  });

  it('waits for consecutiveSuccessLimit successes in a row, failureLimit -1 disabling failures', () => {
    let r = run([
      metric({
        successCondition: 'result[0] >= 0.95',
        interval: '1m',
        failureLimit: -1,
        consecutiveSuccessLimit: 2,
      }),
    ]);
    r = feed(r, 'success-rate', [
      [m(0), value(0.1)],
      [m(1), value(0.99)],
      [m(2), value(0.1)],
      [m(3), value(0.99)],
    ]);
    expect(r.phase).toBe('Running');
    expect(resultOf(r)).toMatchObject({ failed: 2, consecutiveSuccess: 1 });
    r = recordMeasurement(r, 'success-rate', value(0.99), m(4));
    expect(r.phase).toBe('Successful');
  });

  it('at the count, without the streak: Inconclusive with a failureLimit, Failed without', () => {
    const base = {
      successCondition: 'result[0] >= 0.95',
      interval: '1m',
      count: 3,
      consecutiveSuccessLimit: 2,
    };
    const outcomes: [number, MeasurementOutcome][] = [
      [m(0), value(0.99)],
      [m(1), value(0.1)],
      [m(2), value(0.99)],
    ];
    expect(
      feed(
        run([metric({ ...base, failureLimit: 1 })]),
        'success-rate',
        outcomes,
      ).phase,
    ).toBe('Inconclusive');
    expect(
      feed(
        run([metric({ ...base, failureLimit: -1 })]),
        'success-rate',
        outcomes,
      ).phase,
    ).toBe('Failed');
  });
});

describe('several metrics', () => {
  const pair = run([
    metric({
      name: 'success-rate',
      successCondition: 'result[0] >= 0.95',
      interval: '5m',
    }),
    metric({
      name: 'latency',
      successCondition: 'result[0] < 500',
      interval: '1m',
      count: 10,
    }),
  ]);

  it('fails the run at once when one fails, ending the others', () => {
    let r = recordMeasurement(pair, 'latency', value(100), s(0));
    r = recordMeasurement(r, 'success-rate', value(0.5), s(1));
    expect(r.phase).toBe('Failed');
    expect(resultOf(r, 'latency').phase).toBe('Successful');
    expect(nextMeasurements(r, m(10))).toEqual({ due: [] });
  });

  it('takes the worst phase of one round: Failed over Error', () => {
    const limited = run([
      metric({
        name: 'a',
        successCondition: 'true',
        consecutiveErrorLimit: 0,
        interval: '1m',
      }),
      metric({ name: 'b', successCondition: 'false', interval: '1m' }),
    ]);
    const r = recordMeasurements(
      limited,
      [
        { metric: 'a', outcome: error('boom') },
        { metric: 'b', outcome: value(1) },
      ],
      s(0),
    );
    expect(r.phase).toBe('Failed');
    expect(r.message).toBe(
      'Metric "b" assessed Failed due to failed (1) > failureLimit (0)',
    );
    expect(resultOf(r, 'a').phase).toBe('Error');
    expect(r.runSummary).toEqual({
      count: 2,
      successful: 0,
      failed: 1,
      inconclusive: 0,
      error: 1,
    });
  });
});

describe('dry run', () => {
  const spec = {
    metrics: [
      metric({
        name: 'total-5xx-errors',
        failureCondition: 'result[0] >= 10',
        interval: '5m',
      }),
      metric({
        name: 'total-4xx-errors',
        failureCondition: 'result[0] >= 10',
        count: 1,
      }),
    ],
    dryRun: [{ metricName: 'total-5xx-errors' }],
  };

  it("does not let a dry-run metric's failure decide the run", () => {
    let r = run(spec.metrics, { dryRun: spec.dryRun });
    r = recordMeasurement(r, 'total-5xx-errors', value(50), s(0));
    expect(resultOf(r, 'total-5xx-errors')).toMatchObject({
      phase: 'Failed',
      dryRun: true,
      message: 'Metric assessed Failed due to failed (1) > failureLimit (0)',
    });
    expect(r.phase).toBe('Running');
    r = recordMeasurement(r, 'total-4xx-errors', value(1), s(1));
    expect(r.phase).toBe('Successful');
    expect(r.runSummary).toEqual({
      count: 1,
      successful: 1,
      failed: 0,
      inconclusive: 0,
      error: 0,
    });
    expect(r.dryRunSummary).toEqual({
      count: 1,
      successful: 0,
      failed: 1,
      inconclusive: 0,
      error: 0,
    });
  });

  it('ends Successful when every metric is a dry run (.*)', () => {
    let r = run(spec.metrics, { dryRun: [{ metricName: '.*' }] });
    r = recordMeasurement(r, 'total-4xx-errors', value(50), s(0));
    r = terminateAnalysisRun(r, s(5));
    expect(r.phase).toBe('Successful');
  });

  it('is an Error when a rule matches no metric', () => {
    expect(
      run(spec.metrics, { dryRun: [{ metricName: 'latency' }] }),
    ).toMatchObject({
      phase: 'Error',
      message:
        "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)",
    });
  });
});

describe('measurement retention', () => {
  const every = (r: AnalysisRunState, name: string, n: number) =>
    feed(
      r,
      name,
      Array.from(
        { length: n },
        (_, i) => [s(i * 60), value(1)] as [number, MeasurementOutcome],
      ),
    );

  it('keeps the last 10 measurements by default, and the counters', () => {
    const r = every(run([metric({ interval: '1m' })]), 'success-rate', 12);
    const result = resultOf(r);
    expect(result.measurements).toHaveLength(10);
    expect(result.measurements[0].finishedAt).toBe(s(120));
    expect(result.count).toBe(12);
  });

  it('keeps what measurementRetention says, matching names as a regular expression', () => {
    const metrics = [
      metric({ name: 'total-5xx-errors', interval: '1m' }),
      metric({ name: 'other', interval: '1m' }),
    ];
    let r = run(metrics, {
      measurementRetention: [{ metricName: '5xx', limit: 20 }],
    });
    r = every(every(r, 'total-5xx-errors', 25), 'other', 12);
    expect(resultOf(r, 'total-5xx-errors').measurements).toHaveLength(20);
    expect(resultOf(r, 'other').measurements).toHaveLength(10);
    const few = every(
      run(metrics, { measurementRetention: [{ metricName: '.*', limit: 2 }] }),
      'other',
      5,
    );
    expect(resultOf(few, 'other').measurements).toHaveLength(2);
  });
});

describe('a run Argo would not run', () => {
  it("is an Error from the start, with Argo's message", () => {
    expect(run([])).toMatchObject({
      phase: 'Error',
      message: 'Analysis spec invalid: no metrics specified',
    });
    expect(
      run([metric({ successCondition: 'result > {{args.missing}}' })]),
    ).toMatchObject({
      phase: 'Error',
      message:
        'Unable to resolve metric arguments: failed to resolve {{args.missing}}',
    });
    expect(
      createAnalysisRun(
        {
          metrics: [metric({ count: '{{args.count}}' })],
          args: [{ name: 'count', value: '3' }],
          dryRun: [],
          measurementRetention: [],
        },
        T0,
      ),
    ).toMatchObject({
      phase: 'Error',
      message:
        'Analysis spec invalid: metrics[0]: interval must be specified when count > 1',
    });
  });

  it('lists metrics that would never end, for analysis that must', () => {
    expect(
      indefiniteMetrics({
        metrics: [
          metric({ interval: '5m' }),
          metric({ name: 'once' }),
          metric({ name: 'n', interval: '1m', count: 2 }),
        ],
        args: [],
        dryRun: [],
        measurementRetention: [],
      }),
    ).toEqual([
      'metric success-rate runs indefinitely. Invalid value for count: (unset)',
    ]);
  });
});

describe('Secrets', () => {
  const spec: AnalysisRunSpec = {
    metrics: [
      metric({
        successCondition: 'result[0] >= 0.95',
        provider: {
          prometheus: {
            address: 'http://p',
            query: 'up{token="{{args.token}}"}',
            headers: [{ key: 'Authorization', value: 'Bearer {{args.token}}' }],
          },
        },
      }),
    ],
    args: [{ name: 'token', secretKeyRef: { name: 's', key: 'k' } }],
    dryRun: [],
    measurementRetention: [],
  };

  it('are masked in messages, values and metadata', () => {
    const r = recordMeasurement(
      createAnalysisRun(spec, T0),
      'success-rate',
      error('401 Unauthorized for Bearer hunter2'),
      s(0),
      { secrets: { token: 'hunter2' } },
    );
    const result = resultOf(r);
    expect(result.measurements[0].message).toBe(
      '401 Unauthorized for Bearer *****',
    );
    expect(result.metadata).toEqual({
      ResolvedPrometheusQuery: 'up{token="*****"}',
    });
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });
});
