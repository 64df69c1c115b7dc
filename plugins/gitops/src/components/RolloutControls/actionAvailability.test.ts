import { RolloutAction, RolloutStatus } from '@slipway/plugin-gitops-common';
import { progressingStatus } from '../../testing/fixtures';
import {
  argoDegradedStatus,
  argoHealthyRollout,
  argoPausedStatus,
} from '../ArgoRollout/__testUtils__/argoFixtures';
import { whyNotApplicable } from './actionAvailability';

const ACTIONS: RolloutAction[] = [
  'promote',
  'promote-full',
  'abort',
  'retry',
  'pause',
  'resume',
];
const applicable = (status?: RolloutStatus) =>
  ACTIONS.filter(a => !whyNotApplicable(a, status));

describe('whyNotApplicable', () => {
  it('offers promote, abort and pause while a canary progresses', () => {
    expect(applicable(progressingStatus)).toEqual([
      'promote',
      'promote-full',
      'abort',
      'pause',
    ]);
  });

  it('offers resume instead of pause once manually paused', () => {
    const paused: RolloutStatus = {
      ...progressingStatus,
      phase: 'Waiting',
      pause: { reason: 'manual pause', startedAt: '2026-11-23T10:05:00.000Z' },
    };
    expect(applicable(paused)).toEqual([
      'promote',
      'promote-full',
      'abort',
      'resume',
    ]);
  });

  it('lets a revision held at the start gate be promoted but not aborted', () => {
    const gated: RolloutStatus = {
      ...progressingStatus,
      phase: 'Waiting',
      pause: { reason: 'approval', startedAt: '2026-11-23T10:05:00.000Z' },
    };
    expect(applicable(gated)).toEqual(['promote', 'promote-full']);
    expect(whyNotApplicable('abort', gated)).toBe(
      'It is Waiting, with no run to abort',
    );
  });

  it('offers promotion while waiting for promotion approval', () => {
    expect(
      applicable({ ...progressingStatus, phase: 'WaitingPromotion' }),
    ).toEqual(['promote', 'promote-full', 'abort', 'pause']);
  });

  it('offers nothing while promoting', () => {
    const status = { ...progressingStatus, phase: 'Promoting' as const };
    expect(applicable(status)).toEqual([]);
    expect(whyNotApplicable('abort', status)).toBe(
      'Its promotion is already under way',
    );
  });

  it('offers only retry after a failure', () => {
    expect(
      applicable({ ...progressingStatus, phase: 'Failed', canaryWeight: 0 }),
    ).toEqual(['retry']);
    expect(
      whyNotApplicable('retry', { ...progressingStatus, phase: 'Succeeded' }),
    ).toBe('Only a Failed rollout can be retried; it is Succeeded');
  });

  it('offers nothing before the engine has initialised the rollout', () => {
    expect(applicable(undefined)).toEqual([]);
  });

  describe('an Argo Rollout', () => {
    it('offers promote, abort and pause while paused at a step', () => {
      expect(applicable(argoPausedStatus)).toEqual([
        'promote',
        'promote-full',
        'abort',
        'pause',
      ]);
      expect(whyNotApplicable('retry', argoPausedStatus)).toBe(
        'Only an aborted rollout can be retried',
      );
      expect(whyNotApplicable('resume', argoPausedStatus)).toBe(
        'Only a rollout a user paused can be resumed; it waits for CanaryPauseStep: Promote moves it on',
      );
    });

    it('offers resume instead of pause once a user paused it, also at a pause step', () => {
      const paused: RolloutStatus = {
        ...argoPausedStatus,
        argo: { ...argoPausedStatus.argo!, pausedByUser: true },
      };
      expect(applicable(paused)).toEqual([
        'promote',
        'promote-full',
        'abort',
        'resume',
      ]);
      expect(whyNotApplicable('pause', paused)).toBe('It is already paused');
    });

    it('offers retry and promotion, not abort, once aborted', () => {
      expect(applicable(argoDegradedStatus)).toEqual([
        'promote',
        'promote-full',
        'retry',
        'pause',
      ]);
      expect(whyNotApplicable('abort', argoDegradedStatus)).toBe(
        'It is already aborted',
      );
      expect(whyNotApplicable('resume', argoDegradedStatus)).toBe(
        'Only a rollout a user paused can be resumed',
      );
    });

    it('offers only pause once fully promoted', () => {
      const healthy = argoHealthyRollout.status!;
      expect(applicable(healthy)).toEqual(['pause']);
      expect(whyNotApplicable('promote', healthy)).toBe(
        'It is fully promoted: revision bbb is stable, with no update to promote',
      );
      expect(whyNotApplicable('abort', healthy)).toBe(
        'It is fully promoted: revision bbb is stable, with no update to abort',
      );
    });
  });
});
