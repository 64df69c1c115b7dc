import { hashedSubsets, holdSubsetSwitch } from './istioDestinationRule';

const config = {
  name: 'web',
  canarySubsetName: 'canary',
  stableSubsetName: 'stable',
};

describe('hashedSubsets', () => {
  it('labels the canary and stable subsets, removes an empty hash, keeps other subsets', () => {
    const subsets = [
      {
        name: 'stable',
        labels: { app: 'web', 'rollouts-pod-template-hash': 'old' },
      },
      { name: 'canary' },
      { name: 'legacy', labels: { v: '0' } },
    ];
    expect(hashedSubsets(subsets, config, 'c1', '')).toEqual([
      { name: 'stable', labels: { app: 'web' } },
      { name: 'canary', labels: { 'rollouts-pod-template-hash': 'c1' } },
      { name: 'legacy', labels: { v: '0' } },
    ]);
    expect(subsets[0].labels!['rollouts-pod-template-hash']).toBe('old');
  });
});

describe('holdSubsetSwitch', () => {
  const hashes = { canaryHash: 'c', stableHash: 's' };
  const unavailable = [
    { podTemplateHash: 'c', replicas: 3, availableReplicas: 2 },
  ];

  it('holds only without services, while a scaled ReplicaSet taking traffic is not available', () => {
    const none = { canaryService: '', stableService: '' };
    expect(holdSubsetSwitch(none, unavailable, hashes)).toBe(true);
    expect(
      holdSubsetSwitch(
        { ...none, canaryService: 'web-canary' },
        unavailable,
        hashes,
      ),
    ).toBe(false);
    expect(
      holdSubsetSwitch(
        none,
        [{ podTemplateHash: 'old', replicas: 3, availableReplicas: 0 }],
        hashes,
      ),
    ).toBe(false);
    expect(
      holdSubsetSwitch(
        none,
        [{ podTemplateHash: 'c', replicas: 0, availableReplicas: 0 }],
        hashes,
      ),
    ).toBe(false);
    expect(holdSubsetSwitch(none, undefined, hashes)).toBe(false);
  });
});
