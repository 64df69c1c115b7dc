import { SlipwayClient } from '../api/SlipwayClient';
import { CliError } from '../exitCodes';
import { waitForApp } from './waitForApp';

// The wait's loop over answers a test hands out one by one; the commands
// themselves are tested against the running backend (cli.e2e.test.ts).

const target = {
  entity: { kind: 'component', namespace: 'default', name: 'web' },
  cluster: 'prod',
  key: 'component:default/web@prod',
};

const appAnswer = (syncStatus: string, healthStatus: string) =>
  new Response(
    JSON.stringify({
      app: {
        key: target.key,
        entityRef: 'component:default/web',
        cluster: 'prod',
        syncStatus,
        healthStatus,
        revision: 'abcdef1234',
        updatedAt: '2026-01-01T00:00:00Z',
      },
      resources: [],
    }),
    { status: 200 },
  );

/** A client whose requests get the given answers in turn (the last one repeats). */
function clientAnswering(answers: Array<() => Response>) {
  const urls: string[] = [];
  const fetch = (async (url: string) => {
    urls.push(url);
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    return next();
  }) as unknown as typeof globalThis.fetch;
  return {
    client: new SlipwayClient({
      server: 'http://backstage',
      token: 't',
      fetch,
    }),
    urls,
  };
}

const waitOptions = (progress: string[]) => ({
  rollout: false,
  timeoutMs: 5000,
  intervalMs: 1,
  progress: (line: string) => progress.push(line),
});

describe('waitForApp', () => {
  it('asks again when the backend fails or cannot be reached, until the app is Synced and Healthy', async () => {
    const progress: string[] = [];
    const { client, urls } = clientAnswering([
      () => {
        throw new TypeError('fetch failed', {
          cause: { code: 'ECONNREFUSED' },
        });
      },
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'ServiceUnavailableError', message: 'restarting' },
          }),
          {
            status: 503,
          },
        ),
      () => appAnswer('OutOfSync', 'Progressing'),
      () => appAnswer('Synced', 'Healthy'),
    ]);
    const outcome = await waitForApp(client, target, waitOptions(progress));
    expect(outcome.app).toMatchObject({
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });
    expect(urls[0]).toBe(
      'http://backstage/api/gitops/entities/default/component/web/apps/prod',
    );
    expect(progress).toEqual([
      'cannot reach http://backstage/api/gitops/entities/default/component/web/apps/prod: ECONNREFUSED; asking again',
      'restarting (HTTP 503); asking again',
      'component:default/web@prod: OutOfSync/Progressing at abcdef1',
      'component:default/web@prod: Synced/Healthy at abcdef1',
    ]);
  });

  it('ends at once when the API refuses, with its exit code', async () => {
    const { client } = clientAnswering([
      () => appAnswer('OutOfSync', 'Progressing'),
      () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'token expired' },
          }),
          {
            status: 401,
          },
        ),
    ]);
    const error = await waitForApp(client, target, waitOptions([])).catch(
      e => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect({ code: error.exitCode, message: error.message }).toEqual({
      code: 3,
      message: 'token expired (HTTP 401)',
    });
    expect(error.seen.app.syncStatus).toBe('OutOfSync');
  });

  it('times out with exit code 5 and the last state, and the last problem after it', async () => {
    const { client } = clientAnswering([
      () => appAnswer('OutOfSync', 'Missing'),
      () => new Response('<html>bad gateway</html>', { status: 502 }),
    ]);
    const error = await waitForApp(client, target, {
      ...waitOptions([]),
      timeoutMs: 300,
      intervalMs: 20,
    }).catch(e => e);
    expect({ code: error.exitCode, message: error.message }).toEqual({
      code: 5,
      message:
        'timed out after 300ms waiting for component:default/web@prod to be Synced and Healthy; last state: OutOfSync/Missing at abcdef1 (then: <html>bad gateway</html> (HTTP 502))',
    });
  });
});
