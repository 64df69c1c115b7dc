import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LoadTester, startLoadTester } from '@internal/test-env';
import type { WebhookSpec } from '../spec/types';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import { callWebhook as callWebhookAs, WebhookPayload } from './callWebhook';

/** Hooks of a project that may call the loopback servers these tests start. */
const callWebhook = (spec: WebhookSpec, body: WebhookPayload) =>
  callWebhookAs(spec, body, projectOutboundPolicy(testProject()));

const payload: WebhookPayload = {
  name: 'podinfo',
  namespace: 'test',
  phase: 'Progressing',
  checksum: 'abc123',
};

function hook(fields: Partial<WebhookSpec>): WebhookSpec {
  return {
    name: 'load-test',
    type: 'rollout',
    url: 'http://127.0.0.1:1/',
    timeoutMs: 10_000,
    metadata: {},
    retries: 0,
    disableTLS: false,
    muteAlert: false,
    ...fields,
  };
}

describe('callWebhook against the load tester', () => {
  let loadTester: LoadTester;
  let dir: string;

  beforeAll(async () => {
    loadTester = await startLoadTester();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-webhook-'));
  });
  afterAll(async () => {
    await loadTester.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("posts Flagger's payload with the hook's metadata merged under the call's", async () => {
    const result = await callWebhook(
      hook({
        url: `${loadTester.url}/`,
        metadata: {
          cmd: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
          type: 'cmd',
        },
      }),
      { ...payload, metadata: { type: 'cmd', extra: 'yes' } },
    );
    expect(result).toMatchObject({
      passed: true,
      status: 202,
      message: 'HTTP 202 Accepted',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(loadTester.calls.at(-1)!.body).toEqual({
      name: 'podinfo',
      namespace: 'test',
      phase: 'Progressing',
      checksum: 'abc123',
      metadata: {
        cmd: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
        type: 'cmd',
        extra: 'yes',
      },
    });
    expect(loadTester.calls.at(-1)!.headers['content-type']).toBe(
      'application/json',
    );
    expect(loadTester.commands).toEqual([
      'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
    ]);
  });

  it('passes on 200 after a blocking bash task, keeping its output out of the message', async () => {
    const result = await callWebhook(
      hook({
        url: `${loadTester.url}/`,
        metadata: { type: 'bash', cmd: 'echo "  smoke test passed  "' },
      }),
      payload,
    );
    expect(result).toMatchObject({
      passed: true,
      status: 200,
      message: 'HTTP 200 OK',
    });
  });

  it('fails on 403 with the status line as the message', async () => {
    const result = await callWebhook(
      hook({ url: `${loadTester.url}/gate/halt` }),
      payload,
    );
    expect(result).toMatchObject({
      passed: false,
      status: 403,
      message: 'HTTP 403 Forbidden',
    });
  });

  it('gets 400 without metadata: Flagger omits empty metadata', async () => {
    const result = await callWebhook(
      hook({ url: `${loadTester.url}/` }),
      payload,
    );
    expect(result).toMatchObject({
      passed: false,
      status: 400,
      message: 'HTTP 400 Bad Request',
    });
    expect(loadTester.calls.at(-1)!.body).not.toHaveProperty('metadata');
  });

  it('opens and checks a gate per canary', async () => {
    const check = () =>
      callWebhook(hook({ url: `${loadTester.url}/gate/check` }), payload);
    expect(await check()).toMatchObject({ passed: false, status: 403 });
    expect(
      await callWebhook(hook({ url: `${loadTester.url}/gate/open` }), payload),
    ).toMatchObject({ passed: true, status: 202 });
    expect(await check()).toMatchObject({
      passed: true,
      status: 200,
      message: 'HTTP 200 OK',
    });
    expect(
      await callWebhook(hook({ url: `${loadTester.url}/gate/check` }), {
        ...payload,
        name: 'other',
      }),
    ).toMatchObject({ passed: false, status: 403 });
    await callWebhook(hook({ url: `${loadTester.url}/gate/close` }), payload);
    expect(await check()).toMatchObject({ passed: false, status: 403 });
  });

  it('times out with the hook timeout in the message', async () => {
    const result = await callWebhook(
      hook({
        url: `${loadTester.url}/`,
        timeoutMs: 300,
        metadata: { type: 'bash', cmd: 'sleep 3' },
      }),
      payload,
    );
    expect(result).toMatchObject({
      passed: false,
      message: `POST ${loadTester.url}/ timed out after 300 ms`,
    });
    expect(result.status).toBeUndefined();
    expect(result.durationMs).toBeLessThan(3000);
  });

  it('retries 5xx answers and passes once the hook does', async () => {
    const marker = path.join(dir, 'second-attempt');
    // Fails (500) the first time, then succeeds: the marker survives between attempts.
    const cmd = `if [ -f ${marker} ]; then echo recovered; else touch ${marker}; exit 1; fi`;
    const before = loadTester.calls.length;
    const result = await callWebhook(
      hook({
        url: `${loadTester.url}/`,
        retries: 2,
        metadata: { type: 'bash', cmd },
      }),
      payload,
    );
    expect(result).toMatchObject({
      passed: true,
      status: 200,
      message: 'HTTP 200 OK',
    });
    expect(loadTester.calls.slice(before).map(c => c.status)).toEqual([
      500, 200,
    ]);
  });

  it('gives up after the retries, with the last answer', async () => {
    const before = loadTester.calls.length;
    const result = await callWebhook(
      hook({
        url: `${loadTester.url}/`,
        retries: 2,
        metadata: { type: 'bash', cmd: 'echo broken >&2; exit 3' },
      }),
      payload,
    );
    expect(result).toMatchObject({
      passed: false,
      status: 500,
      message: 'HTTP 500 Internal Server Error',
    });
    expect(loadTester.calls.length - before).toBe(3);
  });

  it('does not retry a 4xx answer', async () => {
    const before = loadTester.calls.length;
    await callWebhook(
      hook({ url: `${loadTester.url}/gate/halt`, retries: 3 }),
      payload,
    );
    expect(loadTester.calls.length - before).toBe(1);
  });

  it('retries transport errors and reports the last one', async () => {
    const result = await callWebhook(
      hook({ url: 'http://127.0.0.1:1/', retries: 1 }),
      payload,
    );
    expect(result).toMatchObject({
      passed: false,
      message:
        'POST http://127.0.0.1:1/ failed: connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});

describe('callWebhook over TLS', () => {
  let server: https.Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-tls-'));
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ]);
    server = https.createServer(
      {
        key: await fs.readFile(path.join(dir, 'key.pem')),
        cert: await fs.readFile(path.join(dir, 'cert.pem')),
      },
      (_req, res) => {
        res.writeHead(200);
        res.end('ok');
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed certificate', async () => {
    const result = await callWebhook(hook({ url }), payload);
    expect(result).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /^POST https:\/\/127\.0\.0\.1:\d+\/ failed: self-signed certificate.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
      ),
    });
  });

  it('accepts it with disableTLS, for that call only', async () => {
    expect(
      await callWebhook(hook({ url, disableTLS: true }), payload),
    ).toMatchObject({ passed: true, status: 200, message: 'HTTP 200 OK' });
    expect((await callWebhook(hook({ url }), payload)).passed).toBe(false);
  });
});

describe('callWebhook outside the project outboundHosts', () => {
  let loadTester: LoadTester;
  beforeAll(async () => {
    loadTester = await startLoadTester();
  });
  afterAll(() => loadTester.close());

  it('refuses the call without retrying: the service sees nothing', async () => {
    const policy = projectOutboundPolicy(
      testProject({ name: 'team-a', outboundHosts: ['hooks.team-a.example'] }),
    );
    const url = `${loadTester.url}/`;
    const result = await callWebhookAs(
      hook({ url, retries: 3, metadata: { type: 'bash', cmd: 'echo hi' } }),
      payload,
      policy,
    );
    const { host } = new URL(url);
    expect(result).toMatchObject({
      passed: false,
      message: `POST ${url} refused: URL host ${host} is not in the outboundHosts of project 'team-a'`,
    });
    expect(result.status).toBeUndefined();
    expect(loadTester.calls).toEqual([]);
  });

  it('refuses the cloud metadata address even when the project allows every host', async () => {
    const policy = projectOutboundPolicy(
      testProject({ outboundHosts: ['*', '*:*'] }),
    );
    const result = await callWebhookAs(
      hook({
        url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      }),
      payload,
      policy,
    );
    expect(result.message).toBe(
      'POST http://169.254.169.254/latest/meta-data/iam/security-credentials/ refused: URL host 169.254.169.254:80 is a cloud metadata address, which Slipway never calls',
    );
  });
});
