import { readinessWait } from './readinessWait';

describe('readinessWait', () => {
  const spec = { progressDeadlineSeconds: 60 };
  const start = new Date('2030-01-01T00:00:00.000Z');
  const later = (ms: number) => new Date(start.getTime() + ms);

  it('starts the wait the first time it is seen', () => {
    expect(readinessWait({}, start, spec)).toEqual({
      waitingSince: start.toISOString(),
      expired: false,
    });
  });

  it('expires strictly after progressDeadlineSeconds of the same wait', () => {
    const waiting = { waitingSince: start.toISOString() };
    expect(readinessWait(waiting, later(60_000), spec).expired).toBe(false);
    expect(readinessWait(waiting, later(60_001), spec)).toEqual({
      waitingSince: start.toISOString(),
      expired: true,
    });
  });
});
