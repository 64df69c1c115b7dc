import { withPatch } from '../__fixtures__/merge';
import { pod } from '../__fixtures__/workloads';
import { podHealth } from './pod';

const crashLooping = withPatch(pod, {
  status: {
    conditions: [
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        image: 'ghcr.io/example/web:1.4.2',
        ready: false,
        started: false,
        restartCount: 5,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message:
              'back-off 2m40s restarting failed container=web pod=web-7d9f8c6b5d-x2k9p_shop(9a8b7c6d)',
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2025-05-02T09:18:00Z',
            finishedAt: '2025-05-02T09:18:02Z',
          },
        },
      },
    ],
  },
});

describe('podHealth', () => {
  it('is Healthy when running and Ready', () => {
    expect(podHealth(pod)).toEqual({
      status: 'Healthy',
      message: 'Pod is running and ready',
    });
  });

  it('is Degraded for a crash-looping long-running pod', () => {
    expect(podHealth(crashLooping)).toEqual({
      status: 'Degraded',
      message:
        'back-off 2m40s restarting failed container=web pod=web-7d9f8c6b5d-x2k9p_shop(9a8b7c6d)',
    });
  });

  it.each(['ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError'])(
    'is Degraded when a container waits with %s',
    reason => {
      const stuck = withPatch(pod, {
        status: {
          phase: 'Pending',
          containerStatuses: [
            { name: 'web', ready: false, state: { waiting: { reason } } },
          ],
        },
      });
      expect(podHealth(stuck)).toEqual({
        status: 'Degraded',
        message: `web: ${reason}`,
      });
    },
  );

  it('is Progressing for a stuck run-to-completion pod (a possible hook)', () => {
    const hook = withPatch(crashLooping, {
      metadata: { annotations: { 'argocd.argoproj.io/hook': 'PreSync' } },
      spec: { restartPolicy: 'Never' },
      status: { phase: 'Pending' },
    });
    expect(podHealth(hook).status).toBe('Progressing');
  });

  it('honours ignore-restart-policy on non-hook pods only', () => {
    const annotated = withPatch(crashLooping, {
      metadata: {
        annotations: { 'argocd.argoproj.io/ignore-restart-policy': 'true' },
      },
      spec: { restartPolicy: 'OnFailure' },
    });
    expect(podHealth(annotated).status).toBe('Degraded');
    const annotatedHook = withPatch(annotated, {
      metadata: { annotations: { 'helm.sh/hook': 'pre-install' } },
    });
    expect(podHealth(annotatedHook).status).toBe('Progressing');
  });

  describe('with argocd.argoproj.io/ignore-restart-policy', () => {
    const ignoringPolicy = withPatch(pod, {
      metadata: {
        annotations: { 'argocd.argoproj.io/ignore-restart-policy': 'true' },
      },
      spec: { restartPolicy: 'Never' },
    });

    it('is Healthy when a Never pod is running and Ready', () => {
      expect(podHealth(ignoringPolicy)).toEqual({
        status: 'Healthy',
        message: 'Pod is running and ready',
      });
    });

    it('is Degraded when a Never pod is unready after a restart', () => {
      const restarted = withPatch(ignoringPolicy, {
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'web',
              ready: false,
              state: { running: { startedAt: '2025-05-02T09:19:00Z' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error' } },
            },
          ],
        },
      });
      expect(podHealth(restarted).status).toBe('Degraded');
    });

    it('needs the value "true"', () => {
      const other = withPatch(ignoringPolicy, {
        metadata: {
          annotations: { 'argocd.argoproj.io/ignore-restart-policy': 'yes' },
        },
      });
      expect(podHealth(other).status).toBe('Progressing');
    });

    it.each([
      ['argocd.argoproj.io/hook', 'PreSync'],
      ['argocd.argoproj.io/hook', 'Skip,PostSync'],
      ['argocd.argoproj.io/hook', 'PreDelete'],
      ['helm.sh/hook', 'post-install'],
    ])('is ignored on a running hook pod (%s: %s)', (key, value) => {
      const hook = withPatch(ignoringPolicy, {
        metadata: { annotations: { [key]: value } },
      });
      expect(podHealth(hook)).toEqual({
        status: 'Progressing',
        message: 'Pod is running',
      });
    });

    it.each([
      ['argocd.argoproj.io/hook', 'Skip'],
      ['argocd.argoproj.io/hook', ' Skip , Skip'],
      ['argocd.argoproj.io/hook', 'Skip,NotAHook'],
      ['helm.sh/hook', 'crd-install'],
    ])('applies to pods whose %s: %s is no hook', (key, value) => {
      const notHook = withPatch(ignoringPolicy, {
        metadata: { annotations: { [key]: value } },
      });
      expect(podHealth(notHook).status).toBe('Healthy');
      const stuck = withPatch(crashLooping, {
        metadata: notHook.metadata,
        spec: { restartPolicy: 'Never' },
      });
      expect(podHealth(stuck).status).toBe('Degraded');
    });

    it('lets an Argo CD hook annotation outrank a Helm one', () => {
      const skipped = withPatch(ignoringPolicy, {
        metadata: {
          annotations: {
            'argocd.argoproj.io/hook': 'Skip',
            'helm.sh/hook': 'pre-install',
          },
        },
      });
      expect(podHealth(skipped).status).toBe('Healthy');
    });
  });

  it('is Unknown when running with an unrecognised restartPolicy', () => {
    const odd = withPatch(pod, { spec: { restartPolicy: 'Sometimes' } });
    expect(podHealth(odd).status).toBe('Unknown');
  });

  it('is Progressing while Pending, with the scheduler message', () => {
    const pending = withPatch(pod, {
      spec: { nodeName: null },
      status: {
        phase: 'Pending',
        podIP: null,
        containerStatuses: null,
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message:
              '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available.',
          },
        ],
      },
    });
    expect(podHealth(pending)).toEqual({
      status: 'Progressing',
      message:
        '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available.',
    });
  });

  it('is Healthy once Succeeded', () => {
    const done = withPatch(pod, {
      spec: { restartPolicy: 'Never' },
      status: { phase: 'Succeeded' },
    });
    expect(podHealth(done).status).toBe('Healthy');
  });

  it('is Degraded when Failed, with the pod or container reason', () => {
    const evicted = withPatch(pod, {
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
      },
    });
    expect(podHealth(evicted)).toEqual({
      status: 'Degraded',
      message: 'The node was low on resource: memory.',
    });
    const exited = withPatch(pod, {
      spec: { restartPolicy: 'Never' },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            state: { terminated: { exitCode: 3, reason: 'Error' } },
          },
        ],
      },
    });
    expect(podHealth(exited)).toEqual({
      status: 'Degraded',
      message: 'container "web" failed with exit code 3',
    });
    const oom = withPatch(exited, {
      status: {
        containerStatuses: [
          {
            name: 'web',
            state: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      },
    });
    expect(podHealth(oom).message).toBe('OOMKilled');
  });

  it('is Degraded when running unready after a container restart', () => {
    const restarted = withPatch(crashLooping, {
      status: {
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            restartCount: 1,
            state: { running: { startedAt: '2025-05-02T09:19:00Z' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      },
    });
    expect(podHealth(restarted).status).toBe('Degraded');
  });

  it('is Progressing when running but not ready yet', () => {
    const warming = withPatch(pod, {
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'web',
            ready: false,
            lastState: {},
            state: { running: { startedAt: '2025-05-02T09:19:00Z' } },
          },
        ],
      },
    });
    expect(podHealth(warming)).toEqual({
      status: 'Progressing',
      message: 'Waiting for the pod to become ready',
    });
  });

  it('is Progressing when a run-to-completion pod is running', () => {
    const running = withPatch(pod, { spec: { restartPolicy: 'OnFailure' } });
    expect(podHealth(running).status).toBe('Progressing');
  });

  it('is Unknown for an unknown phase', () => {
    const lost = withPatch(pod, { status: { phase: 'Unknown' } });
    expect(podHealth(lost).status).toBe('Unknown');
  });
});
