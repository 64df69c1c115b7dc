import { HEALTH_ORDER, isWorseHealth } from './order';

describe('isWorseHealth', () => {
  it('follows Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
    expect(HEALTH_ORDER).toEqual([
      'Healthy',
      'Suspended',
      'Progressing',
      'Missing',
      'Degraded',
      'Unknown',
    ]);
    for (let i = 0; i + 1 < HEALTH_ORDER.length; i++) {
      expect(isWorseHealth(HEALTH_ORDER[i], HEALTH_ORDER[i + 1])).toBe(true);
      expect(isWorseHealth(HEALTH_ORDER[i + 1], HEALTH_ORDER[i])).toBe(false);
    }
    expect(isWorseHealth('Degraded', 'Degraded')).toBe(false);
  });
});
