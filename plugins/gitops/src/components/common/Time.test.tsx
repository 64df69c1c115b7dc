import { render, screen } from '@testing-library/react';
import { formatTime } from './formatTime';
import { Time } from './Time';

describe('Time', () => {
  it('shows a recent moment with how long ago it was, the ISO time on hover', () => {
    const at = new Date(Date.now() - 3 * 60 * 1000).toISOString();
    render(<Time at={at} />);
    const time = screen.getByText(/ago\)$/);
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', at);
    expect(time).toHaveAttribute('title', at);
    expect(time.textContent?.startsWith(`${formatTime(at)} (`)).toBe(true);
    // "Now" moves in 15 s ticks, so three minutes may still read as two.
    expect(time.textContent).toMatch(/ \((2|3) min ago\)$/);
  });

  it('shows an older moment by its date alone', () => {
    const at = '2020-02-29T12:00:00.000Z';
    const { container } = render(<Time at={at} />);
    const time = container.querySelector('time')!;
    expect(time.textContent).toBe(formatTime(at));
    expect(time).toHaveAttribute('title', at);
  });
});
