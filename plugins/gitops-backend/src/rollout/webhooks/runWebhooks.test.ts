import { LoadTester, startLoadTester } from '@internal/test-env';
import { parseRolloutDocument } from '../spec/parse';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import type { RolloutSpec, WebhookType } from '../spec/types';
import { eventPayload } from './eventPayload';
import type { WebhookPayload } from './callWebhook';
import { runWebhooks as runWebhooksAs } from './runWebhooks';

/** Hooks of a project that may call the loopback load tester. */
const runWebhooks = (
  spec: RolloutSpec,
  type: WebhookType,
  body: WebhookPayload,
) => runWebhooksAs(spec, type, body, projectOutboundPolicy(testProject()));

const payload = {
  name: 'podinfo',
  namespace: 'test',
  phase: 'Progressing',
  checksum: 'abc123',
};

function rollout(webhooks: unknown[]): RolloutSpec {
  const result = parseRolloutDocument({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      analysis: { interval: '1m', threshold: 1, stepWeight: 10, webhooks },
    },
  });
  expect(result.errors).toEqual([]);
  return result.spec!;
}

describe('runWebhooks', () => {
  let loadTester: LoadTester;
  beforeAll(async () => {
    loadTester = await startLoadTester();
  });
  afterAll(() => loadTester.close());

  it('calls only the hooks of the type, in order, and passes when all do', async () => {
    const spec = rollout([
      {
        name: 'approve',
        type: 'confirm-rollout',
        url: `${loadTester.url}/gate/approve`,
      },
      {
        name: 'smoke',
        type: 'pre-rollout',
        url: `${loadTester.url}/`,
        metadata: { type: 'bash', cmd: 'echo one' },
      },
      {
        name: 'load',
        type: 'rollout',
        url: `${loadTester.url}/`,
        metadata: { cmd: 'hey http://podinfo-canary.test:9898/' },
      },
      {
        name: 'smoke-2',
        type: 'pre-rollout',
        url: `${loadTester.url}/`,
        metadata: { type: 'bash', cmd: 'echo two' },
      },
    ]);
    const result = await runWebhooks(spec, 'pre-rollout', payload);
    expect(result.passed).toBe(true);
    expect(result.results.map(r => [r.name, r.status, r.message])).toEqual([
      ['smoke', 200, 'HTTP 200 OK'],
      ['smoke-2', 200, 'HTTP 200 OK'],
    ]);
  });

  it('treats a document hook without type as rollout', async () => {
    const spec = rollout([
      { name: 'load', url: `${loadTester.url}/`, metadata: { cmd: 'hey x' } },
    ]);
    expect(
      (await runWebhooks(spec, 'rollout', payload)).results.map(r => r.name),
    ).toEqual(['load']);
  });

  it('stops at the first failing gate', async () => {
    const spec = rollout([
      {
        name: 'halt',
        type: 'confirm-promotion',
        url: `${loadTester.url}/gate/halt`,
      },
      {
        name: 'approve',
        type: 'confirm-promotion',
        url: `${loadTester.url}/gate/approve`,
      },
    ]);
    const result = await runWebhooks(spec, 'confirm-promotion', payload);
    expect(result).toMatchObject({
      passed: false,
      failed: 'halt',
      message: 'HTTP 403 Forbidden',
    });
    expect(result.results).toHaveLength(1);
  });

  it('passes with no hooks of the type', async () => {
    expect(await runWebhooks(rollout([]), 'confirm-rollout', payload)).toEqual({
      passed: true,
      results: [],
    });
  });

  it('sends every event hook the event, even after one fails', async () => {
    const spec = rollout([
      { name: 'broken', type: 'event', url: 'http://127.0.0.1:1/' },
      {
        name: 'recorder',
        type: 'event',
        url: `${loadTester.url}/`,
        metadata: { type: 'bash', cmd: 'true' },
      },
    ]);
    const at = new Date('2026-11-23T12:00:00Z');
    const result = await runWebhooks(spec, 'event', {
      ...payload,
      metadata: eventPayload(
        'Advance podinfo.test canary weight 10',
        'Normal',
        at,
      ),
    });
    expect(result).toMatchObject({ passed: false, failed: 'broken' });
    expect(result.results.map(r => r.passed)).toEqual([false, true]);
    expect(loadTester.calls.at(-1)!.body.metadata).toEqual({
      type: 'bash',
      cmd: 'true',
      eventMessage: 'Advance podinfo.test canary weight 10',
      eventType: 'Normal',
      timestamp: String(at.getTime()),
    });
  });
});
