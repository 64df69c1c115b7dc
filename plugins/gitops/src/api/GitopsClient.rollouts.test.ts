import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { GitopsClient } from './GitopsClient';

// A real HTTP server on 127.0.0.1 answering like the backend's rollout routes.
type Handler = (
  req: IncomingMessage,
  body: string,
) => { status: number; body: unknown };
type Request = {
  method: string;
  url: string;
  body: string;
  contentType?: string;
};

let server: Server;
let baseUrl: string;
let handler: Handler;
let requests: Request[];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        body,
        contentType: req.headers['content-type'],
      });
      const answer = handler(req, body);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await new Promise(resolve => server.close(resolve));
});

beforeEach(() => {
  requests = [];
});

const client = () =>
  new GitopsClient({
    discoveryApi: { getBaseUrl: async id => `${baseUrl}/${id}` },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
const entity = { kind: 'Component', namespace: 'default', name: 'payments' };
const rolloutPath =
  '/api/gitops/entities/default/component/payments/apps/prod%20eu/rollouts/payments%20api';

describe('GitopsClient rollouts', () => {
  it("reads the items of an app's rollouts route", async () => {
    const items = [{ name: 'web', kind: 'Canary', errors: [], warnings: [] }];
    handler = () => ({ status: 200, body: { items } });
    await expect(client().listRollouts(entity, 'prod eu')).resolves.toEqual(
      items,
    );
    expect(requests.map(r => r.url)).toEqual([
      '/api/gitops/entities/default/component/payments/apps/prod%20eu/rollouts',
    ]);
  });

  it('pages the runs of a rollout', async () => {
    const page = { items: [{ id: 7, result: 'Running' }], totalCount: 12 };
    handler = () => ({ status: 200, body: page });
    await expect(
      client().listRolloutRuns(entity, 'prod eu', 'payments api', {
        offset: 10,
        limit: 5,
      }),
    ).resolves.toEqual(page);
    await client().listRolloutRuns(entity, 'prod eu', 'payments api');
    expect(requests.map(r => r.url)).toEqual([
      `${rolloutPath}/runs?offset=10&limit=5`,
      `${rolloutPath}/runs`,
    ]);
  });

  it('reads one run with its checks and events', async () => {
    const details = {
      run: { id: 7 },
      checks: [{ id: 1 }],
      events: [{ id: 2 }],
    };
    handler = () => ({ status: 200, body: details });
    await expect(
      client().getRolloutRun(entity, 'prod eu', 'payments api', 7),
    ).resolves.toEqual(details);
    expect(requests[0].url).toBe(`${rolloutPath}/runs/7`);
  });

  it('reads the newest events, with or without a limit', async () => {
    const items = [
      {
        id: 1,
        type: 'Normal',
        message: 'Advance payments-api.payments canary weight 10',
      },
    ];
    handler = () => ({ status: 200, body: { items } });
    await expect(
      client().listRolloutEvents(entity, 'prod eu', 'payments api', 50),
    ).resolves.toEqual(items);
    await client().listRolloutEvents(entity, 'prod eu', 'payments api');
    expect(requests.map(r => r.url)).toEqual([
      `${rolloutPath}/events?limit=50`,
      `${rolloutPath}/events`,
    ]);
  });

  it('posts a control with an empty JSON body and answers the status', async () => {
    const status = {
      phase: 'Progressing',
      canaryWeight: 20,
      message: 'Advance payments-api.payments canary weight 20',
    };
    handler = () => ({ status: 202, body: { status } });
    await expect(
      client().controlRollout(
        entity,
        'prod eu',
        'payments api',
        'promote-full',
      ),
    ).resolves.toEqual(status);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${rolloutPath}/promote-full`,
        body: '{}',
        contentType: 'application/json',
      },
    ]);
  });

  it("rejects a control that does not apply with the backend's 409 message", async () => {
    handler = () => ({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message:
            'Cannot retry rollout payments-api: only a Failed rollout can be retried; it is Progressing',
        },
        request: { method: 'POST', url: `${rolloutPath}/retry` },
        response: { statusCode: 409 },
      },
    });
    await expect(
      client().controlRollout(entity, 'prod eu', 'payments api', 'retry'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: {
        error: {
          message:
            'Cannot retry rollout payments-api: only a Failed rollout can be retried; it is Progressing',
        },
      },
    });
  });
});
