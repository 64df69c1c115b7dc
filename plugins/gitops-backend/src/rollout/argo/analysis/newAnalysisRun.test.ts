import { argoDocs } from './__testUtils__/argoDocs';
import { answerOutcome, measurementRequest } from './measure';
import { newAnalysisRun } from './newAnalysisRun';
import { parseAnalysisTemplate } from './parseAnalysisTemplate';
import { recordMeasurements } from './run';
import { nextMeasurements } from './schedule';
import { collectTemplates } from './templates';
import type { AnalysisTemplateRef, AnalysisTemplateSpec } from './types';

const T0 = Date.UTC(2025, 0, 1);
const read = async (load: () => Promise<unknown>) =>
  parseAnalysisTemplate(await load()).template!;
let library: AnalysisTemplateSpec[] = [];
beforeAll(async () => {
  library = [
    await read(argoDocs.successRate),
    await read(argoDocs.errorRate),
    await read(argoDocs.rates),
    await read(argoDocs.webMetric),
  ];
});
const lookup = (ref: AnalysisTemplateRef) =>
  library.find(t => t.name === ref.templateName);
const templatesFor = (...names: string[]): AnalysisTemplateSpec[] =>
  collectTemplates(
    names.map(templateName => ({ templateName, clusterScope: false })),
    lookup,
  ).templates;

const readSecret = (name: string, key: string) =>
  name === 'token-secret' && key === 'apiToken' ? 'hunter2' : undefined;

const vector = (...values: number[]) => ({
  status: 200,
  body: JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map(v => ({ metric: {}, value: [0, String(v)] })),
    },
  }),
});

describe('newAnalysisRun', () => {
  it('runs the documentation\'s "rates" template end to end', async () => {
    const { run, errors } = await newAnalysisRun(
      {
        templates: templatesFor('rates'),
        args: [
          {
            name: 'service-name',
            value: 'guestbook-svc.default.svc.cluster.local',
          },
        ],
      },
      {},
      T0,
    );
    expect(errors).toEqual([]);
    expect(run!.spec.metrics.map(m => m.name)).toEqual([
      'success-rate',
      'error-rate',
    ]);
    expect(run!.spec.args).toEqual([
      {
        name: 'service-name',
        value: 'guestbook-svc.default.svc.cluster.local',
      },
    ]);

    const due = nextMeasurements(run!, T0);
    expect(due.due).toEqual(['success-rate', 'error-rate']);
    const request = measurementRequest(run!, 'success-rate', { now: T0 });
    if (request.error !== undefined || request.provider !== 'prometheus')
      throw new Error('no request');
    expect(request.request.query).toContain(
      'destination_service=~"guestbook-svc.default.svc.cluster.local"',
    );
    expect(
      request.request.url.startsWith(
        'http://prometheus.example.com:9090/api/v1/query?',
      ),
    ).toBe(true);

    const after = recordMeasurements(
      run!,
      [
        {
          metric: 'success-rate',
          outcome: answerOutcome(run!, 'success-rate', vector(0.99)),
        },
        {
          metric: 'error-rate',
          outcome: answerOutcome(run!, 'error-rate', vector(0.01)),
        },
      ],
      T0 + 1000,
    );
    expect(after.phase).toBe('Running');
    expect(
      after.metricResults.map(r => [
        r.name,
        r.successful,
        r.measurements[0].value,
      ]),
    ).toEqual([
      ['success-rate', 1, '[0.99]'],
      ['error-rate', 1, '[0.01]'],
    ]);
    expect(after.metricResults[0].metadata!.ResolvedPrometheusQuery).toContain(
      'guestbook-svc',
    );
    expect(nextMeasurements(after, T0 + 2000)).toEqual({
      due: [],
      nextAt: T0 + 301_000,
    });
  });

  it('reads a Secret argument for the request, and never keeps or shows it', async () => {
    const { run, resolved } = await newAnalysisRun(
      {
        templates: templatesFor('webmetric'),
        args: [{ name: 'service-name', value: 'checkout' }],
      },
      { readSecret },
      T0,
    );
    expect(run!.phase).toBe('Running');
    expect(resolved!.secretNames).toEqual(['api-token']);
    const request = measurementRequest(run!, 'webmetric', {
      now: T0,
      secrets: resolved!.values,
    });
    expect(request).toEqual({
      provider: 'web',
      request: {
        url: 'http://my-server.com/api/v1/measurement?service=checkout',
        method: 'GET',
        headers: { Authorization: 'Bearer hunter2' },
        body: undefined,
        timeoutMs: 20_000,
        insecure: false,
      },
    });
    const outcome = answerOutcome(run!, 'webmetric', {
      status: 200,
      body: '{"data":{"ok":true}}',
    });
    const after = recordMeasurements(
      run!,
      [{ metric: 'webmetric', outcome }],
      T0 + 10,
      {
        secrets: resolved!.values,
      },
    );
    expect(after.phase).toBe('Successful');
    expect(JSON.stringify(after)).not.toContain('hunter2');
  });

  it('fails the run as Argo does when a Secret cannot be read', async () => {
    const { run, errors } = await newAnalysisRun(
      {
        templates: templatesFor('webmetric'),
        args: [{ name: 'service-name', value: 'x' }],
      },
      { readSecret: () => undefined },
      T0,
    );
    expect(errors).toEqual([]);
    expect(run).toMatchObject({
      phase: 'Error',
      message:
        "Unable to resolve metric arguments: key 'apiToken' does not exist in secret 'token-secret'",
    });
  });

  it('refuses what keeps Argo from creating the run', async () => {
    expect(
      (await newAnalysisRun({ templates: templatesFor('rates') }, {}, T0))
        .errors,
    ).toEqual([
      'args.service-name was not resolved: the template gives it no value and the Rollout passes none',
    ]);
    expect(
      (
        await newAnalysisRun(
          {
            templates: templatesFor('success-rate', 'rates'),
            args: [{ name: 'service-name', value: 'x' }],
          },
          {},
          T0,
        )
      ).errors,
    ).toEqual([]);
    const successRate = await read(argoDocs.successRate);
    const twice = [successRate, { ...successRate, name: 'copy' }];
    expect(
      (
        await newAnalysisRun(
          { templates: twice, args: [{ name: 'service-name', value: 'x' }] },
          {},
          T0,
        )
      ).errors,
    ).toEqual(["two metrics have the same name 'success-rate'"]);
    expect(
      (
        await newAnalysisRun(
          {
            templates: templatesFor('success-rate'),
            args: [{ name: 'service-name', value: 'x' }],
            dryRun: [{ metricName: '.*' }, { metricName: '.*' }],
          },
          {},
          T0,
        )
      ).errors,
    ).toEqual(["two Dry-Run metric rules have the same name '.*'"]);
  });

  it("puts the Rollout's rules before the templates'", async () => {
    const { run } = await newAnalysisRun(
      {
        templates: templatesFor('success-rate'),
        args: [{ name: 'service-name', value: 'x' }],
        dryRun: [{ metricName: 'success' }],
        measurementRetention: [{ metricName: '.*', limit: 20 }],
      },
      {},
      T0,
    );
    expect(run!.spec.dryRun).toEqual([{ metricName: 'success' }]);
    expect(run!.spec.measurementRetention).toEqual([
      { metricName: '.*', limit: 20 },
    ]);
  });
});
