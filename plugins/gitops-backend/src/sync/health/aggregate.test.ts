import { withPatch } from '../__fixtures__/merge';
import { deployment, job } from '../__fixtures__/workloads';
import { aggregateHealth, ChildHealth } from './aggregate';

const healthy: ChildHealth = {
  status: 'Healthy',
  message: 'ok',
  object: deployment,
};

describe('aggregateHealth', () => {
  it('is the worst child, in Argo CD order', () => {
    expect(
      aggregateHealth([
        healthy,
        { status: 'Suspended', message: 'paused' },
        { status: 'Progressing', message: 'rolling' },
      ]).status,
    ).toBe('Progressing');
    expect(
      aggregateHealth([
        { status: 'Degraded', message: 'broken' },
        { status: 'Unknown', message: 'no idea' },
        healthy,
      ]).status,
    ).toBe('Unknown');
    expect(
      aggregateHealth([
        { status: 'Progressing', message: 'rolling' },
        { status: 'Degraded', message: 'broken' },
      ]).status,
    ).toBe('Degraded');
  });

  it('names the worst child in the message', () => {
    expect(
      aggregateHealth([
        healthy,
        {
          status: 'Degraded',
          message: 'Deployment "web" exceeded its progress deadline',
          object: deployment,
        },
      ]),
    ).toEqual({
      status: 'Degraded',
      message:
        'Deployment shop/web: Deployment "web" exceeded its progress deadline',
    });
  });

  it('is Healthy with no children or only healthy ones', () => {
    expect(aggregateHealth([]).status).toBe('Healthy');
    expect(aggregateHealth([healthy, healthy])).toEqual({
      status: 'Healthy',
      message: '2 of 2 resources are healthy',
    });
  });

  it('does not let a missing child worsen an app that has live resources', () => {
    expect(
      aggregateHealth([healthy, { status: 'Missing', message: 'gone' }]).status,
    ).toBe('Healthy');
  });

  it('is Missing when every counted child is missing', () => {
    expect(
      aggregateHealth([
        { status: 'Missing', message: 'gone' },
        { status: 'Missing', message: 'gone' },
      ]).status,
    ).toBe('Missing');
  });

  it('skips hooks and ignore-healthcheck children', () => {
    const hook = withPatch(job, {
      metadata: { annotations: { 'argocd.argoproj.io/hook': 'PreSync' } },
    });
    const ignored = withPatch(deployment, {
      metadata: {
        annotations: { 'argocd.argoproj.io/ignore-healthcheck': 'true' },
      },
    });
    expect(
      aggregateHealth([
        healthy,
        { status: 'Degraded', message: 'failed', object: hook },
        { status: 'Degraded', message: 'failed', object: ignored },
      ]).status,
    ).toBe('Healthy');
  });

  it('ignores Missing or Unknown child Applications', () => {
    const child = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'child', namespace: 'argocd' },
    };
    expect(
      aggregateHealth([
        healthy,
        { status: 'Unknown', message: '?', object: child },
      ]).status,
    ).toBe('Healthy');
    expect(
      aggregateHealth([
        healthy,
        { status: 'Degraded', message: 'x', object: child },
      ]).status,
    ).toBe('Degraded');
  });
});
