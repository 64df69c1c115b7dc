import { webhookChecksum } from './checksum';

describe('webhookChecksum', () => {
  it('is a stable hex hash of the spec hash and the tracked configs', () => {
    const a = webhookChecksum({
      lastAppliedSpec: '5d8f9c7b6',
      trackedConfigs: { 'configmap/app': 'aa', 'secret/db': 'bb' },
    });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(
      webhookChecksum({
        lastAppliedSpec: '5d8f9c7b6',
        trackedConfigs: { 'secret/db': 'bb', 'configmap/app': 'aa' },
      }),
    ).toBe(a);
  });

  it('changes with the spec hash or any tracked config', () => {
    const base = {
      lastAppliedSpec: 'h1',
      trackedConfigs: { 'configmap/app': 'aa' },
    };
    const checksum = webhookChecksum(base);
    expect(webhookChecksum({ ...base, lastAppliedSpec: 'h2' })).not.toBe(
      checksum,
    );
    expect(
      webhookChecksum({ ...base, trackedConfigs: { 'configmap/app': 'ab' } }),
    ).not.toBe(checksum);
    expect(webhookChecksum({ ...base, trackedConfigs: {} })).not.toBe(checksum);
    expect(webhookChecksum({})).toBe(webhookChecksum({ trackedConfigs: {} }));
  });
});
