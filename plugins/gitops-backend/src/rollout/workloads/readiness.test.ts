import { waitUntil } from '@internal/test-env';
import { createWorkloads, type Readiness } from '.';
import {
  podinfo,
  unschedulable,
  WorkloadsTestbed,
} from './__testUtils__/workloadsTestbed';

describe('Workloads readiness against the local control plane', () => {
  const workloads = createWorkloads();
  let testbed: WorkloadsTestbed;
  let canary: string;

  /**
   * Polls until readiness says `message` (ready when undefined): the
   * controllers need a moment to observe each change.
   */
  const until = (check: () => Promise<Readiness>, message?: string) =>
    waitUntil(check, {
      description: message ? `readiness to say "${message}"` : 'readiness',
      timeoutMs: 45_000,
      intervalMs: 250,
      until: readiness => readiness.message === message,
    });
  const canaryReadiness = () => workloads.canaryReadiness(testbed.target());
  const primaryReadiness = () => workloads.primaryReadiness(testbed.target());

  beforeAll(async () => {
    testbed = await WorkloadsTestbed.start('workloads-ready');
    canary = `canary deployment podinfo.${testbed.namespace} not ready: `;
  });

  afterAll(() => testbed.stop());

  it('is not ready, for good, while a deployment does not exist', async () => {
    await expect(primaryReadiness()).resolves.toEqual({
      ready: false,
      retriable: false,
      message: `podinfo-primary.${testbed.namespace} not ready: deployment podinfo-primary.${testbed.namespace} not found`,
    });
  });

  it('waits for updated replicas to become available, then is ready', async () => {
    await testbed.apply(podinfo({ podSpec: unschedulable }));
    const message = `${canary}waiting for rollout to finish: 0 of 2 (readyThreshold 100%) updated replicas are available`;
    expect(await until(canaryReadiness, message)).toEqual({
      ready: false,
      retriable: true,
      message,
    });

    await testbed.apply(podinfo());
    expect(await until(canaryReadiness)).toEqual({
      ready: true,
      retriable: true,
    });
  });

  it('counts replicas of the new template while a rollout is under way', async () => {
    // maxSurge 25% of 2 lets one new pod start; it never schedules, so the old pods stay.
    await testbed.apply(
      podinfo({
        image: 'ghcr.io/stefanprodan/podinfo:6.1.0',
        podSpec: unschedulable,
      }),
    );
    const message = `${canary}waiting for rollout to finish: 1 out of 2 new replicas have been updated`;
    expect(await until(canaryReadiness, message)).toEqual({
      ready: false,
      retriable: true,
      message,
    });
  });

  it('gives up when the deployment exceeds its progress deadline', async () => {
    await testbed.apply(
      podinfo({
        image: 'ghcr.io/stefanprodan/podinfo:6.1.0',
        podSpec: unschedulable,
        progressDeadlineSeconds: 1,
      }),
    );
    const message = `${canary}deployment "podinfo" exceeded its progress deadline`;
    expect(await until(canaryReadiness, message)).toEqual({
      ready: false,
      retriable: false,
      message,
    });
  });

  it('is not ready while scaled to zero, and ready again once scaled up', async () => {
    await testbed.apply(podinfo());
    expect(await until(canaryReadiness)).toEqual({
      ready: true,
      retriable: true,
    });

    await workloads.scaleTarget(testbed.target(), 'zero');
    const message = `${canary}waiting for rollout to finish: 0 of 0 updated replicas are available: the deployment is scaled to zero`;
    expect(await until(canaryReadiness, message)).toEqual({
      ready: false,
      retriable: true,
      message,
    });

    await workloads.scaleTarget(testbed.target(), 'up');
    expect(await until(canaryReadiness)).toEqual({
      ready: true,
      retriable: true,
    });
  });
});
