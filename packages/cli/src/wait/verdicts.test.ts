import type { GitopsApp, RolloutSummary } from '@slipway/plugin-gitops-common';
import { judgeApp, judgeOperation, judgeRollouts } from './verdicts';

const app = (overrides: Partial<GitopsApp>): GitopsApp => ({
  key: 'component:default/web@prod',
  entityRef: 'component:default/web',
  cluster: 'prod',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  revision: 'abcdef1234567890',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const rollout = (
  phase?: string,
  updatedAt = '2026-01-01T00:01:00Z',
  errors: string[] = [],
): RolloutSummary => ({
  name: 'web',
  kind: 'Canary',
  errors,
  warnings: [],
  status: phase
    ? ({
        phase,
        canaryWeight: phase === 'Progressing' ? 30 : 0,
        failedChecks: 0,
        threshold: 2,
        iterations: 0,
        stepIndex: 0,
        message:
          phase === 'Failed' ? 'Canary failed! Scaling down web.prod' : '',
        lastTransitionAt: updatedAt,
        updatedAt,
      } as RolloutSummary['status'])
    : undefined,
});

describe('judgeOperation', () => {
  it('waits while pending or running, and fails with the message otherwise', () => {
    const op = {
      id: 7,
      appKey: 'k',
      action: 'sync',
      request: {},
      createdAt: '',
    } as const;
    expect(judgeOperation({ ...op, status: 'Running' }).state).toBe('pending');
    expect(judgeOperation({ ...op, status: 'Succeeded' }).state).toBe('done');
    expect(
      judgeOperation({ ...op, status: 'Failed', message: 'apply failed' }),
    ).toEqual({
      state: 'failed',
      seen: 'operation 7 (sync) Failed',
      message: 'operation 7 (sync) Failed: apply failed',
    });
  });
});

describe('judgeApp', () => {
  it('is done when Synced and Healthy, at the awaited commit when one is', () => {
    expect(judgeApp({ app: app({}), resources: [] })).toEqual({
      state: 'done',
      seen: 'Synced/Healthy at abcdef1',
    });
    expect(judgeApp({ app: app({}), resources: [] }, 'abcdef')).toMatchObject({
      state: 'done',
    });
    expect(judgeApp({ app: app({}), resources: [] }, '1234567')).toEqual({
      state: 'pending',
      seen: 'Synced/Healthy at abcdef1, waiting for revision 1234567',
    });
  });

  it('waits through OutOfSync and Progressing', () => {
    expect(
      judgeApp({
        app: app({ syncStatus: 'OutOfSync', healthStatus: 'Missing' }),
        resources: [],
      }).state,
    ).toBe('pending');
    expect(
      judgeApp({ app: app({ healthStatus: 'Progressing' }), resources: [] })
        .state,
    ).toBe('pending');
  });

  it('fails at once on Invalid, on Degraded naming the degraded objects, and on a failed last run', () => {
    expect(
      judgeApp({
        app: app({
          syncStatus: 'Invalid',
          message: 'slipway.dev/project is required',
        }),
        resources: [],
      }),
    ).toMatchObject({
      state: 'failed',
      message:
        'component:default/web@prod is Invalid: slipway.dev/project is required',
    });
    expect(
      judgeApp({
        app: app({ healthStatus: 'Degraded' }),
        resources: [
          {
            id: 'apps/Deployment/prod/web',
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            healthStatus: 'Degraded',
            message: 'Progress deadline exceeded',
          },
          {
            id: '/ConfigMap/prod/c',
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'c',
            healthStatus: 'Healthy',
          },
        ],
      }),
    ).toMatchObject({
      state: 'failed',
      message:
        'component:default/web@prod is Degraded (Deployment web: Progress deadline exceeded)',
    });
    expect(
      judgeApp({
        app: app({
          syncStatus: 'OutOfSync',
          lastRunResult: 'Failed',
          message: 'apply refused',
        }),
        resources: [],
      }),
    ).toMatchObject({
      state: 'failed',
      message:
        "component:default/web@prod's last sync run Failed: apply refused",
    });
  });

  it('does not fail on Degraded before the awaited commit arrives', () => {
    expect(
      judgeApp(
        { app: app({ healthStatus: 'Degraded' }), resources: [] },
        'fedcba9',
      ).state,
    ).toBe('pending');
  });
});

describe('judgeRollouts', () => {
  const syncedAt = Date.parse('2026-01-01T00:00:00Z');

  it('is done without rollouts, and when each settled in a tick after the sync', () => {
    expect(judgeRollouts([], syncedAt)).toEqual({
      state: 'done',
      seen: 'no rollouts',
    });
    expect(judgeRollouts([rollout('Succeeded')], syncedAt).state).toBe('done');
    expect(judgeRollouts([rollout('Initialized')], syncedAt).state).toBe(
      'done',
    );
  });

  it('waits while a rollout moves, has no state yet, or settled before the sync could reach it', () => {
    expect(judgeRollouts([rollout('Progressing')], syncedAt)).toEqual({
      state: 'pending',
      seen: 'rollout web Progressing at 30%',
    });
    expect(judgeRollouts([rollout()], syncedAt).seen).toBe(
      'rollout web not started',
    );
    expect(
      judgeRollouts([rollout('Succeeded', '2026-01-01T00:00:01Z')], syncedAt),
    ).toEqual({
      state: 'pending',
      seen: 'rollout web Succeeded, waiting for a tick after the sync',
    });
  });

  it('fails on a Failed rollout and on an invalid document', () => {
    expect(judgeRollouts([rollout('Failed')], syncedAt)).toEqual({
      state: 'failed',
      seen: 'rollout web Failed',
      message: 'rollout web Failed: Canary failed! Scaling down web.prod',
      rollout: 'web',
    });
    expect(
      judgeRollouts(
        [rollout(undefined, undefined, ['spec.service: Required'])],
        syncedAt,
      ),
    ).toMatchObject({
      state: 'failed',
      message: 'rollout web is invalid: spec.service: Required',
    });
  });
});
