import { withPatch } from '../__fixtures__/merge';
import { fluxKustomization } from '../__fixtures__/resources';
import { fluxKustomizationHealth } from './flux';

const withConditions = (conditions: unknown[]) =>
  withPatch(fluxKustomization, { status: { conditions } });

describe('fluxKustomizationHealth', () => {
  it('is Healthy when Ready', () => {
    expect(fluxKustomizationHealth(fluxKustomization)).toEqual({
      status: 'Healthy',
      message:
        'Applied revision: main@sha1:4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    });
  });

  it('is Suspended when suspended', () => {
    const suspended = withPatch(fluxKustomization, { spec: { suspend: true } });
    expect(fluxKustomizationHealth(suspended).status).toBe('Suspended');
  });

  it('is Progressing while reconciling with Ready=Unknown', () => {
    const running = withConditions([
      {
        type: 'Reconciling',
        status: 'True',
        reason: 'Progressing',
        message: 'Running health checks',
      },
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'Progressing',
        message: 'Reconciliation in progress',
      },
    ]);
    expect(fluxKustomizationHealth(running)).toEqual({
      status: 'Progressing',
      message: 'Reconciliation in progress',
    });
  });

  it('is Degraded when Ready=False', () => {
    const failed = withConditions([
      {
        type: 'Ready',
        status: 'False',
        reason: 'HealthCheckFailed',
        message: 'health check failed after 4m30s',
      },
    ]);
    expect(fluxKustomizationHealth(failed)).toEqual({
      status: 'Degraded',
      message: 'health check failed after 4m30s',
    });
  });

  it('is Progressing without status', () => {
    expect(
      fluxKustomizationHealth(withPatch(fluxKustomization, { status: null }))
        .status,
    ).toBe('Progressing');
  });
});
