import { describeAutoSync } from './autoSync';

const sha = '3f2c1e9a7b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b';

describe('describeAutoSync', () => {
  it('says off for the manual policy, pinned or not', () => {
    expect(describeAutoSync('manual')).toBe('off (manual sync policy)');
    expect(describeAutoSync('manual', sha)).toBe('off (manual sync policy)');
  });

  it('says on for the auto policy, paused while pinned', () => {
    expect(describeAutoSync('auto')).toBe('on');
    expect(describeAutoSync('auto', sha)).toBe(
      'paused (pinned at 3f2c1e9a7b5d)',
    );
  });

  it('does not guess a policy the backend did not send', () => {
    expect(describeAutoSync(undefined)).toBe('unknown');
  });
});
