import type { MetricSpec } from '../spec/types';
import { checkThreshold, metricBounds } from './thresholds';

const metric = (fields: Partial<MetricSpec>): MetricSpec => ({
  name: 'error-rate',
  interval: '1m',
  templateVariables: {},
  source: 'template',
  ...fields,
});

describe('metricBounds', () => {
  it('reads the deprecated threshold as a floor for the success rate and a ceiling otherwise', () => {
    expect(
      metricBounds(
        metric({
          name: 'request-success-rate',
          source: 'builtin',
          threshold: 99,
        }),
      ),
    ).toEqual({ min: 99 });
    expect(
      metricBounds(
        metric({ name: 'request-duration', source: 'builtin', threshold: 500 }),
      ),
    ).toEqual({ max: 500 });
    expect(metricBounds(metric({ threshold: 5 }))).toEqual({ max: 5 });
  });

  it('prefers the range', () => {
    expect(
      metricBounds(
        metric({ threshold: 5, thresholdRange: { min: 1, max: 2 } }),
      ),
    ).toEqual({ min: 1, max: 2 });
    expect(metricBounds(metric({}))).toEqual({});
  });
});

describe('checkThreshold', () => {
  it('words failures as Flagger does', () => {
    const successRate = metric({
      name: 'request-success-rate',
      source: 'builtin',
      thresholdRange: { min: 99 },
    });
    expect(checkThreshold(successRate, 91.2, 'podinfo.test')).toEqual({
      passed: false,
      min: 99,
      max: undefined,
      message: 'Halt podinfo.test advancement success rate 91.20% < 99%',
    });
    const duration = metric({
      name: 'request-duration',
      source: 'builtin',
      thresholdRange: { max: 500 },
    });
    expect(checkThreshold(duration, 620.7, 'podinfo.test').message).toBe(
      'Halt podinfo.test advancement request duration 620ms > 500ms',
    );
    const custom = metric({ thresholdRange: { min: 0.5, max: 1 } });
    expect(checkThreshold(custom, 1.234, 'podinfo.test').message).toBe(
      'Halt podinfo.test advancement error-rate 1.23 > 1',
    );
    expect(checkThreshold(custom, 0.1, 'podinfo.test').message).toBe(
      'Halt podinfo.test advancement error-rate 0.10 < 0.5',
    );
  });

  it('passes inside the range, bounds included, and without bounds', () => {
    const custom = metric({ thresholdRange: { min: 0.5, max: 1 } });
    expect(checkThreshold(custom, 1, 'p.t')).toEqual({
      passed: true,
      min: 0.5,
      max: 1,
    });
    expect(checkThreshold(custom, 0.5, 'p.t').passed).toBe(true);
    expect(checkThreshold(metric({}), 1e9, 'p.t').passed).toBe(true);
  });

  it('gives a templated metric named like a builtin the generic message', () => {
    const templated = metric({
      name: 'request-duration',
      thresholdRange: { max: 1 },
    });
    expect(checkThreshold(templated, 2, 'p.t').message).toBe(
      'Halt p.t advancement request-duration 2.00 > 1',
    );
  });
});
