import { waitUntil } from '@internal/test-env';
import type { AnalysisRunState } from '../analysis';
import { closedPort } from '../../metrics/__testUtils__/localServers';
import {
  T0,
  lookupOf,
  manualClock,
  stored,
  template,
  testDeps,
  toStart,
} from './__testUtils__/fixtures';
import { json, startMetricServer } from './__testUtils__/metricServer';
import type { Answer, MetricServer } from './__testUtils__/metricServer';
import { advanceArgoRuns } from './advanceArgoRuns';
import { observeArgoRuns } from './observeArgoRuns';
import { MAX_ANSWER_BYTES } from './sendMeasurement';
import { startArgoRun } from './startArgoRun';
import { terminateArgoRuns } from './terminateArgoRuns';
import type { ArgoRunsDeps } from './types';

/** What each path of the server answers; a path missing here never answers. */
const routes: Record<string, () => Answer> = {
  '/status': () => json({ data: { successRate: 0.99, ok: true } }),
  '/ok': () => json({ ok: true }),
  '/bad': () => json({ ok: false }),
  '/plain': () => ({ body: 'fine\n' }),
  '/error': () => json({ error: 'boom' }, 500),
  '/moved': () => ({ status: 302, body: '' }),
  '/huge': () => ({ body: `"${'x'.repeat(MAX_ANSWER_BYTES)}"` }),
  '/prom-broken/api/v1/query': () => ({ body: 'not json' }),
  '/prom-error/api/v1/query': () =>
    json(
      {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error near internal-hostname.corp:9090',
      },
      400,
    ),
};

let server: MetricServer;
/** Answers to the requests waiting at `/gated`, and the most that ever waited at once. */
const gates: Array<() => void> = [];
let mostGated = 0;
beforeAll(async () => {
  server = await startMetricServer(request => {
    const path = request.url.split('?')[0];
    if (path === '/gated')
      return new Promise<Answer>(resolve => {
        gates.push(() => resolve(json({ ok: true })));
        mostGated = Math.max(mostGated, gates.length);
      });
    const route = routes[path];
    return route ? route() : new Promise<Answer>(() => {});
  });
});
afterAll(() => server.close());

const seenAt = (path: string) =>
  server.seen.filter(r => r.url.split('?')[0] === path);

/** Starts the runs, as the engine does when the controller asks for them. */
async function started(
  deps: ArgoRunsDeps,
  ...requests: ReturnType<typeof toStart>[]
): Promise<Record<string, AnalysisRunState>> {
  const runs: Record<string, AnalysisRunState> = {};
  for (const request of requests)
    runs[request.name] = await startArgoRun(request, deps);
  return stored(runs);
}

describe('advanceArgoRuns: web metrics over the outbound guard', () => {
  it("judges a web metric's jsonPath value, sending its arguments and JSON body", async () => {
    const health = template('health', {
      args: [{ name: 'service' }],
      metrics: [
        {
          name: 'success-rate',
          successCondition: 'result >= 0.95',
          provider: {
            web: {
              url: `${server.url}/status?service={{args.service}}`,
              jsonPath: '{$.data.successRate}',
            },
          },
        },
        {
          name: 'ok',
          successCondition: 'result == true',
          provider: {
            web: {
              url: `${server.url}/ok`,
              method: 'POST',
              jsonBody: { service: '{{args.service}}' },
              jsonPath: '{$.ok}',
            },
          },
        },
      ],
    });
    const deps = testDeps({ templates: lookupOf(health) });
    const runs = await started(
      deps,
      toStart('checkout-1', ['health'], {
        args: [{ name: 'service', value: 'checkout' }],
      }),
    );
    const before = server.seen.length;
    const result = await advanceArgoRuns(runs, deps);

    expect(result.taken).toEqual([
      {
        run: 'checkout-1',
        metric: 'success-rate',
        phase: 'Successful',
        value: '0.99',
        dryRun: false,
        startedAt: T0,
        finishedAt: T0,
        durationMs: 0,
      },
      {
        run: 'checkout-1',
        metric: 'ok',
        phase: 'Successful',
        value: 'true',
        dryRun: false,
        startedAt: T0,
        finishedAt: T0,
        durationMs: 0,
      },
    ]);
    const run = result.runs['checkout-1'];
    expect(run).toMatchObject({ phase: 'Successful', completedAt: T0 });
    expect(result.nextDueAt).toBeUndefined();
    expect(observeArgoRuns(result.runs)).toEqual({
      'checkout-1': { phase: 'Successful' },
    });
    const [status, ok] = server.seen.slice(before);
    expect(status).toMatchObject({
      method: 'GET',
      url: '/status?service=checkout',
    });
    expect(ok).toMatchObject({
      method: 'POST',
      url: '/ok',
      body: '{"service":"checkout"}',
    });
    expect(ok.headers['content-type']).toBe('application/json');
  });

  it('measures by the clock it is given: initialDelay, interval and count, and says when the next is due', async () => {
    const paced = template('paced', {
      metrics: [
        {
          name: 'late',
          initialDelay: '30s',
          interval: '10s',
          count: 3,
          successCondition: 'result == true',
          provider: { web: { url: `${server.url}/ok`, jsonPath: '{$.ok}' } },
        },
        {
          name: 'early',
          interval: '25s',
          count: 2,
          successCondition: 'result == true',
          provider: {
            web: { url: `${server.url}/status`, jsonPath: '{$.data.ok}' },
          },
        },
      ],
    });
    const clock = manualClock();
    const deps = testDeps({ templates: lookupOf(paced), now: clock.now });
    let runs = await started(deps, toStart('paced-1', ['paced']));
    const s = (seconds: number) => T0 + seconds * 1000;
    const tick = async (at: number) => {
      clock.set(at);
      const result = await advanceArgoRuns(runs, deps);
      runs = stored(result.runs);
      return {
        measured: result.taken.map(t => t.metric),
        nextDueAt: result.nextDueAt,
      };
    };

    expect(await tick(s(0))).toEqual({
      measured: ['early'],
      nextDueAt: s(25),
    });
    expect(await tick(s(24))).toEqual({ measured: [], nextDueAt: s(25) });
    expect(await tick(s(25))).toEqual({
      measured: ['early'],
      nextDueAt: s(30),
    });
    expect(await tick(s(30))).toEqual({ measured: ['late'], nextDueAt: s(40) });
    expect(await tick(s(39))).toEqual({ measured: [], nextDueAt: s(40) });
    expect(await tick(s(41))).toEqual({ measured: ['late'], nextDueAt: s(51) });
    expect(runs['paced-1'].phase).toBe('Running');
    expect(await tick(s(51))).toEqual({
      measured: ['late'],
      nextDueAt: undefined,
    });
    expect(runs['paced-1']).toMatchObject({
      phase: 'Successful',
      completedAt: s(51),
    });
    const late = runs['paced-1'].metricResults.find(r => r.name === 'late')!;
    expect(late).toMatchObject({ count: 3, successful: 3 });
    expect(late.measurements.map(m => m.finishedAt)).toEqual([
      s(30),
      s(41),
      s(51),
    ]);
    // A completed run takes nothing more.
    const after = server.seen.length;
    expect(await tick(s(120))).toEqual({ measured: [], nextDueAt: undefined });
    expect(server.seen.length).toBe(after);
  });

  it('makes every failed request an Error measurement with a precise message, never a throw', async () => {
    const down = await closedPort();
    const web = (name: string, url: string, extra = {}) => ({
      name,
      consecutiveErrorLimit: 1,
      provider: { web: { url, ...extra } },
    });
    const failing = template('failing', {
      metrics: [
        web('server-error', `${server.url}/error?token=x`),
        web('redirect', `${server.url}/moved`),
        web('slow', `${server.url}/slow`, { timeoutSeconds: 1 }),
        web('down', `http://127.0.0.1:${down}/health`),
        web('huge', `${server.url}/huge`),
        web('put', `${server.url}/put`, { method: 'PUT', body: 'x' }),
        {
          name: 'prometheus-broken',
          consecutiveErrorLimit: 1,
          provider: {
            prometheus: { address: `${server.url}/prom-broken`, query: 'up' },
          },
        },
        {
          name: 'prometheus-error',
          consecutiveErrorLimit: 1,
          provider: {
            prometheus: { address: `${server.url}/prom-error`, query: 'up' },
          },
        },
      ],
    });
    const clock = manualClock();
    const deps = testDeps({ templates: lookupOf(failing), now: clock.now });
    const runs = await started(deps, toStart('failing-1', ['failing']));
    const first = await advanceArgoRuns(runs, deps);

    const messages = Object.fromEntries(
      first.taken.map(t => [t.metric, [t.phase, t.message]]),
    );
    expect(messages).toEqual({
      'server-error': ['Error', 'received non 2xx response code: 500'],
      // No redirect is followed.
      redirect: ['Error', 'received non 2xx response code: 302'],
      slow: ['Error', `GET ${server.url}/slow timed out after 1000 ms`],
      down: [
        'Error',
        expect.stringMatching(
          new RegExp(
            `^GET http://127\\.0\\.0\\.1:${down}/health failed: .*ECONNREFUSED`,
          ),
        ),
      ],
      huge: [
        'Error',
        `GET ${server.url}/huge answered HTTP 200 OK with more than ${MAX_ANSWER_BYTES} bytes, more than a measurement reads`,
      ],
      put: [
        'Error',
        `PUT ${server.url}/put not sent: Slipway sends web metrics with GET or POST only`,
      ],
      'prometheus-broken': [
        'Error',
        'bad_response: the answer (HTTP 200) is not JSON',
      ],
      // Prometheus' own error type, never its text.
      'prometheus-error': [
        'Error',
        'Prometheus answered HTTP 400 Bad Request (bad_data)',
      ],
    });
    expect(JSON.stringify(first.runs)).not.toContain('internal-hostname');
    expect(seenAt('/put')).toEqual([]);
    // Errors are retried 10 s later; the run goes on until the limit.
    expect(first.runs['failing-1'].phase).toBe('Running');
    expect(first.nextDueAt).toBe(clock.now() + 10_000);

    clock.advance(10_000);
    const second = await advanceArgoRuns(stored(first.runs), deps);
    expect(second.taken.map(t => t.metric)).toEqual([
      'server-error',
      'redirect',
      'slow',
      'down',
      'huge',
      'put',
      'prometheus-broken',
      'prometheus-error',
    ]);
    expect(second.runs['failing-1']).toMatchObject({
      phase: 'Error',
      message:
        'Metric "server-error" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1): "Error Message: received non 2xx response code: 500"',
    });
    expect(second.nextDueAt).toBeUndefined();
    expect(observeArgoRuns(second.runs)['failing-1'].phase).toBe('Error');
  });

  it('keeps a web answer that is not JSON as Successful, as Argo does, without keeping its text', async () => {
    const plain = template('plain', {
      metrics: [
        { name: 'plain', provider: { web: { url: `${server.url}/plain` } } },
      ],
    });
    const deps = testDeps({ templates: lookupOf(plain) });
    const runs = await started(deps, toStart('plain-1', ['plain']));
    const { taken } = await advanceArgoRuns(runs, deps);
    expect(taken).toMatchObject([
      {
        phase: 'Successful',
        value: 'an answer that is not JSON (HTTP 200 OK, 5 bytes)',
      },
    ]);
  });

  it('measures nothing more once a run is terminated, and settles it', async () => {
    const background = template('background', {
      metrics: [
        {
          name: 'ok',
          interval: '10s',
          successCondition: 'result == true',
          provider: { web: { url: `${server.url}/ok`, jsonPath: '{$.ok}' } },
        },
      ],
    });
    const clock = manualClock();
    const deps = testDeps({ templates: lookupOf(background), now: clock.now });
    let runs = await started(deps, toStart('bg-1', ['background']));
    const first = await advanceArgoRuns(runs, deps);
    expect(first.taken).toHaveLength(1);
    expect(first.nextDueAt).toBe(T0 + 10_000);

    clock.advance(5_000);
    runs = stored(
      terminateArgoRuns(first.runs, ['bg-1', 'unknown'], clock.now()),
    );
    expect(observeArgoRuns(runs)).toEqual({
      'bg-1': { phase: 'Successful', message: 'Run Terminated' },
    });
    const before = server.seen.length;
    clock.advance(60_000);
    const after = await advanceArgoRuns(runs, deps);
    expect(after).toEqual({ runs, taken: [] });
    expect(server.seen.length).toBe(before);
  });

  it('records dry-run metrics without letting them decide the run', async () => {
    const dry = template('dry', {
      metrics: [
        {
          name: 'errors',
          successCondition: 'result == true',
          provider: { web: { url: `${server.url}/bad`, jsonPath: '{$.ok}' } },
        },
        {
          name: 'health',
          successCondition: 'result == true',
          provider: { web: { url: `${server.url}/ok`, jsonPath: '{$.ok}' } },
        },
      ],
    });
    const deps = testDeps({ templates: lookupOf(dry) });
    const runs = await started(
      deps,
      toStart('dry-1', ['dry'], { dryRun: [{ metricName: 'errors' }] }),
    );
    const { runs: after, taken } = await advanceArgoRuns(runs, deps);
    expect(taken.map(t => [t.metric, t.phase, t.dryRun])).toEqual([
      ['errors', 'Failed', true],
      ['health', 'Successful', false],
    ]);
    expect(after['dry-1']).toMatchObject({
      phase: 'Successful',
      runSummary: { count: 1, successful: 1, failed: 0 },
      dryRunSummary: { count: 1, successful: 0, failed: 1 },
    });
  });

  it('takes the measurements of all runs at once, never more than maxConcurrentMeasurements in flight', async () => {
    const gated = (name: string) => ({
      name,
      provider: { web: { url: `${server.url}/gated` } },
    });
    const wide = template('wide', {
      metrics: [gated('a'), gated('b'), gated('c')],
    });
    const deps = testDeps({
      templates: lookupOf(wide),
      maxConcurrentMeasurements: 2,
    });
    const runs = await started(
      deps,
      toStart('wide-1', ['wide']),
      toStart('wide-2', ['wide']),
    );
    const before = seenAt('/gated').length;
    const advancing = advanceArgoRuns(runs, deps);
    // Answer one request at a time; each answer lets exactly one more in.
    for (let answered = 0; answered < 6; answered++) {
      const waiting = Math.min(2, 6 - answered);
      await waitUntil(() => gates.length === waiting, {
        description: `${waiting} measurements waiting for an answer`,
      });
      expect(seenAt('/gated').length - before).toBe(answered + waiting);
      gates.shift()!();
    }
    const { taken } = await advancing;
    expect(taken.map(t => `${t.run}/${t.metric}`)).toEqual([
      'wide-1/a',
      'wide-1/b',
      'wide-1/c',
      'wide-2/a',
      'wide-2/b',
      'wide-2/c',
    ]);
    expect(mostGated).toBe(2);
  });

  it('rejects with the reason when the tick is aborted, recording nothing', async () => {
    const hanging = template('hanging', {
      metrics: [
        { name: 'hang', provider: { web: { url: `${server.url}/hang` } } },
      ],
    });
    const controller = new AbortController();
    const deps = testDeps({
      templates: lookupOf(hanging),
      signal: controller.signal,
    });
    const runs = await started(deps, toStart('hang-1', ['hanging']));
    const advancing = advanceArgoRuns(runs, deps);
    await waitUntil(() => seenAt('/hang').length === 1, {
      description: 'the measurement to reach the server',
    });
    controller.abort(new Error('tick cancelled'));
    await expect(advancing).rejects.toThrow('tick cancelled');
  });
});
