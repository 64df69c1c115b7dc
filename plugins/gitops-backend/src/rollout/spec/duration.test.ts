import {
  formatDuration,
  parseGoDuration,
  parsePauseDuration,
} from './duration';

describe('parseGoDuration', () => {
  it.each([
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['10s', 10_000],
    ['0', 0],
    ['-1m', -60_000],
    ['1500us', 1.5],
    ['.5s', 500],
  ])('parses %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '10', '1x', 'm', '1m 30s', '1d', 'abc', '1m30', '-'])(
    'rejects %j',
    text => {
      expect(parseGoDuration(text)).toBeUndefined();
    },
  );
});

describe('parsePauseDuration', () => {
  it('reads unitless values as seconds, like Argo Rollouts', () => {
    expect(parsePauseDuration(10)).toBe(10_000);
    expect(parsePauseDuration('10')).toBe(10_000);
    expect(parsePauseDuration('10s')).toBe(10_000);
    expect(parsePauseDuration('10m')).toBe(600_000);
    expect(parsePauseDuration('10h')).toBe(36_000_000);
  });

  it('rejects negative, fractional and malformed values', () => {
    expect(parsePauseDuration(-1)).toBeUndefined();
    expect(parsePauseDuration(1.5)).toBeUndefined();
    expect(parsePauseDuration('-1m')).toBeUndefined();
    expect(parsePauseDuration('ten')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('prints like Go', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(60_000)).toBe('1m0s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_000)).toBe('1h0m0s');
  });
});
