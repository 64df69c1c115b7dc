import { withPatch } from '../__fixtures__/merge';
import { fluxKustomization } from '../__fixtures__/resources';
import { fluxKustomizationHealth } from './flux';

const withConditions = (conditions: unknown) =>
  withPatch(fluxKustomization, { status: { conditions } });

const reconciling = {
  type: 'Reconciling',
  status: 'True',
  reason: 'Progressing',
  message: 'Running health checks',
};

describe('fluxKustomizationHealth', () => {
  it('is Healthy when Ready, with the Ready reason', () => {
    expect(fluxKustomizationHealth(fluxKustomization)).toEqual({
      status: 'Healthy',
      message: 'ReconciliationSucceeded',
    });
  });

  it('is Suspended when suspended, whatever its conditions', () => {
    const suspended = withPatch(fluxKustomization, {
      spec: { suspend: true },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    });
    expect(fluxKustomizationHealth(suspended)).toEqual({
      status: 'Suspended',
      message: 'Kustomization is suspended',
    });
  });

  it('is Progressing while reconciling with Ready=Unknown', () => {
    const running = withConditions([
      reconciling,
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'Progressing',
        message: 'Reconciliation in progress',
      },
    ]);
    expect(fluxKustomizationHealth(running)).toEqual({
      status: 'Progressing',
      message: 'Progressing',
    });
  });

  it('stays Healthy while a Ready object reconciles again', () => {
    const again = withConditions([
      reconciling,
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: 'Applied revision: main@sha1:4b825dc6',
      },
    ]);
    expect(fluxKustomizationHealth(again)).toEqual({
      status: 'Healthy',
      message: 'ReconciliationSucceeded',
    });
  });

  it('is Degraded when Ready=False, with the Ready reason', () => {
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
      message: 'HealthCheckFailed',
    });
  });

  it('is Degraded when stalled, even if still reconciling', () => {
    const stalled = withConditions([
      reconciling,
      {
        type: 'Stalled',
        status: 'True',
        reason: 'BuildFailed',
        message: 'kustomize build failed',
      },
      { type: 'Ready', status: 'False', reason: 'BuildFailed' },
    ]);
    expect(fluxKustomizationHealth(stalled)).toEqual({
      status: 'Degraded',
      message: 'BuildFailed',
    });
  });

  it('is Degraded when Ready=Unknown without Reconciling', () => {
    const waiting = withConditions([
      { type: 'Ready', status: 'Unknown', reason: 'Progressing' },
    ]);
    expect(fluxKustomizationHealth(waiting)).toEqual({
      status: 'Degraded',
      message: 'Progressing',
    });
  });

  it('is Degraded with no message when there is no Ready condition', () => {
    expect(fluxKustomizationHealth(withConditions([reconciling]))).toEqual({
      status: 'Degraded',
      message: '',
    });
    expect(fluxKustomizationHealth(withConditions([]))).toEqual({
      status: 'Degraded',
      message: '',
    });
  });

  it('is Progressing "Status unknown" without status or conditions', () => {
    const unknown = { status: 'Progressing', message: 'Status unknown' };
    expect(
      fluxKustomizationHealth(withPatch(fluxKustomization, { status: null })),
    ).toEqual(unknown);
    expect(fluxKustomizationHealth(withConditions(null))).toEqual(unknown);
  });
});
