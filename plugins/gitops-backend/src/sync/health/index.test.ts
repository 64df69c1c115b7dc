import { withPatch } from '../__fixtures__/merge';
import {
  apiService,
  certificate,
  customResourceDefinition,
  fluxKustomization,
  horizontalPodAutoscaler,
  ingress,
  loadBalancerService,
  persistentVolumeClaim,
} from '../__fixtures__/resources';
import {
  cronJob,
  daemonSet,
  deployment,
  job,
  pod,
  replicaSet,
  statefulSet,
} from '../__fixtures__/workloads';
import { assessHealth } from './index';

describe('assessHealth', () => {
  it('dispatches every built-in kind to its rule', () => {
    const cases: Array<[unknown, string]> = [
      [withPatch(deployment, { spec: { paused: true } }), 'Suspended'],
      [withPatch(statefulSet, { status: { readyReplicas: 0 } }), 'Progressing'],
      [withPatch(daemonSet, { status: { numberAvailable: 0 } }), 'Progressing'],
      [
        withPatch(replicaSet, { status: { availableReplicas: 0 } }),
        'Progressing',
      ],
      [withPatch(pod, { status: { phase: 'Failed' } }), 'Degraded'],
      [
        withPatch(loadBalancerService, {
          status: { loadBalancer: { ingress: null } },
        }),
        'Progressing',
      ],
      [
        withPatch(ingress, { status: { loadBalancer: { ingress: null } } }),
        'Progressing',
      ],
      [
        withPatch(persistentVolumeClaim, { status: { phase: 'Pending' } }),
        'Progressing',
      ],
      [job, 'Progressing'],
      [withPatch(cronJob, { spec: { suspend: true } }), 'Healthy'],
      [
        withPatch(horizontalPodAutoscaler, { status: { conditions: null } }),
        'Progressing',
      ],
      [
        withPatch(customResourceDefinition, { status: { conditions: null } }),
        'Progressing',
      ],
      [withPatch(apiService, { status: null }), 'Progressing'],
      [
        withPatch(fluxKustomization, {
          status: { conditions: [{ type: 'Ready', status: 'False' }] },
        }),
        'Degraded',
      ],
    ];
    for (const [obj, status] of cases) {
      expect([
        (obj as { kind: string }).kind,
        assessHealth(obj as never).status,
      ]).toEqual([(obj as { kind: string }).kind, status]);
    }
  });

  it('uses the legacy extensions group too', () => {
    const legacy = withPatch(deployment, {
      apiVersion: 'extensions/v1beta1',
      spec: { paused: true },
    });
    expect(assessHealth(legacy).status).toBe('Suspended');
  });

  it('falls back to kstatus for other kinds', () => {
    expect(assessHealth(certificate).status).toBe('Healthy');
    const stalled = withPatch(certificate, {
      status: {
        conditions: [
          { type: 'Stalled', status: 'True', message: 'issuer not found' },
        ],
      },
    });
    expect(assessHealth(stalled)).toEqual({
      status: 'Degraded',
      message: 'issuer not found',
    });
  });

  it('is Missing without a live object', () => {
    expect(assessHealth(undefined).status).toBe('Missing');
    expect(assessHealth(null).status).toBe('Missing');
  });

  it('is Progressing "Pending deletion" while deleting, except for hooks', () => {
    const deleting = withPatch(deployment, {
      metadata: {
        deletionTimestamp: '2025-05-02T10:00:00Z',
        deletionGracePeriodSeconds: 0,
      },
    });
    expect(assessHealth(deleting)).toEqual({
      status: 'Progressing',
      message: 'Pending deletion',
    });
    const hookJob = withPatch(job, {
      metadata: {
        deletionTimestamp: '2025-05-02T10:00:00Z',
        finalizers: ['argocd.argoproj.io/hook-finalizer'],
      },
      status: {
        conditions: [{ type: 'Complete', status: 'True', message: 'done' }],
      },
    });
    expect(assessHealth(hookJob)).toEqual({
      status: 'Healthy',
      message: 'done',
    });
  });

  it('tolerates malformed fields and turns a failing rule into Unknown', () => {
    const weird = withPatch(statefulSet, {
      status: { conditions: 'not-a-list' },
    });
    expect(assessHealth(weird).status).toBe('Healthy');
    const exploding = { ...deployment };
    Object.defineProperty(exploding, 'status', {
      get() {
        throw new Error('status is unreadable');
      },
    });
    expect(assessHealth(exploding)).toEqual({
      status: 'Unknown',
      message: 'Health check for Deployment failed: status is unreadable',
    });
  });
});
