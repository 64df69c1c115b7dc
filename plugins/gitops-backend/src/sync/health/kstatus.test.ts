import { withPatch } from '../__fixtures__/merge';
import { certificate } from '../__fixtures__/resources';
import { computeKstatus, kstatusHealth } from './kstatus';

const withConditions = (conditions: unknown[]) =>
  withPatch(certificate, { status: { conditions } });

describe('computeKstatus', () => {
  it('is Current when Ready=True', () => {
    expect(computeKstatus(certificate)).toEqual({
      status: 'Current',
      message: 'Certificate is up to date and has not expired',
    });
  });

  it('is Terminating when a deletion is pending', () => {
    const deleting = withPatch(certificate, {
      metadata: {
        deletionTimestamp: '2025-05-02T10:00:00Z',
        finalizers: ['example.com/cleanup'],
      },
    });
    expect(computeKstatus(deleting).status).toBe('Terminating');
    expect(kstatusHealth(deleting)).toEqual({
      status: 'Progressing',
      message: 'Pending deletion',
    });
  });

  it('is InProgress while the latest generation is unobserved', () => {
    const unobserved = withPatch(certificate, { metadata: { generation: 3 } });
    expect(computeKstatus(unobserved)).toEqual({
      status: 'InProgress',
      message:
        'Certificate generation is 3, but latest observed generation is 2',
    });
  });

  it('skips the generation rule when observedGeneration is absent', () => {
    const noObserved = withPatch(certificate, {
      metadata: { generation: 5 },
      status: { observedGeneration: null },
    });
    expect(computeKstatus(noObserved).status).toBe('Current');
  });

  it('is InProgress when Reconciling=True, Failed when Stalled=True', () => {
    expect(
      computeKstatus(
        withConditions([
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'Progressing',
            message: 'Issuing certificate as Secret does not exist',
          },
          { type: 'Ready', status: 'False', reason: 'DoesNotExist' },
        ]),
      ),
    ).toEqual({
      status: 'InProgress',
      message: 'Issuing certificate as Secret does not exist',
    });
    expect(
      computeKstatus(
        withConditions([
          {
            type: 'Stalled',
            status: 'True',
            reason: 'InvalidIssuer',
            message: 'issuer "letsencrypt" not found',
          },
          { type: 'Ready', status: 'False', reason: 'InvalidIssuer' },
        ]),
      ),
    ).toEqual({ status: 'Failed', message: 'issuer "letsencrypt" not found' });
  });

  it('treats Reconciling/Stalled=False as normal', () => {
    const calm = withConditions([
      { type: 'Reconciling', status: 'False', reason: 'Done' },
      { type: 'Stalled', status: 'False', reason: 'Done' },
      { type: 'Ready', status: 'True', reason: 'Ready' },
    ]);
    expect(computeKstatus(calm)).toEqual({
      status: 'Current',
      message: 'Resource is Ready',
    });
  });

  it('is InProgress when Ready is False or Unknown', () => {
    expect(
      computeKstatus(
        withConditions([
          {
            type: 'Ready',
            status: 'False',
            reason: 'Pending',
            message: 'Waiting on certificate issuance',
          },
        ]),
      ),
    ).toEqual({
      status: 'InProgress',
      message: 'Waiting on certificate issuance',
    });
    expect(
      computeKstatus(
        withConditions([
          { type: 'Ready', status: 'Unknown', reason: 'Unknown' },
        ]),
      ).status,
    ).toBe('InProgress');
  });

  it('is Current without any signal', () => {
    const bare = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        namespace: 'shop',
        uid: 'u',
        resourceVersion: '1',
      },
      data: { LOG_LEVEL: 'info' },
    };
    expect(computeKstatus(bare)).toEqual({
      status: 'Current',
      message: 'Resource is current',
    });
  });
});

describe('kstatusHealth', () => {
  it('maps kstatus results onto health statuses', () => {
    expect(kstatusHealth(certificate).status).toBe('Healthy');
    expect(
      kstatusHealth(
        withConditions([{ type: 'Stalled', status: 'True', message: 'x' }]),
      ).status,
    ).toBe('Degraded');
    expect(
      kstatusHealth(withConditions([{ type: 'Ready', status: 'False' }]))
        .status,
    ).toBe('Progressing');
  });

  it('reports spec.suspend: true as Suspended', () => {
    const suspended = withPatch(certificate, { spec: { suspend: true } });
    expect(kstatusHealth(suspended)).toEqual({
      status: 'Suspended',
      message: 'Certificate is suspended',
    });
  });
});
