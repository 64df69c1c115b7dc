import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { argoRollout, argoWorkflow } from '../__fixtures__/argo';
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
import {
  aggregateHealth,
  assessHealth,
  BUILT_IN_HEALTH_CHECKS,
  HEALTH_ORDER,
} from './index';
import { kstatusHealth } from './kstatus';

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

  it.each([
    [
      'Workflow',
      withPatch(argoWorkflow, {
        status: { phase: 'Failed', message: 'child failed' },
      }),
      { status: 'Degraded', message: 'child failed' },
    ],
    [
      'Rollout',
      withPatch(argoRollout, {
        status: { phase: 'Paused', message: 'CanaryPauseStep' },
      }),
      { status: 'Suspended', message: 'CanaryPauseStep' },
    ],
  ])('dispatches an Argo %s to its rule', (_kind, obj, expected) => {
    expect(assessHealth(obj)).toEqual(expected);
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

describe('objects without metadata', () => {
  const samples: KubernetesObject[] = [
    deployment,
    statefulSet,
    daemonSet,
    replicaSet,
    pod,
    withPatch(pod, { spec: { restartPolicy: 'Never' } }),
    job,
    cronJob,
    loadBalancerService,
    ingress,
    persistentVolumeClaim,
    horizontalPodAutoscaler,
    withPatch(horizontalPodAutoscaler, { apiVersion: 'autoscaling/v1' }),
    customResourceDefinition,
    apiService,
    fluxKustomization,
    argoWorkflow,
    argoRollout,
    withPatch(argoRollout, { spec: { workloadRef: { name: 'checkout' } } }),
  ];

  /** `obj` as a client might hand it over: no metadata at all. */
  function withoutMetadata(obj: object): KubernetesObject {
    const { metadata: _metadata, ...rest } = obj as KubernetesObject;
    return rest as unknown as KubernetesObject;
  }

  /** The same with `metadata: null`, as JSON may spell it. */
  function withNullMetadata(obj: object): KubernetesObject {
    return { ...obj, metadata: null } as unknown as KubernetesObject;
  }

  /** A bare object of the rule's kind plus every fixture of that kind. */
  function samplesFor(key: string): KubernetesObject[] {
    const [group, kind] = key.split('/');
    const apiVersion = group ? `${group}/v1` : 'v1';
    const objects = [
      { apiVersion, kind },
      ...samples
        .filter(s => s.kind === kind)
        .map(s =>
          s.apiVersion.startsWith(`${group}/`) ? s : { ...s, apiVersion },
        ),
    ];
    return [...objects.map(withoutMetadata), ...objects.map(withNullMetadata)];
  }

  it.each(Object.keys(BUILT_IN_HEALTH_CHECKS))(
    'are assessed by the %s rule without throwing',
    key => {
      for (const obj of samplesFor(key)) {
        const result = BUILT_IN_HEALTH_CHECKS[key](obj);
        expect(HEALTH_ORDER).toContain(result.status);
        expect(assessHealth(obj)).toEqual(result);
      }
    },
  );

  it('fall back to kstatus without throwing', () => {
    // Without metadata.generation the observed generation cannot be matched.
    const bare = withoutMetadata(certificate);
    expect(kstatusHealth(bare).status).toBe('Progressing');
    expect(assessHealth(bare)).toEqual(kstatusHealth(bare));
  });

  it('are aggregated without throwing', () => {
    const bare = withoutMetadata(deployment);
    expect(
      aggregateHealth([
        { status: 'Degraded', message: 'broken', object: bare },
      ]),
    ).toEqual({ status: 'Degraded', message: 'Deployment: broken' });
  });
});
