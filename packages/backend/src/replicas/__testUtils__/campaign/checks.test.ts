import type { AuditedWrite } from '@internal/test-env';
import type { RolloutEvent, RolloutRun } from '@slipway/plugin-gitops-common';
import { fleetApps } from '../fleet';
import {
  appliedExactlyOnce,
  changesWithoutRun,
  eventOutline,
  interruptedWithoutReason,
  lostRuns,
  metricWarnings,
  rolloutCommitFindings,
  RunRow,
  runningRuns,
  syncApplies,
} from './checks';

const [plain, other] = fleetApps({
  apps: 2,
  canaries: 0,
  namespace: 'ns',
  repoUrl: 'http://git.invalid/fleet.git',
});

const write = (overrides: Partial<AuditedWrite>): AuditedWrite => ({
  verb: 'patch',
  resource: 'configmaps',
  group: '',
  namespace: 'ns',
  name: 'app-000-0',
  user: 'slipway-admin',
  userAgent: 'node',
  fieldManager: 'slipway',
  dryRun: false,
  code: 200,
  at: new Date(0),
  ...overrides,
});

/** Every object of the plain app applied once. */
const appliedOnce = () => [
  write({ resource: 'serviceaccounts', name: 'app-000' }),
  ...[0, 1, 2, 3].map(i => write({ name: `app-000-${i}` })),
];

const run = (overrides: Partial<RunRow>): RunRow => ({
  id: 1,
  appKey: 'component:default/app-000@local',
  result: 'Succeeded',
  revision: 'a'.repeat(40),
  startedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

describe('syncApplies and appliedExactlyOnce', () => {
  it('pass when each object of a changed app was applied once and nothing of an unchanged one', () => {
    const applies = syncApplies(appliedOnce(), 'ns');
    expect(appliedExactlyOnce(applies, [plain], [other])).toEqual([]);
  });

  it('name an object applied twice, one never applied and an unchanged app applied', () => {
    const writes = [
      ...appliedOnce().filter(w => w.name !== 'app-000-3'),
      write({ name: 'app-000-0' }),
      write({ name: 'app-001-2' }),
    ];
    expect(
      appliedExactlyOnce(syncApplies(writes, 'ns'), [plain], [other]),
    ).toEqual([
      'configmaps/app-000-0 of app-000 applied 2 times, expected 1',
      'configmaps/app-000-3 of app-000 applied 0 times, expected 1',
      'configmaps/app-001-2 of app-001 applied 1 times, expected 0',
    ]);
  });

  it('leave out dry runs, refused writes, other field managers and other namespaces', () => {
    const writes = [
      ...appliedOnce(),
      write({ dryRun: true }),
      write({ code: 409 }),
      write({ fieldManager: 'slipway-rollouts' }),
      write({ namespace: 'elsewhere' }),
    ];
    expect(appliedExactlyOnce(syncApplies(writes, 'ns'), [plain], [])).toEqual(
      [],
    );
  });
});

describe('run checks', () => {
  it('runningRuns names runs still Running', () => {
    expect(
      runningRuns([run({ id: 1 }), run({ id: 2, result: 'Running' })]),
    ).toEqual([
      'run 2 of component:default/app-000@local is still Running (since 2026-01-01T00:00:00Z)',
    ]);
  });

  it('interruptedWithoutReason accepts a message naming a killed replica or saying it stopped', () => {
    const runs = [
      run({
        id: 1,
        result: 'Interrupted',
        message: 'Interrupted: backend vm-4242-ab12cd stopped',
      }),
      run({
        id: 2,
        result: 'Interrupted',
        message: 'owner vm-4242-ab12cd gone',
      }),
      run({ id: 3, result: 'Interrupted', message: 'Interrupted' }),
      run({ id: 4, result: 'Failed', message: 'Interrupted' }),
    ];
    expect(interruptedWithoutReason(runs, [4242])).toEqual([
      'run 3 of component:default/app-000@local is Interrupted without naming the stopped replica: Interrupted',
    ]);
  });

  it('lostRuns names rows gone and finished rows whose result changed; a Running row may finish', () => {
    const before = [
      run({ id: 1 }),
      run({ id: 2, result: 'Running' }),
      run({ id: 3, result: 'Interrupted' }),
    ];
    const after = [
      run({ id: 2, result: 'Interrupted' }),
      run({ id: 3, result: 'Succeeded' }),
    ];
    expect(lostRuns(before, after)).toEqual([
      'run 1 of component:default/app-000@local (Succeeded) is gone from History',
      'run 3 of component:default/app-000@local changed from Interrupted to Succeeded',
    ]);
  });

  it('changesWithoutRun names a change no run recorded', () => {
    const sha = 'b'.repeat(40);
    expect(
      changesWithoutRun(
        [run({ revision: sha })],
        [
          { appKey: 'component:default/app-000@local', sha },
          { appKey: 'component:default/app-001@local', sha },
        ],
      ),
    ).toEqual(['component:default/app-001@local has no run at bbbbbbb']);
  });
});

describe('rollout checks', () => {
  const event = (message: string, type: RolloutEvent['type'] = 'Normal') =>
    ({
      id: 1,
      type,
      message,
      phase: 'Progressing',
      canaryWeight: 0,
      at: '',
    } as RolloutEvent);

  it('eventOutline names no app and leaves waits and metric warnings out, not a rollback', () => {
    expect(
      eventOutline(
        [
          event('New revision detected! Scaling up app-007.ns'),
          event(
            'canary deployment app-007.ns not ready: waiting for rollout to finish',
          ),
          event('Advance app-007.ns canary weight 10'),
          event(
            'Halt advancement no values found for istio metric request-success-rate',
            'Warning',
          ),
          event(
            'Metric query failed for request-success-rate: timeout',
            'Warning',
          ),
          event('Copying app-007.ns template spec to app-007-primary.ns'),
          event(
            'Rolling back app-007.ns failed checks threshold reached 5',
            'Warning',
          ),
        ],
        'app-007',
      ),
    ).toEqual([
      'Normal New revision detected! Scaling up <app>.ns',
      'Normal Advance <app>.ns canary weight 10',
      'Normal Copying <app>.ns template spec to <app>-primary.ns',
      'Warning Rolling back <app>.ns failed checks threshold reached 5',
    ]);
  });

  it('metricWarnings counts what the outline leaves out of the analysis', () => {
    expect(
      metricWarnings([
        event('Halt advancement no values found', 'Warning'),
        event(
          'Metric query failed for request-success-rate: timeout',
          'Warning',
        ),
        event('Advance app-007.ns canary weight 10'),
      ]),
    ).toBe(2);
  });

  it('rolloutCommitFindings names a run that records another commit than the release', () => {
    const sha = 'c'.repeat(40);
    const runOf = (commit: string) => ({ id: 9, commit } as RolloutRun);
    expect(
      rolloutCommitFindings(
        [
          { app: plain, run: runOf(sha) },
          { app: other, run: runOf('d'.repeat(40)) },
        ],
        sha,
      ),
    ).toEqual([
      'rollout run 9 of app-001 records commit ddddddd, but ccccccc released it',
    ]);
  });
});
