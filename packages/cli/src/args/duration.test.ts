import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['1.5', 1500],
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '5 m', '5d', 'm5', '1h-30m', '-5s'])(
    'refuses %j',
    text => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [3000, '3s'],
    [90_000, '1m30s'],
    [300_000, '5m'],
    [3_600_000, '1h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
