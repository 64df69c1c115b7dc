import { runState } from '../__testUtils__/runState';
import { analysisStage } from './analyse';
import { verdictOf } from './verdict';

describe('analysisStage', () => {
  it('runs the pre-rollout hooks at weight 0, once per run', () => {
    expect(analysisStage(runState({ preRolloutDone: false }))).toBe(
      'pre-rollout',
    );
    expect(analysisStage(runState({ preRolloutDone: true }))).toBe('none');
  });

  it('runs the checks once traffic, a mirror or an iteration reaches the canary', () => {
    expect(analysisStage(runState({ canaryWeight: 10 }))).toBe('checks');
    expect(analysisStage(runState({ mirrored: true }))).toBe('checks');
    expect(analysisStage(runState({ iterations: 1 }))).toBe('checks');
  });
});

describe('verdictOf', () => {
  it('tells a pass, an undecided analysis and a failure apart', () => {
    expect(verdictOf({ passed: true, checks: [] })).toBe('passed');
    expect(verdictOf({ passed: false, inconclusive: true, checks: [] })).toBe(
      'inconclusive',
    );
    expect(verdictOf({ passed: false, checks: [] })).toBe('failed');
  });
});
