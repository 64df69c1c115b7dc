import {
  formatClock,
  formatRelative,
  formatTime,
  isoTime,
  isRecent,
} from './formatTime';

const at = '2026-11-23T10:02:03.000Z';
const ms = Date.parse(at);

describe('formatTime', () => {
  it('shows date and time of day to the second, in the given locale', () => {
    const text = formatTime(at, 'en-US');
    const local = new Date(ms);
    expect(text).toContain(String(local.getFullYear()));
    expect(text).toContain(local.toLocaleString('en-US', { month: 'short' }));
    expect(text).toMatch(
      new RegExp(`:${String(local.getSeconds()).padStart(2, '0')}\\b`),
    );
    // The same moment reads the same from an ISO string, a number or a Date.
    expect(formatTime(ms, 'en-US')).toBe(text);
    expect(formatTime(new Date(ms), 'en-US')).toBe(text);
  });

  it('shows an unreadable time as it was sent', () => {
    expect(formatTime('soon')).toBe('soon');
    expect(formatClock('soon')).toBe('soon');
    expect(isoTime('soon')).toBe('soon');
  });

  it('gives charts the time of day only', () => {
    expect(formatClock(at, 'en-US')).not.toContain('2026');
    expect(formatTime(at, 'en-US')).toContain(formatClock(at, 'en-US'));
  });

  it('gives the exact ISO time for titles', () => {
    expect(isoTime(ms)).toBe(at);
  });
});

describe('formatRelative', () => {
  const ago = (seconds: number) => formatRelative(ms - seconds * 1000, ms);

  it.each([
    [10, 'just now'],
    [-30, 'just now'],
    [50, '1 min ago'],
    [3 * 60 + 59, '3 min ago'],
    [59 * 60, '59 min ago'],
    [2 * 3600 + 1800, '2 h ago'],
    [26 * 3600, '1 day ago'],
    [5 * 86400, '5 days ago'],
    [-4 * 60, 'in 4 min'],
    [-3 * 3600, 'in 3 h'],
  ])('reads %i s before now as "%s"', (seconds, text) => {
    expect(ago(seconds)).toBe(text);
  });

  it('says a relative time helps within a day only', () => {
    expect(isRecent(ms - 23 * 3600 * 1000, ms)).toBe(true);
    expect(isRecent(ms + 3600 * 1000, ms)).toBe(true);
    expect(isRecent(ms - 25 * 3600 * 1000, ms)).toBe(false);
  });
});
